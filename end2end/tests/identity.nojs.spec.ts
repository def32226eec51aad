import { test, expect } from '@playwright/test';
import { expectAccessibleWithoutJs as expectAccessible } from './helpers';

// The same sign-in without JavaScript: every step is a link, a form post or a redirect.
test('without JavaScript: sign in with an e-ID, see My pages and sign out', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-test=sign-in-link]').click();
  await page.waitForURL(/\/logga-in$/);
  await expectAccessible(page);
  await page.locator('[data-test=sign-in-broker]').click();
  await page.waitForURL(/127\.0\.0\.1:3202\/interaction\//);
  await page.locator('[data-test=person-lisa]').check();
  await page.locator('[data-test=sign-in]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=my-pages-name]')).toHaveText('Lisa Lindqvist');
  await expectAccessible(page);
  await page.locator('[data-test=my-data-link]').click();
  await page.waitForURL(/\/mina-sidor\/mina-uppgifter$/);
  await expect(page.locator('[data-test=my-data-person]')).toContainText('20170101-2393');
  await expectAccessible(page);
  await page.locator('[data-test=sign-out]').click();
  await page.waitForURL(/127\.0\.0\.1:3202\//);
  await page.locator('[data-test=confirm-logout]').click();
  await page.waitForURL(/\/utloggad$/);
  await expect(page.locator('[data-test=signed-out]')).toBeVisible();
  await expectAccessible(page);
  // A signed form's step opened while signed out: its start page, which says to sign in first.
  await page.goto('/formular/norrvik-bygglov/atgard');
  await page.waitForURL(/\/formular\/norrvik-bygglov$/);
  await expect(page.locator('[data-test=form-sign-in-first]')).toBeVisible();
  await expectAccessible(page);
});
