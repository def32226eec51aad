import { test, expect } from '@playwright/test';
import { gotoHydrated } from './helpers';

test('a keyboard-only user reaches a service page from the home page', async ({ page }) => {
  await gotoHydrated(page, '/');
  await page.keyboard.press('Tab');
  await expect(page.locator('a.skip-link')).toBeFocused();
  const focusVisible = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
  });
  expect(focusVisible).toBe(true);

  for (let i = 0; i < 30 && !(await page.locator('#search-q').evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(page.locator('#search-q')).toBeFocused();
  await page.keyboard.type('bygglov');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/sok\?q=bygglov/);
  await page.waitForLoadState('networkidle');

  const isServiceLink = () => page.evaluate(() => document.activeElement?.getAttribute('data-test') === 'service-link');
  for (let i = 0; i < 40 && !(await isServiceLink()); i++) await page.keyboard.press('Tab');
  expect(await isServiceLink()).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/tjanster\//);
  await expect(page.locator('h1')).toBeVisible();
});
