// The portals the browser tests talk to (started by playwright.config.ts through .ci/serve-e2e).

/** The main portal: today's date. */
export const PORT = process.env.E2E_PORT ?? '3100';
/** A second portal whose demo clock shows 15 January 2027, inside school choice's application
 * period (10–31 January), for the flows that depend on the date. */
export const SCHOOL_PERIOD_PORT = String(Number(PORT) + 10);
export const SCHOOL_PERIOD_DATE = '2027-01-15';
export const SCHOOL_PERIOD_URL = process.env.E2E_SCHOOL_PERIOD_URL ?? `http://127.0.0.1:${SCHOOL_PERIOD_PORT}`;
