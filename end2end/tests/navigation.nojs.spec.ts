import { test, expect } from '@playwright/test';
import { expectAccessibleWithoutJs as expectAccessible, expectPageFrame } from './helpers';

test('without JavaScript: search from the home page', async ({ page }) => {
  await page.goto('/');
  await expectPageFrame(page);
  await page.locator('#search-q').fill('bygglov');
  await page.locator('[data-test=search-submit]').click();
  await page.waitForURL(/\/sok\?q=bygglov/);
  await expect(page.locator('[data-test=search-results] a[href="/tjanster/norrvik-bygglov"]')).toBeVisible();
  await expectAccessible(page);
});

test('without JavaScript: home → life event → service', async ({ page }) => {
  await page.goto('/');
  await page.locator('a[data-test=life-event-link][href="/livshandelser/bygga"]').click();
  await page.waitForURL(/\/livshandelser\/bygga/);
  await expectPageFrame(page);
  await expectAccessible(page);
  await page.locator('a[data-test=service-link]').first().click();
  await page.waitForURL(/\/tjanster\//);
  await expectPageFrame(page);
  await expect(page.locator('[data-test=call-to-action]')).toBeVisible();
  await expectAccessible(page);
});

test('without JavaScript: the language switch works', async ({ page }) => {
  await page.goto('/organisationer');
  await page.locator('[data-test=lang-switch]').click();
  await page.waitForURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Organisations');
  await expectAccessible(page);
});
