// With JavaScript, a step's files are uploaded and removed in place: the upload's progress is
// shown while it goes (on a slowed line), the list and a status line follow without the page
// loading again, a wrong file's problem comes in the error summary with the focus there, a
// double click uploads once, and removing a file leaves the focus on the question. By keyboard,
// with an axe scan at each state. (Without JavaScript the same buttons post the form: the
// case flows of cases.nojs.spec.ts.)
import { expect, Page, test } from '@playwright/test';
import { buildingPermitFirstStep } from './case-flow';
import { expectAccessible } from './helpers';
import { attach, attachFiles, press } from './keyboard';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** Whether the page is still the one loaded before (a reload would drop the marker). */
async function samePage(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true);
}

test('files are uploaded with their progress shown and removed in place', async ({ page, context, baseURL }) => {
  await page.goto('/demo-inloggning');
  await page.locator('[data-test=demo-person-lisa]').check();
  await page.locator('[data-test=demo-sign-in-submit]').click();
  await page.waitForURL(/\/mina-sidor$/);

  await buildingPermitFirstStep(page);
  await page.waitForLoadState('networkidle');
  await expectAccessible(page);
  await page.evaluate(() => { (window as unknown as { stillHere: boolean }).stillHere = true; });

  // A slow line (about 400 kB/s up): the progress of a 2 MB site plan is there to see.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024,
  });
  const sitePlan = page.locator('[data-test=files-situationsplan]');
  await attach(page, '#f-situationsplan', 'situationsplan.pdf', Buffer.concat([PDF, Buffer.alloc(2_000_000, 0x20)]));
  await press(page, '[data-test=files-situationsplan] [data-test=upload-file]', 'Enter');
  const progress = sitePlan.locator('[data-test=upload-progress]');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Laddar upp situationsplan.pdf');
  await expect.poll(async () => Number(await progress.locator('progress').getAttribute('value')), { timeout: 10_000 })
    .toBeGreaterThan(0);
  await expectAccessible(page);
  await expect(progress).toBeHidden({ timeout: 30_000 });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1,
  });
  await expect(sitePlan.locator('[data-test=attached-file]')).toHaveCount(1);
  await expect(sitePlan.locator('[data-test=attached-file]')).toContainText('situationsplan.pdf');
  await expect(sitePlan.locator('[data-test=upload-status]')).toHaveText('situationsplan.pdf är bifogad.');
  // One file is all the site plan takes: its input and button are gone, the focus on its list.
  await expect(page.locator('#f-situationsplan')).toHaveCount(0);
  await expect(page.locator('#f-situationsplan-attached')).toBeFocused();
  expect(await samePage(page)).toBe(true);
  await expectAccessible(page);

  // A web page named as a PDF: refused by name in the summary, which takes the focus.
  const drawings = page.locator('[data-test=files-planritningar]');
  await attachFiles(page, '#f-planritningar', [
    { name: 'fasad.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>inte en pdf</html>') },
  ]);
  await press(page, '[data-test=files-planritningar] [data-test=upload-file]', 'Enter');
  const summary = page.locator('[data-test=error-summary]');
  await expect(summary).toContainText('Filen fasad.pdf är inte det som filnamnet säger');
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle(/^Fel: /);
  await expect(drawings.locator('[data-test=field-error]')).toContainText('fasad.pdf');
  await expect(drawings.locator('[data-test=attached-file]')).toHaveCount(0);
  expect(await samePage(page)).toBe(true);
  await expectAccessible(page);

  // Two drawings with a double click on "upload": attached once each, the problem gone.
  await attachFiles(page, '#f-planritningar', [
    { name: 'fasad-soder.png', mimeType: 'image/png', buffer: PNG },
    { name: 'plan-1.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await drawings.locator('[data-test=upload-file]').dblclick();
  await expect(drawings.locator('[data-test=upload-status]')).toHaveText('fasad-soder.png, plan-1.pdf är bifogade.');
  await expect(drawings.locator('[data-test=attached-file]')).toHaveCount(2);
  await expect(summary).toHaveCount(0);
  await expect(page).not.toHaveTitle(/^Fel: /);
  // The upload button keeps the focus (there is room for more).
  await expect(drawings.locator('[data-test=upload-file]')).toBeFocused();

  // Removing one by keyboard: gone from the list, said on the status line, the focus on the
  // question's file input.
  await press(page, '[data-test=files-planritningar] [data-test=remove-file]', 'Enter');
  await expect(drawings.locator('[data-test=attached-file]')).toHaveCount(1);
  await expect(drawings.locator('[data-test=attached-file]')).toContainText('plan-1.pdf');
  await expect(drawings.locator('[data-test=upload-status]')).toHaveText('fasad-soder.png är borttagen.');
  await expect(page.locator('#f-planritningar')).toBeFocused();
  expect(await samePage(page)).toBe(true);
  await expectAccessible(page);

  // The server holds what the page shows: loaded again, the same two files.
  await page.reload();
  await expect(page.locator('[data-test=attached-file]')).toHaveCount(2);

  // "Continue" with a file chosen: sent with the step, on to the applicant.
  await page.waitForLoadState('networkidle');
  await attach(page, '#f-planritningar', 'plan-2.pdf', PDF);
  await press(page, '[data-test=continue]', 'Enter');
  await page.waitForURL(/\/sokande$/);
  await page.goBack();
  await expect(page.locator('[data-test=files-planritningar] [data-test=attached-file]')).toHaveCount(2);

  // Lisa's draft is cleared, so the other tests find her as they expect.
  const cleared = await page.request.post('/formular/norrvik-bygglov/rensa', { headers: { origin: baseURL! } });
  expect(cleared.ok()).toBe(true);
});
