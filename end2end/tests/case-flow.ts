// A whole building-permit case, played by a resident and officers in separate browser contexts:
// the resident begins applying signed in, finishes from another device through her drafts in
// My pages — attaching the drawings there, a wrong file refused by name —, signs it on the demo's
// signing page and gets a case number; a manager assigns it to an officer, who begins and asks
// for more; the resident answers in My pages; the officer decides with reasons; the resident
// reads the decision and how to appeal, also as a printable document; a registrar registers an appeal and the portal finds it
// in time; anyone finds the case in the public records register. Shared by the JavaScript-on
// and JavaScript-off projects; every page visited gets an axe scan.
import { Browser, expect, Page } from '@playwright/test';
import { hydrated } from './helpers';
import {
  attach, attachFiles, pick, press, Scan, signOnDemoPage, type,
} from './keyboard';

// The smallest files of each kind the portal recognises by their first bytes.
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

function day(offset: number): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function demoSignIn(browser: Browser, person: string, scan: Scan, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto('/demo-inloggning');
  await scan(page);
  await page.locator(`[data-test=demo-person-${person}]`).check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/(mina-sidor|handlaggare\/start)$/);
  await scan(page);
  return page;
}

async function act(page: Page, scan: Scan, code: string, fill: () => Promise<void> = async () => {}) {
  await fill();
  await page.locator(`[data-test=submit-${code}]`).click();
  await page.waitForURL(new RegExp(`\\?klart=${code}$`));
  await expect(page.locator('[data-test=case-done]')).toBeVisible();
  await scan(page);
}

/** The building permit's first step by keyboard (an extension, which needs drawings), on to
 * the drawings. */
export async function buildingPermitFirstStep(page: Page) {
  await page.goto('/formular/norrvik-bygglov/atgard');
  await hydrated(page);
  await type(page, '#f-fastighet', 'Norrvik Björken 4');
  await pick(page, '#f-typ-tillbyggnad');
  await type(page, '#f-beskrivning', 'Ett inglasat uterum på 25 kvadratmeter mot trädgården, i trä, målat vitt.');
  await type(page, '#f-yta', '25');
  await pick(page, '#f-brandskydd-no');
  await press(page, '[data-test=continue]', 'Enter');
  await page.waitForURL(/\/ritningar$/);
}

export async function wholeCase(browser: Browser, scan: Scan, javaScriptEnabled: boolean) {
  // The resident applies for a building permit while signed in.
  // Agda, so that Tolvan's sign-in history stays the identity tests' own.
  const resident = await demoSignIn(browser, 'agda', scan, javaScriptEnabled);
  // The application by keyboard only: Tab, typing, arrow keys in radio groups, the file chooser.
  await buildingPermitFirstStep(resident);
  await scan(resident);

  // She leaves it there and goes on later from another device: the draft waits in My pages.
  const later = await demoSignIn(browser, 'agda', scan, javaScriptEnabled);
  await later.locator('[data-test=my-drafts-link]').click();
  await later.waitForURL(/\/mina-sidor\/paborjade$/);
  const draft = later.locator('[data-test=draft-norrvik-bygglov]');
  await expect(draft.locator('[data-test=draft-left]')).toContainText('steg 1 av 3 klara');
  await scan(later);
  await draft.locator('[data-test=draft-continue]').click();
  await later.waitForURL(/\/ritningar$/);

  // The drawings: a web page named as a PDF is refused by name, the rest of the step kept.
  await later.waitForLoadState('networkidle');
  await attachFiles(later, '#f-situationsplan', [
    { name: 'situationsplan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>inte en pdf</html>') },
  ]);
  await attachFiles(later, '#f-planritningar', [
    { name: 'fasad-soder.png', mimeType: 'image/png', buffer: PNG },
    { name: 'plan-1.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await press(later, '[data-test=continue]', 'Enter');
  await later.waitForURL(/\/ritningar$/);
  await expect(later.locator('[data-test=error-summary]')).toContainText('Filen situationsplan.pdf är inte det som filnamnet säger');
  await expect(later.locator('[data-test=attached-file]')).toHaveCount(2);
  await scan(later);
  await attach(later, '#f-situationsplan', 'situationsplan.pdf', PDF);
  await press(later, '[data-test=continue]', 'Enter');
  await later.waitForURL(/\/sokande$/);
  // Once-only: her name and address come from the population registry, and the page says so.
  await expect(later.locator('[data-test=fetched]')).toContainText('folkbokföringen');
  await expect(later.locator('#f-namn')).toHaveValue('Agda Andersson');
  await scan(later);
  await type(later, '#f-epost', 'agda.andersson@example.com');
  await press(later, '[data-test=continue]', 'Enter');
  await later.waitForURL(/\/kontrollera$/);
  await expect(later.locator('main')).toContainText('Norrvik Björken 4');
  await expect(later.locator('main')).toContainText('fasad-soder.png');
  // Sending is signing: the demo's signing page stands in for the e-ID, by keyboard too.
  await expect(later.locator('[data-test=send]')).toHaveText('Skriv under och skicka in');
  await signOnDemoPage(later, scan, { signer: 'Agda Andersson', what: 'Ansök om bygglov' }, /\/kvitto\//);
  const number = (await later.locator('[data-test=case-number]').textContent())!.trim();
  expect(number).toMatch(/^BN \d{4}\/\d{4}$/);
  await scan(later);
  await later.goto('/mina-sidor/paborjade');
  await expect(later.locator('[data-test=drafts-empty]')).toBeVisible();
  await later.context().close();

  // An officer finds it among the unassigned cases, takes it, begins and asks for more.
  const officer = await demoSignIn(browser, 'olle', scan, javaScriptEnabled);
  await officer.locator('[data-test=staff-cases-link]').click();
  await officer.waitForURL(/\/handlaggare\/ko\/mina$/);
  await scan(officer);
  await officer.locator('[data-test=queue-otilldelade]').click();
  await officer.waitForURL(/\/ko\/otilldelade$/);
  await scan(officer);
  await expect(officer.locator('[data-test=case-link]', { hasText: number })).toBeVisible();

  // A manager assigns it to Olle, ticking it in the unassigned queue.
  const manager = await demoSignIn(browser, 'stina', scan, javaScriptEnabled);
  await manager.goto('/handlaggare/ko/otilldelade');
  await scan(manager);
  await manager.locator('tr', { hasText: number }).locator('[data-test=bulk-select]').check();
  await manager.locator('[data-test=bulk-officer]').selectOption({ label: 'Olle Olsson' });
  await manager.locator('[data-test=bulk-submit]').click();
  await manager.waitForURL(/tilldelade=1&ej=0/);
  await expect(manager.locator('[data-test=bulk-outcome]')).toContainText('Ett ärende tilldelades.');
  await scan(manager);

  // Olle finds it among his own cases and begins.
  await officer.locator('[data-test=queue-mina]').click();
  await officer.waitForURL(/\/ko\/mina$/);
  await officer.locator('[data-test=case-link]', { hasText: number }).click();
  await officer.waitForURL(/\/handlaggare\/arenden\/\d+$/);
  const casePage = officer.url();
  await expect(officer.locator('[data-test=case-number]')).toHaveText(number);
  await expect(officer.locator('[data-test=case-officer]')).toHaveText('Olle Olsson');
  // The drawings are documents of the case, downloaded as files.
  await expect(officer.locator('[data-test=case-document][data-kind=attachment]')).toHaveCount(3);
  const [download] = await Promise.all([
    officer.waitForEvent('download'),
    officer.locator('[data-test=attachment] a', { hasText: 'plan-1.pdf' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('plan-1.pdf');
  await scan(officer);
  await act(officer, scan, 'paborja');
  // A reply date in the past is named, and what was typed stays.
  const request = 'Skicka en situationsplan och fasadritningar, och ange avståndet till tomtgränsen.';
  await officer.locator('[data-test=komplettering-text]').fill(request);
  await officer.locator('[data-test=komplettering-svara_senast]').fill(day(-3));
  await officer.locator('[data-test=submit-komplettering]').click();
  await expect(officer.locator('[data-test=error-summary]')).toContainText('Datumet måste vara efter i dag');
  await expect(officer.locator('[data-test=komplettering-text]')).toHaveValue(request);
  await expect(officer).toHaveTitle(/^Fel: /);
  await scan(officer);
  await act(officer, scan, 'komplettering', async () => {
    await officer.locator('[data-test=komplettering-svara_senast]').fill(day(14));
  });

  // The resident reads the request in My pages and answers it.
  await resident.goto('/mina-sidor');
  await resident.locator('[data-test=my-cases-link]').click();
  await resident.waitForURL(/\/mina-sidor\/arenden$/);
  await scan(resident);
  await resident.locator('[data-test=case-link]', { hasText: number }).click();
  await resident.waitForURL(/\/mina-sidor\/arenden\/\d+$/);
  await expect(resident.locator('[data-test=case-status]')).toHaveText('Väntar på komplettering');
  await expect(resident.locator('[data-test=case-document][data-kind=completion-request]')).toContainText(request);
  await expect(resident.locator('[data-test=case-readers]')).toContainText('Olle Olsson');
  await scan(resident);
  await resident.locator('[data-test=answer-text]').fill('Ritningarna är skickade. Avståndet till tomtgränsen blir 4,5 meter.');
  await resident.locator('[data-test=answer-send]').click();
  await resident.waitForURL(/\?klart=svar$/);
  await expect(resident.locator('[data-test=case-status]')).toHaveText('Under handläggning');
  await scan(resident);

  // The officer refers the case to the fire service, whose officer answers in their own back office.
  await officer.goto(casePage);
  await expect(officer.locator('[data-test=case-document][data-kind=message-in]')).toContainText('Avståndet till tomtgränsen');
  await scan(officer);
  await act(officer, scan, 'remiss', async () => {
    await officer.locator('[data-test=remiss-mottagare]').selectOption('raddningstjansten');
    await officer.locator('[data-test=remiss-text]').fill('Har räddningstjänsten något att invända mot brandskyddet mellan uterummet och grannhuset?');
    await officer.locator('[data-test=remiss-svara_senast]').fill(day(10));
  });
  const fire = await demoSignIn(browser, 'frida', scan, javaScriptEnabled);
  await fire.goto('/handlaggare/remisser');
  await scan(fire);
  await fire.locator('[data-test=referral-link]', { hasText: number }).first().click();
  await fire.waitForURL(/\/handlaggare\/remisser\/\d+$/);
  await expect(fire.locator('[data-test=referral-material]')).toContainText('Ett inglasat uterum');
  await scan(fire);
  await fire.locator('[data-test=referral-answer-text]').fill('Inga invändningar från räddningstjänsten.');
  await fire.locator('[data-test=referral-answer-send]').click();
  await fire.waitForURL(/\?klart=remissvar$/);
  await expect(fire.locator('[data-test=referral-answer]')).toContainText('Inga invändningar');
  await scan(fire);

  // The officer decides, with reasons and the provisions applied.
  await officer.reload();
  await expect(officer.locator('[data-test=case-referral]')).toHaveAttribute('data-answered', 'true');
  await scan(officer);
  await act(officer, scan, 'beslut', async () => {
    await officer.locator('[data-test=beslut-utfall-approved]').check();
    await officer.locator('[data-test=beslut-skal]').fill('Tillbyggnaden följer detaljplanen för Björken och påverkar inte grannarna på ett betydande sätt.');
    // The provisions field starts from the service's usual provisions.
    await expect(officer.locator('[data-test=beslut-lagrum]')).toHaveValue('Plan- och bygglagen (2010:900) 9 kap. 30–31 §§');
  });

  // The officer's statistics count the case among those decided.
  await officer.goto('/handlaggare/ko/mina');
  await officer.locator('[data-test=statistics-link]').click();
  await officer.waitForURL(/\/handlaggare\/statistik$/);
  await expect(officer.locator('[data-test=stats-table] tbody tr').first()).toBeVisible();
  await expect(officer.locator('[data-test=stats-chart] svg')).toHaveAttribute('role', 'img');
  await scan(officer);

  // The resident reads the decision and how to appeal.
  await resident.reload();
  await expect(resident.locator('[data-test=decision-outcome]')).toHaveText('Beviljas');
  await expect(resident.locator('[data-test=appeal-instructions]')).toContainText('inom tre veckor');
  await scan(resident);
  // … and as a document to print or save.
  await resident.locator('[data-test=decision-document-link]').click();
  await resident.waitForURL(/\/beslutsdokument$/);
  await expect(resident.locator('[data-test=decision-case-number]')).toHaveText(number);
  await expect(resident.locator('[data-test=decision-document]')).toContainText('inom tre veckor');
  await scan(resident);

  // A registrar registers an appeal that came in today: in time.
  const registrar = await demoSignIn(browser, 'rut', scan, javaScriptEnabled);
  await registrar.goto(casePage);
  await scan(registrar);
  await act(registrar, scan, 'overklagande', async () => {
    await registrar.locator('[data-test=overklagande-inkom]').fill(day(0));
    await registrar.locator('[data-test=overklagande-delgiven]').fill(day(0));
  });
  await expect(registrar.locator('[data-test=appeal-verdict]')).toHaveAttribute('data-in-time', 'true');

  // The organisation's administrator reads the case's trail in the audit log.
  await manager.goto('/handlaggare/start');
  await manager.locator('[data-test=staff-audit-link]').click();
  await manager.waitForURL(/\/handlaggare\/granskning$/);
  await scan(manager);
  await manager.locator('[data-test=audit-case_number]').fill(number);
  await manager.locator('[data-test=audit-submit]').click();
  await manager.waitForURL(/diarienummer=/);
  await expect(manager.locator('[data-test=audit-entry]').filter({ hasText: 'Ärende läst' }).first()).toBeVisible();
  await scan(manager);

  // Anyone finds the case in the public records register.
  const visitor = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await visitor.goto('/');
  await visitor.locator('[data-test=footer-register]').click();
  await visitor.waitForURL(/\/diarium$/);
  await scan(visitor);
  await visitor.locator('[data-test=register-number]').fill(number);
  await visitor.locator('[data-test=register-submit]').click();
  await visitor.waitForURL(/diarienummer=/);
  await expect(visitor.locator('[data-test=register-entry]').first()).toContainText(number);
  await scan(visitor);
  for (const page of [resident, officer, manager, fire, registrar, visitor]) await page.context().close();
}
