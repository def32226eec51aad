import { test, expect, Page } from '@playwright/test';
import { expectAccessible } from './helpers';

// A form step preloads the JavaScript glue. A preload whose credentials mode differs from the
// later fetch is not used: the browser fetches the file a second time and warns ("… was
// preloaded using link preload but not used within a few seconds …"). Leptos' own
// <HydrationScripts> wrote the CSP nonce into `crossorigin` and did exactly that;
// app/src/hydration.rs replaces it.

const pages: { name: string; path: string; before?: string; hydrated: (page: Page) => Promise<void> }[] = [
  {
    name: 'form step',
    path: '/formular/norrvik-felanmalan/vad',
    before: '/formular/norrvik-felanmalan',
    // Rendered visible for visitors without JavaScript; the hydrated page hides it until asked for.
    hydrated: async (page) => {
      await expect(page.locator('[data-test=question-antal_lampor]')).toBeHidden();
      await page.locator('#f-kategori-belysning').check();
      await expect(page.locator('[data-test=question-antal_lampor]')).toBeVisible();
    },
  },
];

// Pages with nothing to do in the browser are complete as HTML: a first visit costs no
// WebAssembly, and everything it fetches weighs well under the 300 KB budget (compressed).
for (const path of ['/', '/tjanster/norrvik-bygglov', '/sok?q=bygglov', '/formular/norrvik-felanmalan']) {
  test(`${path}: a first visit loads no application and stays under 300 KB`, async ({ page }) => {
    const fetched: { path: string; request: import('@playwright/test').Request }[] = [];
    page.on('requestfinished', (request) => fetched.push({ path: new URL(request.url()).pathname, request }));
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    expect(fetched.map((f) => f.path).filter((p) => p.endsWith('.wasm') || p.endsWith('.js'))).toEqual([]);
    await expect(page.locator('link[rel=preload], link[rel=modulepreload]')).toHaveCount(0);
    let bytes = 0;
    for (const { request } of fetched) {
      const sizes = await request.sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
    }
    expect(bytes).toBeLessThan(300 * 1024);
    // Links are plain links: the next page is a page load of its own, as complete as this one.
    await page.locator('main a[href^="/"]').first().click();
    await page.waitForLoadState('networkidle');
    await expect(page.locator('h1')).toHaveCount(1);
    await expectAccessible(page);
  });
}

for (const { name, path, before, hydrated } of pages) {
  test(`${name}: every preload is used, the wasm is fetched once, the page hydrates`, async ({ page }) => {
    if (before) {
      await page.goto(before);
      await page.waitForLoadState('networkidle');
    }
    const preloadWarnings: string[] = [];
    const errors: string[] = [];
    const fetched: string[] = [];
    page.on('console', (message) => {
      if (/preload/i.test(message.text())) preloadWarnings.push(message.text());
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/pkg/')) fetched.push(url.pathname);
    });

    await page.goto(path);
    await page.waitForLoadState('networkidle');
    // Chromium reports an unused preload three seconds after the load event.
    await page.waitForTimeout(4_000);

    expect(preloadWarnings).toEqual([]);
    expect(fetched.filter((p) => p === '/pkg/portal.wasm')).toHaveLength(1);
    expect(fetched.filter((p) => p === '/pkg/portal.js')).toHaveLength(1);
    // The glue is preloaded; the WebAssembly is not (it would share a slow connection with the
    // style sheet and delay the first paint of a page that works without it).
    await expect(page.locator('link[rel=preload][href="/pkg/portal.wasm"]')).toHaveCount(0);
    await expect(page.locator('link[rel=modulepreload][href="/pkg/portal.js"]')).toHaveCount(1);
    await expectAccessible(page);
    await hydrated(page);
    expect(errors).toEqual([]);
  });
}
