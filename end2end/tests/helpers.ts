import { expect, Page, test } from '@playwright/test';
import * as fs from 'node:fs';

/** The WCAG levels every page is held to: 2.0, 2.1 and 2.2, A and AA. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page and fails with a readable list of violations. axe runs in the page
 * itself: @axe-core/playwright's builder gathers results frame by frame and finishes them in a
 * second, blank page, which made a scan three to four times slower for pages that have no frames
 * (none of the portal's do); the rules and their findings are the same.
 */
export async function checkA11y(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const axe = (window as any).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v: any) =>
      `${location.href}: ${v.id} (${v.impact}) ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  }, WCAG);
}

export async function expectAccessible(page: Page) {
  expect(await checkA11y(page)).toEqual([]);
}

/** Loads a page and waits for hydration to finish before anyone clicks. */
export async function gotoHydrated(page: Page, url: string) {
  const response = await page.goto(url);
  await hydrated(page);
  return response;
}

/**
 * After a page load: with JavaScript on, waits for the mark the browser build sets once it has
 * hydrated the page's islands (app/src/hydration.rs), instead of for half a second without network traffic.
 * A page that loads no application (only a form's steps do, `routes::is_interactive`) and any
 * page with JavaScript off is ready when it has loaded.
 */
export async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await page.locator('html[data-hydrated], head:not(:has(link[rel=modulepreload]))').first()
    .waitFor({ state: 'attached' });
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
