import { expect, Page } from '@playwright/test';
import type { Scan } from './keyboard';

// Acting for someone, walked with JavaScript on (represent.spec.ts) and off
// (represent.nojs.spec.ts): every page visited is scanned with `scan`.

/** Anna Berg signs in (demo), tries to act for a child that is not hers in a way a page cannot
 * offer, then chooses her daughter Maja: the header says so on every page; then her company;
 * then herself again. */
export async function guardianChoosesWhomToActFor(page: Page, scan: Scan) {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-anna]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await page.locator('[data-test=represent-link]').click();
  await page.waitForURL(/\/mina-sidor\/foretrada$/);
  await expect(page.locator('h1')).toHaveText('Vem företräder du?');
  await expect(page.locator('[data-test=represent-myself]')).toBeChecked();
  await expect(page.getByText('Maja Berg')).toBeVisible();
  await expect(page.getByText('Strandkiosken Norrvik AB')).toBeVisible();
  await scan(page);

  await page.getByLabel('Maja Berg').check();
  await page.locator('[data-test=represent-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=acting-for]')).toHaveText('Företräder: Maja Berg');
  await scan(page);
  await page.goto('/tjanster');
  await expect(page.locator('[data-test=acting-for]')).toHaveText('Företräder: Maja Berg');

  await page.locator('[data-test=acting-for-change]').click();
  await page.waitForURL(/\/mina-sidor\/foretrada$/);
  await expect(page.getByLabel('Maja Berg')).toBeChecked();
  await page.getByLabel('Strandkiosken Norrvik AB').check();
  await page.locator('[data-test=represent-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=acting-for]')).toHaveText('Företräder: Strandkiosken Norrvik AB');

  await page.locator('[data-test=acting-for-change]').click();
  await page.waitForURL(/\/mina-sidor\/foretrada$/);
  await page.locator('[data-test=represent-myself]').check();
  await page.locator('[data-test=represent-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=acting-for]')).toHaveCount(0);
}

/** A refused choice (the page after the server refused a number the registries do not give
 * Anna) shows the error summary and "Fel:" in the title. */
export async function refusedChoiceIsExplained(page: Page, scan: Scan) {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-anna]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await page.goto('/mina-sidor/foretrada?fel=1');
  await expect(page.locator('.error-summary')).toContainText('Välj dig själv, ett av dina barn');
  await expect(page).toHaveTitle(/^Fel: /);
  await scan(page);
}
