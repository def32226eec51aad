import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) and fails with a readable list of violations. */
export async function checkA11y(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) =>
    `${page.url()}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function expectAccessible(page: Page) {
  expect(await checkA11y(page)).toEqual([]);
}

/** Loads a page and waits for hydration to finish before anyone clicks. */
export async function gotoHydrated(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForLoadState('networkidle');
  return response;
}

/** The frame every page must have. */
export async function expectPageFrame(page: Page) {
  await expect(page.locator('h1')).toHaveCount(1);
  await expect(page.locator('main#main')).toHaveCount(1);
  await expect(page.locator('a.skip-link[href="#main"]')).toHaveCount(1);
  await expect(page.locator('[data-test=footer-accessibility]')).toHaveCount(1);
}

/**
 * axe needs JavaScript in the page, so for the JavaScript-off project the same URL is scanned
 * in a second context with scripting on but the application's own scripts blocked: the page
 * axe sees is exactly the server-rendered one the JavaScript-off visitor gets.
 */
export async function expectAccessibleWithoutJs(page: Page) {
  const browser = page.context().browser()!;
  const context = await browser.newContext({ javaScriptEnabled: true });
  // The same session, so a form step shows the same answers and errors.
  await context.addCookies(await page.context().cookies());
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  const scan = await context.newPage();
  await scan.goto(page.url());
  const violations = await checkA11y(scan);
  await context.close();
  expect(violations).toEqual([]);
}
