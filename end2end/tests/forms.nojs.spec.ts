import { test } from '@playwright/test';
import { expectAccessibleWithoutJs } from './helpers';
import { artsSchool, documentRequest, faultReport, feedback, printView, signedInDraft } from './form-flows';

// Without JavaScript every step posts and redirects; answers and errors live on the server.
test('without JavaScript: fault report with every error its steps can give', async ({ page }) => {
  await faultReport(page, expectAccessibleWithoutJs);
});

test('without JavaScript: feedback and complaint', async ({ page }) => {
  await feedback(page, expectAccessibleWithoutJs);
});

test('without JavaScript: request for public documents', async ({ page }) => {
  await documentRequest(page, expectAccessibleWithoutJs);
});

test('without JavaScript: arts school registration with a repeating group', async ({ page }) => {
  await artsSchool(page, expectAccessibleWithoutJs);
});

test('without JavaScript: printable form', async ({ page }) => {
  await printView(page, expectAccessibleWithoutJs);
});

test('without JavaScript: a signed-in draft, found and deleted in My pages', async ({ page }) => {
  await signedInDraft(page, expectAccessibleWithoutJs);
});
