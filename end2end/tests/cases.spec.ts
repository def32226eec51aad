import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { wholeCase } from './case-flow';

test('a building-permit case from application to decision and appeal, with a resident and officers in their own browsers', async ({ browser }) => {
  // Six people, some forty pages, each scanned by axe: longer than one page's test.
  test.setTimeout(360_000);
  await wholeCase(browser, expectAccessible, true);
});
