import { test } from '@playwright/test';
import { expectAccessible, hydrated } from './helpers';
import { filterPickAndCompare, tooFewAndTooMany, unitPageAndEnglish } from './units-flow';

test('units: filter, pick two and compare them side by side', async ({ page }) => {
  await filterPickAndCompare(page, expectAccessible);
});

test('units: one or five chosen get the error summary, the choice kept', async ({ page }) => {
  await tooFewAndTooMany(page, expectAccessible);
});

test("units: a unit's page, in Swedish and English", async ({ page }) => {
  await unitPageAndEnglish(page, expectAccessible);
});

test('units pages load no WebAssembly', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(request.url()); });
  for (const url of ['/enheter', '/enheter?typ=skola', '/enheter/jamfor?enhet=norrvik-tonen&enhet=norrvik-hamnskolan', '/enheter/norrvik-tonen']) {
    await page.goto(url);
    await hydrated(page);
  }
  test.expect(wasm).toEqual([]);
});
