import { expect, Page } from '@playwright/test';
import { hydrated } from './helpers';
import {
  next, pick, press, Scan, signOnDemoPage,
} from './keyboard';

// School choice, completed by keyboard only with JavaScript on (school.spec.ts) and off
// (school.nojs.spec.ts) on a portal whose demo clock shows a day in the application period
// (`demo_date`, the second server of playwright.config.ts): Anna Berg, acting for her son Olle,
// ranks three schools, signs on the demo's signing page, and the choice waits for Erik Berg's
// consent. Every page visited is scanned.

const FORM = '/formular/norrvik-skolval';

export async function guardianMakesSchoolChoice(page: Page, scan: Scan) {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-anna]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await page.goto('/mina-sidor/foretrada');
  await pick(page, '#' + await page.getByLabel('Olle Berg').getAttribute('id'));
  await press(page, '[data-test=represent-submit]', 'Enter');
  await page.waitForURL(/\/mina-sidor$/);

  // In the period: the start page gives the last day.
  await page.goto(FORM);
  await hydrated(page);
  await expect(page.locator('[data-test=form-last-day]')).toContainText('2027-01-31');
  await expect(page.locator('[data-test=form-for-child]')).toContainText('Olle Berg');
  await scan(page);
  await press(page, '[data-test=start-button]', 'Enter');
  await page.waitForURL(new RegExp(`${FORM}/arskurs$`));
  await page.waitForLoadState('networkidle');
  // Bad input by keyboard: nothing chosen, the error summary.
  await press(page, '[data-test=continue]', 'Enter');
  await expect(page.locator('[data-test=error-summary]')).toBeVisible();
  await expect(page).toHaveTitle(/^Fel: /);
  await scan(page);
  await pick(page, '#f-arskurs-ak7');
  await next(page, scan, new RegExp(`${FORM}/skolor$`));
  await pick(page, '#f-skola1-norrvik-centralskolan');
  // The same school twice ranks nothing: refused, by name of both choices.
  await pick(page, '#f-skola2-norrvik-centralskolan');
  await press(page, '[data-test=continue]', 'Enter');
  await expect(page.locator('[data-test=error-summary]'))
    .toContainText('Välj något annat för ”Skola i andra hand (valfritt)” än för ”Skola i första hand”');
  await scan(page);
  await pick(page, '#f-skola2-norrvik-hamnskolan');
  await pick(page, '#f-skola3-norrvik-vikhamns-skola');
  await next(page, scan, new RegExp(`${FORM}/mer$`));
  await pick(page, '#f-syskon-no');
  await next(page, scan, new RegExp(`${FORM}/kontrollera$`));
  await expect(page.locator('[data-test=answer-skola1]')).toContainText('Centralskolan');

  await signOnDemoPage(
    page, scan, { what: 'Skolval till förskoleklass och grundskola' },
    new RegExp(`${FORM}/kvitto/SKV-2027-[0-9A-Z]{8}$`),
  );
  await expect(page.locator('[data-test=consent-waiting]')).toBeVisible();
  await scan(page);
  await page.context().clearCookies();
}
