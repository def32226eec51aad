import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { guardianChoosesWhomToActFor, refusedChoiceIsExplained } from './represent-flow';
import { signatoryAppliesForServingLicence } from './serving-flow';

test('without JavaScript: a guardian acts for her child, then her company, then herself', async ({ page }) => {
  await guardianChoosesWhomToActFor(page, expectAccessibleWithoutJs);
});

test('without JavaScript: a refused choice is explained with an error summary', async ({ page }) => {
  await refusedChoiceIsExplained(page, expectAccessibleWithoutJs);
});

test('without JavaScript, by keyboard: a signatory applies for a serving licence and signs it', async ({ page }) => {
  await signatoryAppliesForServingLicence(page, expectAccessibleWithoutJs);
});
