import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { expectAccessible, expectPageFrame } from './helpers';

// Signing in with an e-ID through the test OpenID provider (end2end/oidc-provider, started by
// .ci/serve-e2e), My pages in both languages, my data, and signing out at the provider too.

/** At the provider's login page: scan it, choose the person, sign in. */
async function signInAtProvider(page: Page, person: string) {
  await page.waitForURL(/127\.0\.0\.1:320[123]\/interaction\//);
  await expectAccessible(page);
  await page.locator(`[data-test=person-${person}]`).check();
  await page.locator('[data-test=sign-in]').click();
}

test('a resident signs in with an e-ID, reads My pages in two languages, downloads their data and signs out', async ({ page }) => {
  await page.goto('/tjanster/norrvik-bygglov');
  await page.locator('[data-test=sign-in-link]').click();
  await page.waitForURL(/\/logga-in$/);
  await expectPageFrame(page);
  await expectAccessible(page);
  await page.locator('[data-test=sign-in-bankid]').click();
  await signInAtProvider(page, 'tolvan');
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=my-pages-name]')).toHaveText('Tolvan Tolvansson');
  await expect(page.locator('[data-test=masked-number]')).toHaveText('19121212-****');
  await expect(page.locator('[data-test=signed-in-as]')).toHaveText('Tolvan Tolvansson');
  await expect(page.locator('[data-test=sign-in-history] tbody tr')).toHaveCount(1);
  await expectPageFrame(page);
  await expectAccessible(page);

  await page.locator('[data-test=lang-switch]').click();
  await page.waitForURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('[data-test=my-pages-link]')).toHaveText('My pages');
  await expectAccessible(page);

  await page.locator('[data-test=my-data-link]').click();
  await page.waitForURL(/\/mina-sidor\/mina-uppgifter$/);
  await expect(page.locator('[data-test=my-data-person]')).toContainText('19121212-1212');
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('main [data-test=my-data-download]').click(),
  ]);
  const data = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
  expect(data.personal_identity_number).toBe('19121212-1212');
  expect(data.given_name).toBe('Tolvan');

  // Signing out ends the portal's session, then the provider's (after it asks).
  await page.locator('[data-test=sign-out]').click();
  await page.waitForURL(/127\.0\.0\.1:3201\//);
  await expectAccessible(page);
  await page.locator('[data-test=confirm-logout]').click();
  await page.waitForURL(/\/utloggad$/);
  await expect(page.locator('[data-test=signed-out]')).toBeVisible();
  await expect(page.locator('[data-test=sign-in-link]')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/mina-sidor');
  await page.waitForURL(/\/logga-in\?till=/);
  // A signed form's step opened while signed out: its start page, which says to sign in first.
  await page.goto('/formular/norrvik-bygglov/atgard');
  await page.waitForURL(/\/formular\/norrvik-bygglov$/);
  await expect(page.locator('[data-test=form-sign-in-first]')).toBeVisible();
  await expectAccessible(page);
});

test('an e-ID below the level the services need is refused with a way to choose another', async ({ page }) => {
  await page.goto('/logga-in');
  await page.locator('[data-test=sign-in-broker]').click();
  await signInAtProvider(page, 'lagniva');
  await page.waitForURL(/\/logga-in\/problem\?orsak=tillitsniva/);
  await expect(page.locator('h1')).toHaveText('Din e-legitimation räcker inte här');
  await expect(page.locator('[data-test=sign-in-bankid]')).toBeVisible();
  await expect(page.locator('[data-test=sign-in-broker]')).toHaveCount(0);
  await expect(page.locator('[data-test=sign-in-link]')).toBeVisible();
  await expectAccessible(page);
});

test('contact details: problems shown beside each field, then saved and the e-mail awaiting confirmation', async ({ page }) => {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-lisa]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await page.locator('[data-test=profile-link]').click();
  await page.waitForURL(/\/mina-sidor\/profil$/);
  await expectAccessible(page);
  await page.locator('#email').fill('lisa@example');
  await page.locator('#notify-sms').check();
  await page.locator('[data-test=profile-save]').click();
  await expect(page.locator('[data-test=error-summary]')).toBeVisible();
  await expect(page.locator('[data-test=field-error]')).toHaveCount(2);
  await expect(page.locator('#email')).toHaveValue('lisa@example');
  await expectAccessible(page);
  await page.locator('#email').fill('lisa.lindqvist@example.se');
  await page.locator('#notify-sms').uncheck();
  await page.locator('#notify-email').check();
  await page.locator('[data-test=profile-save]').click();
  await expect(page.locator('[data-test=profile-saved]')).toBeVisible();
  await expect(page.locator('[data-test=email-unconfirmed]')).toBeVisible();
  await expectAccessible(page);

  // The link arrives by mail (.ci/serve-e2e keeps mail as files); opening it shows a button.
  const link = await confirmationLink('lisa.lindqvist@example.se');
  await page.goto(link);
  await expectAccessible(page);
  await page.locator('[data-test=confirm-email]').click();
  await page.waitForURL(/resultat=klar/);
  await expect(page.locator('[data-test=email-confirmed]')).toBeVisible();
  await expectAccessible(page);
  await page.goto('/mina-sidor/profil');
  await expect(page.locator('[data-test=email-confirmed]')).toBeVisible();
});

/** The confirmation link in the newest message to `to` in the mail folder, waiting for it. */
async function confirmationLink(to: string): Promise<string> {
  const dir = '/tmp/portal-e2e-mail';
  for (let i = 0; i < 100; i++) {
    const texts = fs.readdirSync(dir).filter((f) => f.startsWith('confirm-email-'))
      .map((f) => fs.readFileSync(`${dir}/${f}`, 'utf8')).filter((t) => t.includes(`To: ${to}`));
    const link = texts.pop()?.split(/\r?\n/).find((l) => l.includes('/bekrafta-epost?kod='));
    if (link) return new URL(link.trim()).pathname + new URL(link.trim()).search;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no confirmation mail to ${to}`);
}

test('the demo test persons sign in without an e-ID', async ({ page }) => {
  await page.goto('/logga-in');
  await page.locator('[data-test=demo-sign-in-link]').click();
  await page.waitForURL(/\/demo-inloggning/);
  await expectPageFrame(page);
  await expectAccessible(page);
  await page.locator('[data-test=demo-person-agda]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);
  await expect(page.locator('[data-test=my-pages-name]')).toHaveText('Agda Andersson');
  await page.locator('[data-test=sign-out]').click();
  await page.waitForURL(/\/utloggad$/);
  await expectAccessible(page);
});

test('a member of staff signs in with two factors and an administrator gives and removes a role', async ({ page }) => {
  await page.goto('/handlaggare');
  await expectPageFrame(page);
  await expectAccessible(page);
  await page.locator('[data-test=sign-in-norrvik-personal]').click();
  await signInAtProvider(page, 'stina');
  await page.waitForURL(/\/handlaggare\/start$/);
  await expect(page.locator('[data-test=staff-name]')).toHaveText('Stina Ståhl');
  await expect(page.locator('[data-test=staff-roles]')).toHaveText('Administratör');
  await expectAccessible(page);
  await page.locator('[data-test=staff-roles-link]').click();
  await page.waitForURL(/\/handlaggare\/roller$/);
  await expectAccessible(page);
  const row = page.locator('[data-test=staff-list] tbody tr').first();
  await row.locator('select[name=role]').selectOption('case-officer');
  await row.locator('button[data-test^=grant-]').click();
  await page.waitForURL(/\/handlaggare\/roller$/);
  // The first row is the same member after the page reloads (the list is by name); the demo's
  // own staff are listed too, so only this row is counted.
  await expect(row.locator('button[data-test$=-case-officer]')).toHaveCount(1);
  await expectAccessible(page);
  await row.locator('button[data-test$=-case-officer]').click();
  await page.waitForURL(/\/handlaggare\/roller$/);
  await expect(row.locator('button[data-test$=-case-officer]')).toHaveCount(0);
});
