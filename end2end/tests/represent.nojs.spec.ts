import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { guardianChoosesWhomToActFor, refusedChoiceIsExplained } from './represent-flow';

test('without JavaScript: a guardian acts for her child, then her company, then herself', async ({ page }) => {
  await guardianChoosesWhomToActFor(page, expectAccessibleWithoutJs);
});

test('without JavaScript: a refused choice is explained with an error summary', async ({ page }) => {
  await refusedChoiceIsExplained(page, expectAccessibleWithoutJs);
});
