import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { guardianApplies, otherGuardianApproves } from './consent-flow';

test('without JavaScript: a guardian applies for preschool and the other guardian approves', async ({ page }) => {
  await guardianApplies(page, expectAccessibleWithoutJs);
  await otherGuardianApproves(page, expectAccessibleWithoutJs);
});
