import { test, expect } from '@playwright/test';
import { checkA11y, expectAccessible, gotoHydrated, hydrated } from './helpers';

test('the language switch changes the page and is remembered', async ({ page }) => {
  await gotoHydrated(page, '/tjanster/norrvik-bygglov?lang=sv');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await page.locator('[data-test=lang-switch]').click();
  await page.waitForURL(/lang=en/);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toContainText(/building permit/i);
  await page.locator('[data-test=breadcrumbs] a').nth(1).click();
  await page.waitForURL(/organisationer/);
  await hydrated(page);
  await expect(page.locator('h1')).toHaveText('Norrvik Municipality');
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

for (const path of ['/finns-inte', '/tjanster/finns-inte']) {
  test(`${path} is a friendly 404`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.locator('[data-test=not-found]')).toBeVisible();
    await expectAccessible(page);
  });
}

test('a service page carries GovernmentService JSON-LD', async ({ page }) => {
  await gotoHydrated(page, '/tjanster/norrvik-bygglov');
  const json = JSON.parse(await page.locator('script[type="application/ld+json"]').first().textContent() ?? '{}');
  expect(json['@type']).toBe('GovernmentService');
  expect(json.name).toContain('bygglov');
  expect(json.provider.name).toBe('Norrvik kommun');
  await expect(page.locator('[data-test=service-level]')).toBeVisible();
  await expect(page.locator('[data-test=call-to-action]')).toBeVisible();
});

test('the accessibility statement links to DIGG', async ({ page }) => {
  await gotoHydrated(page, '/tillganglighet');
  await expect(page.locator('a[href="https://www.digg.se/tdosanmalan"]')).toBeVisible();
});

// 320 px is WCAG's reflow width (400 % zoom of 1280 px); 640 px is 200 % zoom.
for (const width of [320, 640]) {
  test(`no horizontal scrolling at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 640 });
    const paths = ['/', '/tjanster/norrvik-bygglov', '/sok?q=bygglov', '/formular/norrvik-kulturskola',
      '/formular/norrvik-kulturskola/barn', '/formular/norrvik-felanmalan/utskrift'];
    for (const path of paths) {
      await gotoHydrated(page, path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(width);
    }
  });
}

test('hydration runs without console errors or CSP violations', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  // A form step is the page that loads the application.
  await gotoHydrated(page, '/formular/norrvik-felanmalan/vad');
  // Client-side navigation after hydration fetches through the server functions.
  await page.locator('main a[href^="/"]').first().click();
  await page.waitForLoadState('networkidle');
  await expect(page.locator('h1')).toBeVisible();
  expect(errors).toEqual([]);
});

// The scan every other test relies on must see what it is for: a page with a picture without a
// text, a field without a label and an empty link gets those three violations.
test('the accessibility scan reports violations', async ({ page }) => {
  await page.goto('/');
  await page.setContent('<html lang="sv"><head><title>Prov</title></head><body><main><h1>Prov</h1>'
    + '<img src="/favicon.svg"><input type="text"><a href="/"></a></main></body></html>');
  const found = (await checkA11y(page)).join('\n');
  for (const rule of ['image-alt', 'label', 'link-name']) expect(found).toContain(`: ${rule} (`);
});
