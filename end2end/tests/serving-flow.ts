import { expect, Page } from '@playwright/test';
import { hydrated } from './helpers';
import {
  attach, next, pick, press, Scan, signOnDemoPage, type,
} from './keyboard';

// The serving licence, a company's e-service, completed by keyboard only with JavaScript on
// (represent.spec.ts) and off (represent.nojs.spec.ts): Sara Ek, who signs for Hamnkrogen,
// chooses the company, finds its name and number filled in, fills every step by Tab, typing,
// Space and Enter, attaches the floor plan and the lease through the file chooser, signs on the
// demo's signing page and reads the signature on her case. Every page visited is scanned.

const FORM = '/formular/norrvik-serveringstillstand';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export async function signatoryAppliesForServingLicence(page: Page, scan: Scan) {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-sara-ek]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await page.goto(FORM);
  await expect(page.locator('[data-test=form-for-someone-first]')).toContainText('Välj vilket företag');
  await scan(page);
  await press(page, '[data-test=form-for-child-link]', 'Enter');
  await page.waitForURL(/\/mina-sidor\/foretrada$/);
  await pick(page, 'input[value="company:5599000014"]');
  await press(page, '[data-test=represent-submit]', 'Enter');
  await page.waitForURL(/\/mina-sidor$/);

  await page.goto(FORM);
  await hydrated(page);
  await scan(page);
  await press(page, '[data-test=start-button]', 'Enter');
  await page.waitForURL(new RegExp(`${FORM}/foretag$`));
  await page.waitForLoadState('networkidle');
  await expect(page.locator('#f-foretag')).toHaveValue('Hamnkrogen i Norrvik AB');
  await expect(page.locator('#f-orgnr')).toHaveValue('559900-0014');
  await scan(page);
  await type(page, '#f-epost', 'krogen@example.com');
  await next(page, scan, new RegExp(`${FORM}/lokal$`));

  await pick(page, '#f-tillstand-stadigvarande-allmanhet');
  await type(page, '#f-lokalnamn', 'Hamnkrogen');
  await type(page, '#f-adress-street', 'Hamngatan 1');
  await type(page, '#f-adress-postcode', '123 45');
  await type(page, '#f-adress-city', 'Norrvik');
  await press(page, '#f-var-inne', 'Space');
  await press(page, '#f-var-ute', 'Space');
  await type(page, '#f-tider', 'Måndag–söndag 11–01');
  await type(page, '#f-platser', '80');
  await next(page, scan, new RegExp(`${FORM}/inflytande$`));

  await type(page, '#f-personer-0-namn', 'Sara Ek');
  await type(page, '#f-personer-0-personnummer', '19860511-9885');
  await type(page, '#f-personer-0-roll', 'Styrelseledamot');
  await next(page, scan, new RegExp(`${FORM}/kunskapsprov$`));

  await pick(page, '#f-prov-no');
  await next(page, scan, new RegExp(`${FORM}/bilagor$`));

  await attach(page, '#f-planritning', 'planritning.pdf', PDF);
  await attach(page, '#f-hyresavtal', 'hyresavtal.pdf', PDF);
  await next(page, scan, new RegExp(`${FORM}/kontrollera$`));
  await expect(page.locator('[data-test=answer-personer]')).toContainText('Styrelseledamot');
  await expect(page.locator('[data-test=answer-hyresavtal]')).toContainText('hyresavtal.pdf');

  // Sending is signing: the demo's signing page, by keyboard too.
  await signOnDemoPage(
    page, scan, { signer: 'Sara Ek', what: 'Ansök om serveringstillstånd' },
    new RegExp(`${FORM}/kvitto/SERV-\\d{4}-[0-9A-Z]{8}$`),
  );
  await scan(page);

  // The company's case, with Sara's signature, in her My cases while she acts for it.
  await page.goto('/mina-sidor/arenden');
  await page.getByRole('row', { name: /serveringstillstånd/ }).first().getByRole('link').click();
  await page.waitForURL(/\/mina-sidor\/arenden\/\d+$/);
  await expect(page.locator('[data-test=signature-signer]')).toHaveText('Sara Ek');
  await expect(page.locator('[data-test=signature-intact]')).toHaveAttribute('data-intact', 'true');
  await scan(page);
  await page.context().clearCookies();
}
