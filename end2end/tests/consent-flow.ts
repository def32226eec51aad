import { expect, Page } from '@playwright/test';
import { hydrated } from './helpers';
import {
  next, pick, press, Scan, signOnDemoPage, type,
} from './keyboard';

// Both guardians' consent, walked with JavaScript on (consent.spec.ts) and off
// (consent.nojs.spec.ts): Anna Berg, acting for Maja, applies for a preschool place; Erik Berg
// approves it from his own My pages. Every page visited is scanned with `scan`.

const FORM = '/formular/norrvik-forskola';

async function signIn(page: Page, person: string) {
  await page.goto('/demo-inloggning');
  await page.locator(`[data-test=demo-person-${person}]`).check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
}

async function signOut(page: Page) {
  await page.context().clearCookies();
}

/** Today plus `days`, as the form's date question takes it (YYYY-MM-DD, Swedish time is close enough). */
function inDays(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** Anna: the form first asks her to choose the child; acting for Maja she applies, and the
 * confirmation says it waits for the other guardian. */
export async function guardianApplies(page: Page, scan: Scan) {
  await signIn(page, 'anna');
  await page.goto(FORM);
  await expect(page.locator('[data-test=form-for-someone-first]')).toBeVisible();
  await scan(page);
  await page.locator('[data-test=form-for-child-link]').click();
  await page.waitForURL(/\/mina-sidor\/foretrada$/);
  await page.getByLabel('Maja Berg').check();
  await page.locator('[data-test=represent-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);

  await page.goto(FORM);
  await hydrated(page);
  await expect(page.locator('[data-test=form-for-child]')).toContainText('Maja Berg');
  await scan(page);
  await page.locator('[data-test=start-button]').click();
  await page.waitForURL(new RegExp(`${FORM}/start$`));
  await page.waitForLoadState('networkidle');
  // Bad input: the error summary, the title, the page scanned.
  await page.locator('[data-test=continue]').click();
  await expect(page.locator('[data-test=error-summary]')).toBeVisible();
  await expect(page).toHaveTitle(/^Fel: /);
  await scan(page);
  // The answers by keyboard only: Tab, typing, the arrow keys in radio groups, Enter.
  await type(page, '#f-startdatum', inDays(60));
  await type(page, '#f-timmar', '35');
  await type(page, '#f-schema', 'Måndag–fredag 8–15.');
  await next(page, scan, new RegExp(`${FORM}/forskolor$`));
  await pick(page, '#f-forskola1-norrvik-forskolan-solrosen');
  await pick(page, '#f-forskola2-norrvik-forskolan-granen');
  await next(page, scan, new RegExp(`${FORM}/syskon$`));
  await pick(page, '#f-har_syskon-no');
  await next(page, scan, new RegExp(`${FORM}/kontrollera$`));
  await expect(page.locator('[data-test=offer-by]')).toContainText('skollagen 8 kap. 14 §');
  // Sending is signing: the demo's signing page stands in for the e-ID. Cancelled first: back
  // to the check page, which says nothing was sent; then signed.
  await expect(page.locator('[data-test=send]')).toHaveText('Skriv under och skicka in');
  await press(page, '[data-test=send]', 'Enter');
  await page.waitForURL(/\/demo-signering\?flode=[0-9a-f]{32}$/);
  await expect(page.locator('[data-test=signer]')).toHaveText('Anna Berg');
  await expect(page.locator('[data-test=digest]')).toHaveText(/^[0-9a-f]{64}$/);
  await scan(page);
  await press(page, '[data-test=demo-sign-cancel]', 'Enter');
  await page.waitForURL(new RegExp(`${FORM}/kontrollera\\?signering=avbruten$`));
  await expect(page.locator('[data-test=signing-problem]')).toContainText('Du avbröt underskriften');
  await scan(page);
  await signOnDemoPage(page, scan, { signer: 'Anna Berg' }, new RegExp(`${FORM}/kvitto/FSK-\\d{4}-[0-9A-Z]{8}$`));
  await expect(page.locator('[data-test=consent-waiting]')).toBeVisible();
  await expect(page.locator('[data-test=case-number]')).toHaveCount(0);
  await scan(page);

  await page.goto('/mina-sidor');
  await expect(page.locator('[data-test=consent-application]').first()).toContainText('Väntar på den andra vårdnadshavaren');
  await scan(page);
  await signOut(page);
}

/** Erik: the task in his My pages, the application read-only, approve; the case is opened. */
export async function otherGuardianApproves(page: Page, scan: Scan) {
  await signIn(page, 'erik');
  const task = page.locator('[data-test=consent-task]').first();
  await expect(task).toContainText('Godkänn Anna Bergs ansökan för Maja Berg');
  await scan(page);
  await task.click();
  await page.waitForURL(/\/mina-sidor\/samtycken\/\d+$/);
  await expect(page.locator('[data-test=consent-answers]')).toContainText('Förskolan Solrosen');
  await scan(page);
  await page.locator('[data-test=consent-approve]').click();
  await page.waitForURL(/\/mina-sidor\/samtycken\/\d+\?besvarad=ja$/);
  await expect(page.locator('[data-test=consent-answered]')).toBeVisible();
  await expect(page.locator('[data-test=consent-state]')).toHaveText('Godkänd av båda vårdnadshavarna');
  await expect(page.locator('[data-test=consent-approve]')).toHaveCount(0);
  await scan(page);
  await signOut(page);

  // Anna sees the case in My cases.
  await signIn(page, 'anna');
  await page.goto('/mina-sidor');
  const application = page.locator('[data-test=consent-application]').first();
  await expect(application).toContainText('Godkänd av båda vårdnadshavarna');
  await application.locator('a').click();
  await page.waitForURL(/\/mina-sidor\/samtycken\/\d+$/);
  await page.locator('[data-test=consent-case-link]').click();
  await page.waitForURL(/\/mina-sidor\/arenden\/\d+$/);
  await expect(page.locator('h1')).toBeVisible();
  // The case keeps Anna's signature: who, with which e-ID, and that the text signed is intact.
  await expect(page.locator('[data-test=signature-signer]')).toHaveText('Anna Berg');
  await expect(page.locator('[data-test=signature-intact]')).toHaveAttribute('data-intact', 'true');
  await scan(page);
  await signOut(page);
}
