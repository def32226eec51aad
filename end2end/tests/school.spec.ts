import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { guardianMakesSchoolChoice } from './school-flow';
import { SCHOOL_PERIOD_URL } from './servers';

test.use({ baseURL: SCHOOL_PERIOD_URL });

test('by keyboard, in the application period: a guardian makes the school choice and signs it', async ({ page }) => {
  await guardianMakesSchoolChoice(page, expectAccessible);
});
