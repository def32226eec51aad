import { expect, Page } from '@playwright/test';
import type { Scan } from './keyboard';
import { expectPageFrame, hydrated } from './helpers';

// The units to choose between (preschools and schools), walked the same way with JavaScript on
// (units.spec.ts) and off (units.nojs.spec.ts): every page visited is scanned with `scan`.

/** Loads an address and waits until nothing more loads. */
async function open(page: Page, url: string) {
  await page.goto(url);
  await hydrated(page);
}

/** Submits a GET form by its button and waits for the next page (which may have an address
 * like the current one's). */
async function submit(page: Page, button: string, url: RegExp) {
  await Promise.all([
    page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() }),
    page.locator(`[data-test=${button}]`).click(),
  ]);
  await page.waitForURL(url);
  await page.waitForLoadState('networkidle');
}

/** From the home page to the units; filtered to schools with the preschool class; two compared. */
export async function filterPickAndCompare(page: Page, scan: Scan) {
  await open(page, '/');
  await page.locator('[data-test=units-link]').click();
  await page.waitForURL(/\/enheter$/);
  await expectPageFrame(page);
  await expect(page.locator('[data-test=unit]')).toHaveCount(9);
  await scan(page);

  await page.locator('#units-typ').selectOption('skola');
  await page.locator('#units-arskurs').selectOption('F');
  await submit(page, 'units-filter-submit', /\/enheter\?.*typ=skola.*arskurs=F/);
  await expect(page.locator('[data-test=unit]')).toHaveCount(4);
  await expect(page.locator('[data-test=units-count]')).toHaveText('4 enheter');
  await expect(page.locator('#units-typ')).toHaveValue('skola');
  await expect(page.locator('#units-arskurs')).toHaveValue('F');
  await scan(page);

  // The name filter narrows further (any case).
  await page.locator('#units-namn').fill('SKOLAN');
  await submit(page, 'units-filter-submit', /namn=SKOLAN/);
  await expect(page.locator('[data-test=unit-link]')).toHaveText(['Hamnskolan', 'Montessoriskolan Lotsen']);
  await page.locator('#units-namn').fill('');
  await submit(page, 'units-filter-submit', /\/enheter\?/);
  await expect(page.locator('[data-test=unit]')).toHaveCount(4);

  await page.getByRole('checkbox', { name: 'Jämför Hamnskolan' }).check();
  await page.getByRole('checkbox', { name: 'Jämför Tonen musikgrundskola' }).check();
  await submit(page, 'compare-submit', /\/enheter\/jamfor\?.*enhet=norrvik-hamnskolan&enhet=norrvik-tonen/);
  await expectPageFrame(page);
  const table = page.locator('table[data-test=compare-table]');
  await expect(table.locator('caption')).toHaveText('2 enheter sida vid sida');
  await expect(table.locator('thead th[scope=col]')).toHaveText(['Hamnskolan', 'Tonen musikgrundskola']);
  await expect(table.locator('tbody th[scope=row]')).toHaveCount(11);
  const provider = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: 'Huvudman' }) });
  await expect(provider.locator('td')).toHaveText(['KommunalNorrvik kommun', 'FriståendeStiftelsen Tonen']);
  const years = table.locator('tbody tr').filter({ has: page.locator('th', { hasText: 'Ålder eller årskurser' }) });
  await expect(years.locator('td')).toHaveText(['Förskoleklass–årskurs 6', 'Förskoleklass–årskurs 9']);
  await scan(page);

  // Back to the list to change the choice: both still ticked, the filter kept.
  await page.locator('[data-test=change-choice]').click();
  await page.waitForURL(/\/enheter\?/);
  await expect(page.getByRole('checkbox', { name: 'Jämför Hamnskolan' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Jämför Tonen musikgrundskola' })).toBeChecked();
  await expect(page.locator('#units-typ')).toHaveValue('skola');
}

/** Choosing one, then five: the error summary links to the boxes, and the choice is kept. */
export async function tooFewAndTooMany(page: Page, scan: Scan) {
  await open(page, '/enheter');
  await page.getByRole('checkbox', { name: 'Jämför Förskolan Ateljén' }).check();
  await submit(page, 'compare-submit', /\/enheter\/jamfor\?enhet=norrvik-forskolan-ateljen$/);
  await expect(page).toHaveTitle(/^Fel: /);
  const summary = page.locator('[data-test=error-summary]');
  await expect(summary).toContainText('Välj minst två enheter att jämföra');
  await expect(summary.locator('a[href="#units-enhet"]')).toHaveCount(1);
  await expect(page.locator('[data-test=field-error]')).toContainText('Välj minst två enheter att jämföra');
  await expect(page.locator('table')).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Jämför Förskolan Ateljén' })).toBeChecked();
  await scan(page);

  for (const name of ['Förskolan Hamnen', 'Hamnskolan', 'Centralskolan', 'Tonen musikgrundskola']) {
    await page.getByRole('checkbox', { name: `Jämför ${name}` }).check();
  }
  await submit(page, 'compare-submit', /\/enheter\/jamfor\?/);
  await expect(page.locator('[data-test=error-summary]')).toContainText('Välj högst fyra enheter att jämföra');
  await expect(page.locator('[data-test=compare-box]:checked')).toHaveCount(5);
  await scan(page);

  // Unchecking one compares the other four.
  await page.getByRole('checkbox', { name: 'Jämför Förskolan Hamnen' }).uncheck();
  await submit(page, 'compare-submit', /\/enheter\/jamfor\?/);
  await expect(page.locator('table[data-test=compare-table] thead th[scope=col]')).toHaveCount(4);
}

/** A unit's own page, and the list in English. */
export async function unitPageAndEnglish(page: Page, scan: Scan) {
  await open(page, '/enheter');
  await page.locator('[data-test=unit-link]', { hasText: 'Förskolan Ateljén' }).click();
  await page.waitForURL(/\/enheter\/norrvik-forskolan-ateljen$/);
  await expectPageFrame(page);
  await expect(page.locator('h1')).toHaveText('Förskolan Ateljén');
  await expect(page.locator('[data-test=unit-details]')).toContainText('Ateljén Förskolor AB');
  await scan(page);

  await page.locator('[data-test=lang-switch]').click();
  await page.waitForURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('[data-test=unit-profile]')).toContainText('Reggio Emilia');
  await expect(page.locator('[data-test=unit-details]')).toContainText('Independent: Ateljén Förskolor AB');
  await page.locator('[data-test=unit-others]').click();
  await page.waitForURL(/\/enheter\?typ=forskola/);
  await expect(page.locator('h1')).toHaveText('Preschools and schools');
  await expect(page.locator('[data-test=unit]')).toHaveCount(4);
  await scan(page);
}
