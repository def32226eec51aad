// The demo forms (and a signed-in draft), filled in by keyboard only, triggering the errors each step can give.
// Shared by the JavaScript-on project (rules run in the browser first) and the JavaScript-off
// project (every step posts and redirects). Every page and every error state gets an axe scan.
import { expect, Page } from '@playwright/test';
import type { Scan } from './keyboard';
import { hydrated } from './helpers';

/** `address.postcode` → `#f-address-postcode`, as the app names its inputs. */
const id = (name: string) => '#f-' + name.replace(/\./g, '-');

async function type(page: Page, name: string, text: string) {
  const input = page.locator(id(name));
  await input.focus();
  await input.press('ControlOrMeta+a');
  await input.press('Delete');
  if (text) await page.keyboard.type(text);
}

/** Selects a radio button or toggles a checkbox with the space bar. */
async function choose(page: Page, name: string, option: string) {
  await page.locator(id(`${name}.${option}`)).focus();
  await page.keyboard.press('Space');
}

async function submit(page: Page, test = 'continue') {
  await page.locator(`[data-test=${test}]`).focus();
  await page.keyboard.press('Enter');
}

/** Sends the step and expects to stay on it with these messages in the error summary. */
async function expectErrors(page: Page, scan: Scan, messages: RegExp[]) {
  const url = page.url().split('#')[0];
  await submit(page);
  const summary = page.locator('[data-test=error-summary]');
  await expect(summary).toBeVisible();
  expect(page.url().split('#')[0].split('?')[0]).toBe(url.split('?')[0]);
  for (const message of messages) await expect(summary).toContainText(message);
  await expect(page.locator('[data-test=field-error]')).toHaveCount(messages.length);
  await expect(page).toHaveTitle(/^Fel: /);
  await scan(page);
}

/** Sends a valid step and waits for the next page. */
async function next(page: Page, scan: Scan, to: RegExp) {
  await submit(page);
  await page.waitForURL(to);
  await expect(page.locator('[data-test=error-summary]')).toHaveCount(0);
  await page.waitForLoadState('networkidle');
  await scan(page);
}

async function startForm(page: Page, scan: Scan, service: string) {
  await page.goto(`/tjanster/${service}`);
  await hydrated(page);
  await page.locator('[data-test=form-link]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/formular/${service}$`));
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-test=form-title]')).toBeVisible();
  await scan(page);
  await page.locator('[data-test=start-button]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/formular/${service}/[a-z]+$`));
  await page.waitForLoadState('networkidle');
  await scan(page);
}

/** Sends from the check page and returns the reference on the confirmation page. */
async function send(page: Page, scan: Scan, service: string): Promise<string> {
  await expect(page.locator('[data-test=check-title]')).toBeVisible();
  await submit(page, 'send');
  await page.waitForURL(new RegExp(`/formular/${service}/kvitto/[A-Z]+-\\d{4}-[0-9A-Z]{8}$`));
  await page.waitForLoadState('networkidle');
  const reference = (await page.locator('[data-test=reference]').textContent())!.trim();
  await scan(page);
  // Reloading the confirmation shows the same reference and sends nothing again.
  await page.reload();
  await expect(page.locator('[data-test=reference]')).toHaveText(reference);
  return reference;
}

export async function faultReport(page: Page, scan: Scan) {
  const service = 'norrvik-felanmalan';
  await startForm(page, scan, service);
  await expectErrors(page, scan, [/Välj ett alternativ för ”Vad gäller felet\?”/, /Svara på ”Beskriv felet”/]);
  await choose(page, 'kategori', 'belysning');
  await type(page, 'antal_lampor', 'tre');
  await type(page, 'beskrivning', 'kort');
  await expectErrors(page, scan, [/måste vara ett tal/, /minst 10 tecken/]);
  await expect(page.locator(id('beskrivning'))).toHaveValue('kort');
  await type(page, 'antal_lampor', '2,5');
  await type(page, 'beskrivning', 'Tre lampor är släckta längs gångvägen.');
  await expectErrors(page, scan, [/måste vara ett heltal/]);
  await type(page, 'antal_lampor', '60');
  await expectErrors(page, scan, [/får vara högst 50/]);
  await type(page, 'antal_lampor', '0');
  await expectErrors(page, scan, [/måste vara 1 eller mer/]);
  await type(page, 'antal_lampor', '3');
  await next(page, scan, /\/plats$/);

  await type(page, 'plats.lat', 'norr');
  await type(page, 'upptackt', '2026-13-01');
  await expectErrors(page, scan, [/Svara på ”Plats”/, /Koordinaterna/, /riktigt datum/]);
  await type(page, 'plats.place', 'Storgatan 12, Norrvik');
  await type(page, 'plats.lat', '');
  await type(page, 'upptackt', '2030-01-01');
  await expectErrors(page, scan, [/får inte vara senare än/]);
  await type(page, 'upptackt', '');
  await next(page, scan, /\/kontakt$/);

  await choose(page, 'vill_ha_svar', 'yes');
  await type(page, 'epost', 'anna@');
  await type(page, 'telefon', '12');
  await expectErrors(page, scan, [/e-postadress i rätt format/, /telefonnummer/]);
  await type(page, 'epost', 'anna@example.se');
  await type(page, 'telefon', '070-123 45 67');
  await next(page, scan, /\/kontrollera$/);

  // Change an answer from the check page and come back to it.
  await expect(page.locator('[data-test=answer-kategori]')).toContainText('Gatubelysning');
  await page.locator('[data-test=answer-kategori] [data-test=change-link]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/vad\?andra=1/);
  await page.waitForLoadState('networkidle');
  await choose(page, 'kategori', 'hal');
  await next(page, scan, /\/kontrollera$/);
  await expect(page.locator('[data-test=answer-kategori]')).toContainText('Hål eller skada i vägen');
  const reference = await send(page, scan, service);
  expect(reference).toMatch(/^FEL-/);
  await expect(page.locator('[data-test=receipt-note]')).toContainText('a…@example.se');
}

export async function feedback(page: Page, scan: Scan) {
  const service = 'norrvik-synpunkter';
  await startForm(page, scan, service);
  // A tampered choice (not something a person can pick) is refused, by browser and server alike.
  await page.locator(id('typ.klagomal')).evaluate((el: HTMLInputElement) => { el.value = 'hemligt'; });
  await choose(page, 'typ', 'klagomal');
  await type(page, 'meddelande', 'Snöröjningen på min gata kommer alltid sist.');
  await choose(page, 'foretag', 'yes');
  await type(page, 'orgnr', '556016-0681');
  await expectErrors(page, scan, [/Välj ett av alternativen som visas/, /Välj minst ett alternativ/, /giltigt organisationsnummer/]);
  await page.locator(id('typ.klagomal')).evaluate((el: HTMLInputElement) => { el.value = 'klagomal'; });
  await choose(page, 'typ', 'klagomal');
  await choose(page, 'omraden', 'gator');
  await choose(page, 'omraden', 'bygg');
  await type(page, 'orgnr', '556016-0680');
  await next(page, scan, /\/kontakt$/);
  await choose(page, 'vill_ha_svar', 'no');
  await next(page, scan, /\/kontrollera$/);
  await expect(page.locator('[data-test=answer-omraden]')).toContainText('Gator, parker och trafik');
  await expect(page.locator('[data-test=answer-namn]')).toHaveCount(0);
  expect(await send(page, scan, service)).toMatch(/^SYN-/);
}

export async function documentRequest(page: Page, scan: Scan) {
  const service = 'norrvik-allmanna-handlingar';
  await startForm(page, scan, service);
  await type(page, 'beskrivning', 'Protokoll från kommunstyrelsen i oktober 2026');
  await type(page, 'diarienummer', 'fel');
  await expectErrors(page, scan, [/till exempel BN 2026\/0123/]);
  await type(page, 'diarienummer', 'KS 2026/0042');
  await next(page, scan, /\/leverans$/);
  await choose(page, 'satt', 'post');
  await type(page, 'adress.street', 'Storgatan 1');
  await type(page, 'adress.postcode', '12');
  await type(page, 'adress.city', 'Norrvik');
  await expectErrors(page, scan, [/Postnumret ska vara fem siffror/]);
  await type(page, 'adress.postcode', '123 45');
  await next(page, scan, /\/kontrollera$/);
  await expect(page.locator('[data-test=answer-adress]')).toContainText('123 45 Norrvik');
  expect(await send(page, scan, service)).toMatch(/^AH-/);
}

export async function artsSchool(page: Page, scan: Scan) {
  const service = 'norrvik-kulturskola';
  await startForm(page, scan, service);
  await expectErrors(page, scan, [/Fyll i minst 1 för ”Barn”/]);
  await type(page, 'barn.0.namn', 'A'.repeat(101));
  await type(page, 'barn.0.personnummer', '20150101-0001');
  await choose(page, 'barn.0.kurs', 'piano');
  await expectErrors(page, scan, [/får ha högst 100 tecken/]);
  await expect(page.locator(id('barn.0.namn'))).toHaveValue('A'.repeat(101));
  await type(page, 'barn.0.namn', 'Alva');
  await type(page, 'barn.0.personnummer', '20150101-0008');
  await choose(page, 'barn.0.kurs', 'piano');
  // "Add another" keeps what was typed and adds a second child.
  await submit(page, 'add-item');
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-test=group-item]')).toHaveCount(2);
  await expect(page.locator(id('barn.0.namn'))).toHaveValue('Alva');
  await scan(page);
  await type(page, 'barn.1.namn', 'Ebbe');
  await type(page, 'barn.1.personnummer', '20170315-1234');
  await choose(page, 'barn.1.kurs', 'dans');
  await expectErrors(page, scan, [/Barnets personnummer \(Barn 1\)/, /Barnets personnummer \(Barn 2\)/]);
  await type(page, 'barn.0.personnummer', '20150101-0001');
  await type(page, 'barn.1.personnummer', '20170315-1231');
  await next(page, scan, /\/tider$/);
  await type(page, 'start', '2020-01-01');
  await expectErrors(page, scan, [/Välj minst ett alternativ/, /får inte vara tidigare än/]);
  await choose(page, 'dagar', 'tis');
  await choose(page, 'dagar', 'tor');
  const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await type(page, 'start', nextMonth);
  await next(page, scan, /\/vardnadshavare$/);
  await type(page, 'namn', 'Maria Berg');
  await type(page, 'epost', 'maria.berg@example.se');
  await type(page, 'telefon', '070-765 43 21');
  await type(page, 'adress.street', 'Skolvägen 3');
  await type(page, 'adress.postcode', '12345');
  await type(page, 'adress.city', 'Norrvik');
  await expectErrors(page, scan, [/Du måste bekräfta/]);
  await page.locator(id('intygande')).focus();
  await page.keyboard.press('Space');
  await next(page, scan, /\/kontrollera$/);
  await expect(page.locator('[data-test=answer-barn]')).toContainText('Ebbe');
  expect(await send(page, scan, service)).toMatch(/^KS-/);
}

export async function printView(page: Page, scan: Scan) {
  await page.goto('/tjanster/norrvik-kulturskola');
  await page.locator('[data-test=print-form-link]').click();
  await page.waitForURL(/\/utskrift$/);
  await expect(page.locator('[data-test=print-form]')).toContainText('Barnets personnummer');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.footer')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await scan(page);
}

/**
 * A signed-in person's draft: begun with a mistake (the summary names it, what was typed stays),
 * then found in My pages — the drafts list and "my data" — and deleted there.
 */
export async function signedInDraft(page: Page, scan: Scan) {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-lisa]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  const service = 'norrvik-synpunkter';
  await startForm(page, scan, service);
  await type(page, 'meddelande', 'Belysningen i Lisas gångtunnel är trasig.');
  await submit(page);
  await expect(page.locator('[data-test=error-summary]')).toBeVisible();
  await expect(page).toHaveTitle(/^Fel: /);
  await expect(page.locator(id('meddelande'))).toHaveValue('Belysningen i Lisas gångtunnel är trasig.');
  await scan(page);
  await choose(page, 'typ', 'synpunkt');
  await choose(page, 'omraden', 'gator');
  await choose(page, 'foretag', 'no');
  await next(page, scan, /\/kontakt$/);

  await page.goto('/mina-sidor');
  await page.locator('[data-test=my-drafts-link]').click();
  await page.waitForURL(/\/mina-sidor\/paborjade$/);
  const draft = page.locator(`[data-test=draft-${service}]`);
  await expect(draft.locator('[data-test=draft-left]')).toContainText('Kontaktuppgifter (steg 1 av 2 klara)');
  await scan(page);
  await page.goto('/mina-sidor/mina-uppgifter');
  await expect(page.locator('[data-test=my-data-drafts]')).toContainText('En påbörjad ansökan är sparad');
  await scan(page);
  await page.goto('/mina-sidor/paborjade');
  await page.locator(`[data-test=draft-${service}] [data-test=draft-delete] button`).click();
  await page.waitForURL(/\/mina-sidor\/paborjade\?borttaget=1$/);
  await expect(page.locator('[data-test=draft-deleted]')).toBeVisible();
  await expect(page.locator('[data-test=drafts-empty]')).toBeVisible();
  await scan(page);
}
