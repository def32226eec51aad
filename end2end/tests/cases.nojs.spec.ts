import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { wholeCase } from './case-flow';

test('without JavaScript: a case from submission to decision and appeal', async ({ browser }) => {
  await wholeCase(browser, expectAccessibleWithoutJs, false);
});
