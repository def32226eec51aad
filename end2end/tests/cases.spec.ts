import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { wholeCase } from './case-flow';

test('a case from submission to decision and appeal, with a resident and officers in their own browsers', async ({ browser }) => {
  await wholeCase(browser, expectAccessible, true);
});
