// HTML pages of the test OpenID Connect providers: login, logout, logged-out and error pages.
//
// Real browsers visit these in the accessibility-scanned end-to-end tests, so they must be valid
// HTML5 in Swedish, work without JavaScript and carry no inline script at all.

import { createHash } from 'node:crypto';

import { describePerson } from './profiles.mjs';

const HEADING_PREFIX = 'Test-e-legitimation (endast för test)';

// Colours chosen for WCAG AA contrast against white (text #1b1b1b ≈ 17:1, buttons #1d4f91 ≈ 8:1).
const STYLE = `body{font-family:system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0;line-height:1.5}
main{max-width:36rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem}
fieldset{border:1px solid #595959;padding:1rem;margin:0 0 1rem}
legend{font-weight:bold;padding:0 .25rem}
.person{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.person input{margin-top:.35rem}
.detail{display:block;color:#404040}
button{font:inherit;padding:.5rem 1rem;margin:0 .5rem .5rem 0;border:2px solid #1d4f91;border-radius:4px;cursor:pointer}
.primary{background:#1d4f91;color:#fff}
.secondary{background:#fff;color:#1d4f91}
button:focus-visible,input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.error{border-left:4px solid #a4000f;padding:.5rem 1rem;color:#a4000f}`;

// The style is the only inline content; a hash lets the CSP forbid everything else.
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every page of ours carries (interaction pages and provider-rendered ones). */
export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': CSP,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** `heading` and `body` must already be escaped HTML; `title` is plain text. */
function layout({ title, heading, body }) {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`;
}

function heading(profile, what) {
  return `${escapeHtml(HEADING_PREFIX)}: ${escapeHtml(what)} – ${escapeHtml(profile.title)}`;
}

/**
 * The login form. Field contract (also in README.md): `person=<id>` logs in as that person,
 * `cancel=1` (the "Avbryt" button) aborts with error=access_denied.
 */
export function loginPage({
  profile, action, clientName, selected, error,
}) {
  const persons = profile.persons.map((person) => {
    const id = `person-${person.id}`;
    const checked = person.id === selected ? ' checked' : '';
    return `<div class="person">
<input type="radio" name="person" id="${escapeHtml(id)}" value="${escapeHtml(person.id)}" data-test="${escapeHtml(id)}" required${checked}>
<label for="${escapeHtml(id)}">${escapeHtml(`${person.givenName} ${person.familyName}`)} <span class="detail">${escapeHtml(describePerson(person))}</span></label>
</div>`;
  }).join('\n');

  const errorHtml = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : '';

  return layout({
    title: `Logga in – ${HEADING_PREFIX} – ${profile.title}`,
    heading: heading(profile, 'Logga in'),
    body: `<p>Det här är en testtjänst. Ingen riktig identifiering sker: välj en testperson för att logga in hos ${escapeHtml(clientName)}.</p>
${errorHtml}<form method="post" action="${escapeHtml(action)}">
<fieldset>
<legend>Välj testperson</legend>
${persons}
</fieldset>
<button type="submit" class="primary" data-test="sign-in">Logga in</button>
<button type="submit" class="secondary" name="cancel" value="1" formnovalidate data-test="cancel">Avbryt</button>
</form>`,
  });
}

const LOGOUT_TEXT = {
  'signed-in': '<p>Vill du logga ut från test-e-legitimationen?</p>',
  'no-session': '<p>Du är inte inloggad hos test-e-legitimationen. Fortsätt för att gå tillbaka till tjänsten.</p>',
  'switch-person': '<p>Du är redan inloggad som en annan testperson. Fortsätt för att logga ut den och logga in med den nya.</p>',
};

/**
 * Logout confirmation. `formHtml` is oidc-provider's (empty) form carrying the xsrf token; the
 * buttons submit it through their `form` attribute. `logout=yes` ends the whole session at this
 * provider, without it only the client's grant is revoked. `situation`: `signed-in` (the RP asked
 * for logout), `no-session` (the RP asked, but there is nothing to end) or `switch-person` (a
 * different person logged in over an existing session; the old one must be logged out first).
 */
export function logoutPage({ profile, formHtml, situation }) {
  const keepButton = situation === 'signed-in'
    ? '\n<button type="submit" form="op.logoutForm" class="secondary" data-test="keep-session">Nej, förbli inloggad</button>'
    : '';
  return layout({
    title: `Logga ut – ${HEADING_PREFIX} – ${profile.title}`,
    heading: heading(profile, 'Logga ut'),
    body: `${LOGOUT_TEXT[situation]}
${formHtml}
<button type="submit" form="op.logoutForm" class="primary" name="logout" value="yes" data-test="confirm-logout">${situation === 'signed-in' ? 'Ja, logga ut' : 'Fortsätt'}</button>${keepButton}`,
  });
}

/** Shown after logout when the relying party gave no post_logout_redirect_uri. */
export function loggedOutPage({ profile, clientName }) {
  const from = clientName ? ` från ${escapeHtml(clientName)}` : '';
  return layout({
    title: `Utloggad – ${HEADING_PREFIX} – ${profile.title}`,
    heading: heading(profile, 'Utloggad'),
    body: `<p data-test="logged-out">Du är utloggad${from}.</p>`,
  });
}

/** Errors that cannot be sent back to the relying party (bad redirect_uri, expired login …). */
export function errorPage({ profile, error, description }) {
  return layout({
    title: `Fel – ${HEADING_PREFIX} – ${profile.title}`,
    heading: heading(profile, 'Något gick fel'),
    body: `<p>Inloggningen kunde inte genomföras. Gå tillbaka till tjänsten och försök igen.</p>
<dl data-test="error">
<dt>Fel</dt><dd>${escapeHtml(error)}</dd>${description ? `\n<dt>Beskrivning</dt><dd>${escapeHtml(description)}</dd>` : ''}
</dl>`,
  });
}
