import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { wholeCase } from './case-flow';

test('without JavaScript: a building-permit case from application to decision and appeal', async ({ browser }) => {
  // Six people, some forty pages, each scanned by axe: longer than one page's test.
  test.setTimeout(360_000);
  await wholeCase(browser, expectAccessibleWithoutJs, false);
});
