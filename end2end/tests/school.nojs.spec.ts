import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { guardianMakesSchoolChoice } from './school-flow';
import { SCHOOL_PERIOD_URL } from './servers';

test.use({ baseURL: SCHOOL_PERIOD_URL });

test('without JavaScript, by keyboard, in the application period: a guardian makes the school choice', async ({ page }) => {
  await guardianMakesSchoolChoice(page, expectAccessibleWithoutJs);
});
