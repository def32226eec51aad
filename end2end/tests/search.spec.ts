import { test, expect } from '@playwright/test';
import { expectAccessible, gotoHydrated } from './helpers';

async function searchFromHome(page, query: string, lang = 'sv') {
  await gotoHydrated(page, `/?lang=${lang}`);
  await page.locator('#search-q').fill(query);
  await page.locator('#search-q').press('Enter');
  await page.waitForURL(/\/sok\?/);
  await page.waitForLoadState('networkidle');
}

const finds: [string, string, string][] = [
  ['bygglov', 'sv', '/tjanster/norrvik-bygglov'],
  ['bygglv', 'sv', '/tjanster/norrvik-bygglov'],
  ['förskla', 'sv', '/tjanster/norrvik-forskola'],
  ['preschool', 'en', '/tjanster/norrvik-forskola'],
];
for (const [query, lang, href] of finds) {
  test(`"${query}" (${lang}) finds ${href}`, async ({ page }) => {
    await searchFromHome(page, query, lang);
    await expect(page.locator(`[data-test=search-results] a[href="${href}"]`)).toBeVisible();
    await expect(page.locator('[data-test=result-count]')).toBeVisible();
    await expect(page.locator('#search-q')).toHaveValue(query);
    await expectAccessible(page);
  });
}

test('an empty query explains what to do', async ({ page }) => {
  await searchFromHome(page, '');
  await expect(page.locator('[data-test=empty-query]')).toBeVisible();
  await expectAccessible(page);
});

test('a query without hits says so and helps', async ({ page }) => {
  await searchFromHome(page, 'zzqqxx');
  await expect(page.locator('[data-test=no-results]')).toBeVisible();
  await expectAccessible(page);
});

for (const odd of ['<script>alert(1)</script>', "' OR 1=1 --", 'a'.repeat(500), '"*:()^']) {
  test(`odd input is handled: ${odd.slice(0, 20)}`, async ({ page }) => {
    let dialog = false;
    page.on('dialog', async (d) => { dialog = true; await d.dismiss(); });
    await gotoHydrated(page, '/');
    await page.locator('#search-q').fill(odd);
    const typed = await page.locator('#search-q').inputValue();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/sok')),
      page.locator('#search-q').press('Enter'),
    ]);
    expect(response.status()).toBe(200);
    await page.waitForLoadState('networkidle');
    await expect(page.locator('#search-q')).toHaveValue(typed);
    expect(dialog).toBe(false);
    await expectAccessible(page);
  });
}
