import { expect, Page } from '@playwright/test';

// Filling in forms the way a keyboard-only user does: Tab to a field, type, Space or Enter,
// arrow keys in a radio group, Space on a file input to open its chooser. A field Tab never
// reaches fails the test.

export type Scan = (page: Page) => Promise<void>;

/** Presses Tab until `selector` has the focus (the way a keyboard user gets there). */
export async function tabTo(page: Page, selector: string) {
  const target = page.locator(selector).first();
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

export async function type(page: Page, selector: string, text: string) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

export async function press(page: Page, selector: string, key: 'Space' | 'Enter') {
  await tabTo(page, selector);
  await page.keyboard.press(key);
}

/** A radio button the keyboard way: Tab into its group (at the one checked, else the first),
 * then Space there or the arrow keys to it. */
export async function pick(page: Page, selector: string) {
  const target = page.locator(selector);
  const name = await target.getAttribute('name');
  const group = `input[type=radio][name="${name}"]`;
  const entry = (await page.locator(`${group}:checked`).count()) > 0 ? `${group}:checked` : group;
  await tabTo(page, entry);
  if (await target.evaluate((e) => e === document.activeElement)) {
    await page.keyboard.press('Space');
  }
  for (let i = 0; i < 20 && !(await target.isChecked()); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(target).toBeChecked();
}

/** Tab to a file input, open its chooser with Space and pick `files`. */
export async function attachFiles(page: Page, selector: string, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await tabTo(page, selector);
  // Headless Chromium now and then lets a Space on a focused file input pass without reporting
  // a chooser (seen once in 20-odd runs, JavaScript off): the focus is checked and Space pressed
  // again, up to three times, before the test fails.
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await page.keyboard.press('Space');
    const opened = await chooser;
    if (opened) {
      await opened.setFiles(files);
      return;
    }
    if (attempt === 3) throw new Error(`Space on ${selector} opened no file chooser`);
    await expect(page.locator(selector)).toBeFocused();
  }
}

/** Tab to a file input, open its chooser with Space and pick one PDF named `name`. */
export async function attach(page: Page, selector: string, name: string, pdf: Buffer) {
  await attachFiles(page, selector, [{ name, mimeType: 'application/pdf', buffer: pdf }]);
}

/** "Continue" by keyboard; the next page has no problems and is scanned. */
export async function next(page: Page, scan: Scan, to: RegExp) {
  await press(page, '[data-test=continue]', 'Enter');
  await page.waitForURL(to);
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-test=error-summary]')).toHaveCount(0);
  await scan(page);
}

/** Sending a signed form by keyboard: "Sign and send" on the check page leads to the demo's
 * signing page (standing in for the e-ID), which names the signer and the form; it is scanned
 * and signed there, and the browser lands on `receipt`. */
export async function signOnDemoPage(page: Page, scan: Scan, who: { signer?: string; what?: string }, receipt: RegExp) {
  await press(page, '[data-test=send]', 'Enter');
  await page.waitForURL(/\/demo-signering\?flode=[0-9a-f]{32}$/);
  if (who.signer) await expect(page.locator('[data-test=signer]')).toHaveText(who.signer);
  if (who.what) await expect(page.locator('[data-test=what]')).toHaveText(who.what);
  await scan(page);
  await press(page, '[data-test=demo-sign]', 'Enter');
  await page.waitForURL(receipt);
}
