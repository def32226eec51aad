import { test, expect } from '@playwright/test';
import { expectAccessible, hydrated } from './helpers';
import { artsSchool, documentRequest, faultReport, feedback, printView, signedInDraft } from './form-flows';

// With JavaScript the same rules run in the browser: errors appear without a round trip.
test('fault report, by keyboard, with every error its steps can give', async ({ page }) => {
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/formular/')) posts.push(r.url()); });
  await faultReport(page, expectAccessible);
  // Many error states were shown, but only valid steps were posted: 3 steps, a change and the send.
  expect(posts.length).toBe(5);
});

test('feedback and complaint', async ({ page }) => {
  await feedback(page, expectAccessible);
});

test('request for public documents', async ({ page }) => {
  await documentRequest(page, expectAccessible);
});

test('arts school registration with a repeating group', async ({ page }) => {
  await artsSchool(page, expectAccessible);
});

test('a signed-in draft, found and deleted in My pages', async ({ page }) => {
  await signedInDraft(page, expectAccessible);
});

test('printable form', async ({ page }) => {
  await printView(page, expectAccessible);
});

test('conditional questions are revealed in place', async ({ page }) => {
  await page.goto('/formular/norrvik-felanmalan');
  await hydrated(page);
  await page.goto('/formular/norrvik-felanmalan/vad');
  await hydrated(page);
  await expect(page.locator('[data-test=question-antal_lampor]')).toBeHidden();
  await page.locator('#f-kategori-belysning').check();
  await expect(page.locator('[data-test=question-antal_lampor]')).toBeVisible();
  await page.locator('#f-kategori-hal').check();
  await expect(page.locator('[data-test=question-antal_lampor]')).toBeHidden();
});
