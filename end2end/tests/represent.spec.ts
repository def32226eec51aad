import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { guardianChoosesWhomToActFor, refusedChoiceIsExplained } from './represent-flow';
import { signatoryAppliesForServingLicence } from './serving-flow';

test('a guardian acts for her child, then her company, then herself', async ({ page }) => {
  await guardianChoosesWhomToActFor(page, expectAccessible);
});

test('a refused choice is explained with an error summary', async ({ page }) => {
  await refusedChoiceIsExplained(page, expectAccessible);
});

test('by keyboard: a signatory applies for a serving licence for her company and signs it', async ({ page }) => {
  await signatoryAppliesForServingLicence(page, expectAccessible);
});
