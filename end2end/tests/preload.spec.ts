import { test, expect, Page } from '@playwright/test';
import { expectAccessible } from './helpers';

// The head preloads the JavaScript glue and the WebAssembly. A preload whose credentials mode
// differs from the later fetch is not used: the browser fetches the file a second time and warns
// ("… was preloaded using link preload but not used within a few seconds …", or "… is not used
// because the request credentials mode does not match"). Leptos' own <HydrationScripts> wrote the
// CSP nonce into `crossorigin` and did exactly that; app/src/hydration.rs replaces it.

/** Checks that the application took over the page: a link now navigates without a page load. */
async function expectClientSideNavigation(page: Page) {
  await page.evaluate(() => { (window as unknown as { stillHere: boolean }).stillHere = true; });
  const link = page.locator('main a[href^="/"]:not([rel~="external"]):not([target])').first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL((url) => url.pathname + url.search === href);
  await page.waitForLoadState('networkidle');
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
}

const pages: { name: string; path: string; before?: string; hydrated: (page: Page) => Promise<void> }[] = [
  { name: 'home page', path: '/', hydrated: expectClientSideNavigation },
  { name: 'service page', path: '/tjanster/norrvik-bygglov', hydrated: expectClientSideNavigation },
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
    // The preloads the page asks for are well formed.
    const wasmPreload = page.locator('link[rel=preload][href="/pkg/portal.wasm"]');
    await expect(wasmPreload).toHaveCount(1);
    await expect(wasmPreload).toHaveAttribute('crossorigin', 'anonymous');
    await expect(page.locator('link[rel=modulepreload][href="/pkg/portal.js"]')).toHaveCount(1);
    await expectAccessible(page);
    await hydrated(page);
    expect(errors).toEqual([]);
  });
}
