import { test, expect, Browser } from '@playwright/test';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { checkA11y, hydrated } from './helpers';

// Visits every page reachable from the home page, in each language, and scans each with axe.
// The HTML of each page, exactly as the server sent it, is saved to test-results/html/<lang>/
// (<n>.html, with the addresses in manifest.tsv) for the Nu Html Checker (.ci/check-html).
// The two languages are crawled at the same time, each in its own browser context: a page's
// time is mostly the browser's and the server's waits, which leaves a core free on two.
test('every page reachable from home is accessible (sv and en)', async ({ browser, baseURL }) => {
  test.setTimeout(15 * 60_000);
  const results = await Promise.all(['sv', 'en'].map((lang) => crawl(browser, baseURL!, lang)));
  for (const { lang, pages } of results) console.log(`${lang}: checked ${pages} pages`);
  for (const { pages } of results) expect(pages).toBeGreaterThan(40);
  expect(results.flatMap(({ failures }) => failures)).toEqual([]);
});

async function crawl(browser: Browser, baseURL: string, lang: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  try {
    const origin = new URL(baseURL).origin;
    const htmlDir = join(test.info().project.outputDir, 'html', lang);
    fs.rmSync(htmlDir, { recursive: true, force: true });
    fs.mkdirSync(htmlDir, { recursive: true });
    const manifest: string[] = [];
    await page.goto(`/?lang=${lang}`);
    const seen = new Set<string>(['/']);
    const queue: string[] = ['/'];
    // Pages no link leads to (search and the units' comparison are GET forms): a result list and
    // an empty result; a comparison, and a choice of one unit (the error summary).
    for (const extra of ['/sok?q=bygglov', '/sok?q=qxzqxz', '/enheter/jamfor?enhet=norrvik-hamnskolan&enhet=norrvik-forskolan-ateljen',
      '/enheter/jamfor?enhet=norrvik-tonen']) { seen.add(extra); queue.push(extra); }
    const failures: string[] = [];
    // A paginated list (the public records register) is followed one page further, not to its end:
    // every later page is the same template.
    const paged = new Set<string>();
    while (queue.length > 0 && seen.size <= 400) {
      const path = queue.shift()!;
      const response = await page.goto(path);
      await hydrated(page);
      if (!response || response.status() >= 400) failures.push(`${path}: status ${response?.status()}`);
      if (response) {
        const file = `${manifest.length + 1}.html`;
        fs.writeFileSync(`${htmlDir}/${file}`, await response.text());
        manifest.push(`${file}\t${path}`);
      }
      if ((await page.locator('html').getAttribute('lang')) !== lang) failures.push(`${path}: html lang`);
      if ((await page.locator('h1').count()) !== 1) failures.push(`${path}: not exactly one h1`);
      if ((await page.locator('main#main').count()) !== 1) failures.push(`${path}: no main#main`);
      if ((await page.locator('a.skip-link').count()) !== 1) failures.push(`${path}: no skip link`);
      failures.push(...(await checkA11y(page)));
      const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        const url = new URL(href);
        if (url.origin !== origin || url.search.includes('lang=')) continue;
        if (/^\/(api|pkg|health)/.test(url.pathname)) continue;
        if (url.searchParams.has('efter')) {
          if (paged.has(url.pathname)) continue;
          paged.add(url.pathname);
        }
        const next = url.pathname + url.search;
        if (!seen.has(next)) { seen.add(next); queue.push(next); }
      }
    }
    fs.writeFileSync(`${htmlDir}/manifest.tsv`, manifest.join('\n') + '\n');
    return { lang, pages: seen.size, failures };
  } finally {
    await context.close();
  }
}
