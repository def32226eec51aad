import { test } from '@playwright/test';
import { expectAccessible } from './helpers';
import { guardianApplies, otherGuardianApproves } from './consent-flow';

test('a guardian applies for preschool and the other guardian approves from My pages', async ({ page }) => {
  await guardianApplies(page, expectAccessible);
  await otherGuardianApproves(page, expectAccessible);
});
