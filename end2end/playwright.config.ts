import { defineConfig } from '@playwright/test';

// Debian's Chromium only: never let Playwright download a browser.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

import { PORT as port, SCHOOL_PERIOD_DATE, SCHOOL_PERIOD_PORT } from './tests/servers';

// E2E_PORT: where .ci/serve-e2e starts the portal (3100), for a run beside another one; the
// second portal (school choice's application period) listens 10 above it.

export default defineConfig({
  testDir: './tests',
  // One browser at a time: with two on 2 cores a slow step of a no-JavaScript flow passed the
  // 60 s limit, and the crawl (most of the run) is one file anyway. E2E_WORKERS=2 to try again.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  retries: 0,
  fullyParallel: false,
  reporter: 'list',
  // The no-JavaScript fault report posts every error of every step: 48 s on a fresh CI run.
  timeout: 120_000,
  use: {
    baseURL: process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: chromium,
  },
  webServer: process.env.E2E_BASE_URL ? undefined : [
    {
      command: 'bash ../.ci/serve-e2e',
      url: `http://127.0.0.1:${port}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
    },
    {
      // Demo sign-ins only: a shifted clock would refuse a real e-ID's token times.
      command: `E2E_PORT=${SCHOOL_PERIOD_PORT} E2E_OIDC_PORT_BASE=${Number(SCHOOL_PERIOD_PORT) + 100} `
        + `PORTAL__DEMO_DATE=${SCHOOL_PERIOD_DATE} PORTAL__DEMO_CASES=0 bash ../.ci/serve-e2e`,
      url: `http://127.0.0.1:${SCHOOL_PERIOD_PORT}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
    },
  ],
  projects: [
    { name: 'js', testIgnore: /.*\.nojs\.spec\.ts/ },
    { name: 'nojs', testMatch: /.*\.nojs\.spec\.ts/, use: { javaScriptEnabled: false } },
  ],
});
