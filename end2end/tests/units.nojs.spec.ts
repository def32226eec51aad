import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { filterPickAndCompare, tooFewAndTooMany, unitPageAndEnglish } from './units-flow';

test('without JavaScript: units filtered, two picked and compared side by side', async ({ page }) => {
  await filterPickAndCompare(page, expectAccessibleWithoutJs);
});

test('without JavaScript: one or five chosen get the error summary, the choice kept', async ({ page }) => {
  await tooFewAndTooMany(page, expectAccessibleWithoutJs);
});

test("without JavaScript: a unit's page, in Swedish and English", async ({ page }) => {
  await unitPageAndEnglish(page, expectAccessibleWithoutJs);
});
