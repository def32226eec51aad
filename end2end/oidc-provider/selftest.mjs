// Self-test of the test OpenID Connect providers: starts provider.mjs, drives every profile through
// a real code flow over plain HTTP and checks the contract in README.md. Run: node selftest.mjs

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';

const CLIENT_ID = 'portal';
const CLIENT_SECRET = 'portal-test-secret';
const SE_PIN = 'https://id.oidc.se/claim/personalIdentityNumber';
const SE_PIN_SCOPE = 'https://id.oidc.se/scope/naturalPersonNumber';
const SE_LOA3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
const SE_LOA2 = 'http://id.elegnamnden.se/loa/1.0/loa2';

let passed = 0;
let failed = 0;

function check(name, condition, detail = '') {
  if (condition) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}${detail ? `: ${detail}` : ''}`);
  }
}

function equal(name, actual, expected) {
  const same = JSON.stringify(actual) === JSON.stringify(expected);
  check(name, same, same ? '' : `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** Redirect URIs on ports nothing listens on: only the Location header is ever read. */
function relyingPartyUri(host = '127.0.0.1', path = '/auth/callback') {
  const port = 20000 + Math.floor(Math.random() * 40000);
  return `http://${host}:${port}${path}`;
}

/** Just enough of a browser's cookie store for one host: name → value, deletions honoured. */
class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, val] = attribute.trim().split('=');
        return key.toLowerCase() === 'expires' && Date.parse(val) < Date.now();
      });
      if (expired || value === '') {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
      }
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function request(jar, url, init = {}) {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: jar.header() },
  });
  jar.store(response);
  return response;
}

/** Follows redirects that stay at the issuer; returns the first response that does not. */
async function followAtIssuer(jar, issuer, response) {
  let current = response;
  while ([302, 303].includes(current.status)) {
    const location = new URL(current.headers.get('location'), issuer);
    if (location.origin !== issuer) {
      return { response: current, location };
    }
    await current.body?.cancel();
    current = await request(jar, location);
  }
  return { response: current, location: undefined };
}

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizationUrl(discovery, {
  redirectUri, scope, state, nonce, challenge, method = 'S256', extra = {},
}) {
  const url = new URL(discovery.authorization_endpoint);
  const params = {
    client_id: CLIENT_ID, response_type: 'code', redirect_uri: redirectUri, scope, state, nonce, ...extra,
  };
  if (challenge) {
    Object.assign(params, { code_challenge: challenge, code_challenge_method: method });
  }
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  return url;
}

/**
 * One authorization: authorize → login page → POST `person` (or `cancel=1`) → back at the relying
 * party. With an existing OP session (`jar` reused) there is no login page; `loginPage` is then null.
 */
async function authorize(discovery, {
  jar = new CookieJar(), person, cancel = false, scope, redirectUri = relyingPartyUri(), extra,
}) {
  const { issuer } = discovery;
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const pkce = pkcePair();
  const url = authorizationUrl(discovery, {
    redirectUri, scope, state, nonce, challenge: pkce.challenge, extra,
  });
  let { response, location } = await followAtIssuer(jar, issuer, await request(jar, url));
  let loginPage = null;
  if (!location) {
    if (response.status !== 200) {
      throw new Error(`expected the login page, got HTTP ${response.status}: ${await response.text()}`);
    }
    loginPage = { url: response.url || url.href, html: await response.text() };
    const action = /<form method="post" action="([^"]+)"/.exec(loginPage.html)?.[1];
    const body = new URLSearchParams(cancel ? { cancel: '1' } : { person });
    ({ response, location } = await followAtIssuer(jar, issuer, await request(jar, new URL(action, issuer), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })));
  }
  // A page instead of a redirect (e.g. the switch-person logout page) is returned as `stoppedAt`.
  const stoppedAt = location ? undefined : { status: response.status, html: await response.text() };
  return {
    jar, location, stoppedAt, state, nonce, pkce, redirectUri, loginPage,
  };
}

async function exchangeCode(discovery, { location, redirectUri, pkce }) {
  const basic = Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code'),
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`token endpoint: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** Full flow up to the ID token; checks the redirect back and the token basics along the way. */
async function loginAndGetIdToken(label, discovery, options) {
  const flow = await authorize(discovery, options);
  const { location } = flow;
  if (!location) {
    throw new Error(`${label}: flow did not return to the relying party: HTTP ${flow.stoppedAt.status} ${flow.stoppedAt.html}`);
  }
  equal(`${label}: redirect goes to the relying party's redirect_uri`, `${location.origin}${location.pathname}`, flow.redirectUri);
  equal(`${label}: iss in the authorization response`, location.searchParams.get('iss'), discovery.issuer);
  equal(`${label}: state echoed`, location.searchParams.get('state'), flow.state);
  check(`${label}: code present`, Boolean(location.searchParams.get('code')));
  const tokens = await exchangeCode(discovery, flow);
  const claims = decodeJwt(tokens.id_token);
  equal(`${label}: ID token iss`, claims.iss, discovery.issuer);
  equal(`${label}: ID token aud`, claims.aud, CLIENT_ID);
  equal(`${label}: ID token nonce`, claims.nonce, flow.nonce);
  return { flow, tokens, claims };
}

/** Resolves with `true` if the ID token verifies against the issuer's published JWKS. */
async function verifiesAgainstJwks(discovery, idToken) {
  try {
    await jwtVerify(idToken, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: discovery.issuer, audience: CLIENT_ID, algorithms: ['RS256'],
    });
    return true;
  } catch (err) {
    if (err.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') {
      return false;
    }
    throw err;
  }
}

function checkPageMarkup(label, html) {
  check(`${label}: <html lang="sv">`, html.includes('<html lang="sv">'));
  equal(`${label}: exactly one <h1>`, html.match(/<h1>/g)?.length, 1);
  check(`${label}: names a TEST e-ID`, html.includes('Test-e-legitimation (endast för test)'));
  check(`${label}: has <main> and <title>`, html.includes('<main>') && /<title>[^<]+<\/title>/.test(html));
  check(`${label}: no script`, !/<script/i.test(html));
}

function nameClaims(claims) {
  return { given_name: claims.given_name, family_name: claims.family_name, name: claims.name };
}

async function residentProfile(name, discovery, { numberClaims, scope, acr }) {
  const { claims, tokens, flow } = await loginAndGetIdToken(`${name}/tolvan`, discovery, { person: 'tolvan', scope });
  equal(`${name}/tolvan: sub`, claims.sub, 'tolvan');
  equal(`${name}/tolvan: name claims`, nameClaims(claims), { given_name: 'Tolvan', family_name: 'Tolvansson', name: 'Tolvan Tolvansson' });
  equal(`${name}/tolvan: number claims`, Object.fromEntries(Object.keys(numberClaims).map((key) => [key, claims[key]])), numberClaims);
  equal(`${name}/tolvan: acr`, claims.acr, acr);
  return { claims, tokens, flow };
}

async function discover(issuer) {
  const response = await fetch(new URL('/.well-known/openid-configuration', issuer));
  return response.json();
}

async function startProvider() {
  const started = performance.now();
  const child = spawn(process.execPath, [fileURLToPath(new URL('provider.mjs', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'pipe'],
    cwd: '/',
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const lines = createInterface({ input: child.stdout });
  const extraStdout = [];
  const [first] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => { throw new Error(`provider exited (${code}) before printing: ${stderr}`); }),
  ]);
  lines.on('line', (line) => extraStdout.push(line));
  return {
    child, issuers: JSON.parse(first), startupMs: Math.round(performance.now() - started), extraStdout, stderr: () => stderr,
  };
}

async function main() {
  const provider = await startProvider();
  const { issuers } = provider;
  console.log(`# provider.mjs printed its issuers after ${provider.startupMs} ms: ${JSON.stringify(issuers)}`);
  equal('one issuer per profile', Object.keys(issuers), ['se', 'ssn', 'nin', 'staff', 'forger']);

  const discovery = {};
  for (const [name, issuer] of Object.entries(issuers)) {
    discovery[name] = await discover(issuer);
    equal(`${name}: discovery issuer`, discovery[name].issuer, issuer);
    equal(`${name}: only S256 PKCE advertised`, discovery[name].code_challenge_methods_supported, ['S256']);
    equal(`${name}: RFC 9207 iss advertised`, discovery[name].authorization_response_iss_parameter_supported, true);
  }

  const flowsStarted = performance.now();

  // se: the Swedish OIDC profile.
  const se = discovery.se;
  check('se: acr_values_supported lists loa3 and loa2', [SE_LOA3, SE_LOA2].every((v) => se.acr_values_supported?.includes(v)));
  check('se: claims_supported lists personalIdentityNumber', se.claims_supported?.includes(SE_PIN));
  const seScope = `openid profile ${SE_PIN_SCOPE}`;
  const seResult = await residentProfile('se', se, { numberClaims: { [SE_PIN]: '191212121212', birthdate: '1912-12-12' }, scope: seScope, acr: SE_LOA3 });
  check('se/tolvan: ID token verifies against the published JWKS', await verifiesAgainstJwks(se, seResult.tokens.id_token));
  equal('se: only client_secret_basic advertised', se.token_endpoint_auth_methods_supported, ['client_secret_basic']);
  const postAuth = await authorize(se, { person: 'tolvan', scope: 'openid' });
  const postAuthResponse = await fetch(se.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: postAuth.location.searchParams.get('code'),
      redirect_uri: postAuth.redirectUri,
      code_verifier: postAuth.pkce.verifier,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    }),
  });
  equal('se: client_secret_post refused', (await postAuthResponse.json()).error, 'invalid_client');
  checkPageMarkup('se login page', seResult.flow.loginPage.html);
  check('se login page: person radios, sign-in and cancel buttons', ['data-test="person-tolvan"', 'data-test="person-utan-nummer"', 'data-test="sign-in"', 'data-test="cancel"', '<fieldset>', '<legend>'].every((s) => seResult.flow.loginPage.html.includes(s)));
  check('se login page: shows number and name', seResult.flow.loginPage.html.includes('19121212-1212') && seResult.flow.loginPage.html.includes('Tolvan Tolvansson'));

  const loa2 = (await loginAndGetIdToken('se/lagniva', se, { person: 'lagniva', scope: seScope })).claims;
  equal('se/lagniva: acr is loa2', loa2.acr, SE_LOA2);
  const noNumber = (await loginAndGetIdToken('se/utan-nummer', se, { person: 'utan-nummer', scope: seScope })).claims;
  check('se/utan-nummer: no number claim at all', !(SE_PIN in noNumber) && noNumber.name === 'Nils Nummerlös');
  const wrongNumber = (await loginAndGetIdToken('se/fel-nummer', se, { person: 'fel-nummer', scope: seScope })).claims;
  equal('se/fel-nummer: the deliberately invalid number', wrongNumber[SE_PIN], '191212121213');

  // Loopback redirect URIs: any port and path, 127.0.0.1 or localhost; the OP session gives SSO.
  const otherPort = await authorize(se, { jar: seResult.flow.jar, scope: seScope, redirectUri: relyingPartyUri('localhost', '/some/other/path') });
  check('se: second port + localhost + other path accepted, SSO without login page', otherPort.loginPage === null && otherPort.location.searchParams.has('code'));

  // Logging in as someone else over an existing session: prompt=login, then the library logs the
  // old person out first, through a confirmation page with a button instead of a script.
  const switchJar = (await authorize(se, { person: 'lagniva', scope: 'openid' })).jar;
  const switchFlow = await authorize(se, { jar: switchJar, person: 'tolvan', scope: 'openid', extra: { prompt: 'login' } });
  check('se: prompt=login shows the login page again, then stops at the switch-person page', switchFlow.loginPage !== null && switchFlow.stoppedAt?.status === 200);
  const switchPage = switchFlow.stoppedAt?.html ?? '';
  checkPageMarkup('se switch-person page', switchPage);
  const switchXsrf = /name="xsrf" value="([^"]+)"/.exec(switchPage)?.[1];
  const switchAction = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(switchPage)?.[1];
  const { location: switched } = await followAtIssuer(switchJar, se.issuer, await request(switchJar, new URL(switchAction, se.issuer), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf: switchXsrf, logout: 'yes' }),
  }));
  check('se: after confirming, back at the relying party with a code', switched?.searchParams.has('code') && switched.searchParams.get('iss') === se.issuer);
  const switchedTokens = await exchangeCode(se, { ...switchFlow, location: switched });
  equal('se: the ID token is for the new person', decodeJwt(switchedTokens.id_token).sub, 'tolvan');

  // Refusals.
  const noPkce = await request(new CookieJar(), authorizationUrl(se, {
    redirectUri: relyingPartyUri(), scope: 'openid', state: 's1', nonce: 'n1',
  }));
  const noPkceLocation = new URL(noPkce.headers.get('location') ?? 'about:blank');
  equal('se: request without code_challenge refused', noPkceLocation.searchParams.get('error'), 'invalid_request');
  equal('se: that refusal carries iss', noPkceLocation.searchParams.get('iss'), se.issuer);
  const plain = await request(new CookieJar(), authorizationUrl(se, {
    redirectUri: relyingPartyUri(), scope: 'openid', state: 's2', nonce: 'n2', challenge: pkcePair().verifier, method: 'plain',
  }));
  equal('se: code_challenge_method=plain refused', new URL(plain.headers.get('location') ?? 'about:blank').searchParams.get('error'), 'invalid_request');
  for (const foreign of ['https://rp.example/callback', 'http://127.0.0.1.example/cb', 'http://localhost@rp.example/cb']) {
    const response = await request(new CookieJar(), authorizationUrl(se, {
      redirectUri: foreign, scope: 'openid', state: 's3', nonce: 'n3', challenge: pkcePair().challenge,
    }));
    const html = await response.text();
    check(`se: non-loopback redirect_uri ${foreign} refused without redirect`, response.status === 400 && !response.headers.has('location'), `HTTP ${response.status}`);
    if (foreign === 'https://rp.example/callback') {
      checkPageMarkup('se error page', html);
    }
  }
  const cancelled = await authorize(se, { cancel: true, scope: seScope });
  equal('se: cancel gives error=access_denied', cancelled.location.searchParams.get('error'), 'access_denied');
  equal('se: cancel carries iss', cancelled.location.searchParams.get('iss'), se.issuer);
  equal('se: cancel carries state', cancelled.location.searchParams.get('state'), cancelled.state);

  // RP-initiated logout: visible confirm button, no script, back to a loopback URI with state.
  const logoutUri = new URL(se.end_session_endpoint);
  const postLogout = relyingPartyUri('127.0.0.1', '/logged-out');
  logoutUri.search = new URLSearchParams({ id_token_hint: seResult.tokens.id_token, post_logout_redirect_uri: postLogout, state: 'bye' });
  const logoutPage = await request(seResult.flow.jar, logoutUri);
  const logoutHtml = await logoutPage.text();
  checkPageMarkup('se logout page', logoutHtml);
  check('se logout page: confirm button', logoutHtml.includes('data-test="confirm-logout"'));
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(logoutHtml)?.[1];
  const confirmAction = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(logoutHtml)?.[1];
  const loggedOut = await request(seResult.flow.jar, new URL(confirmAction, se.issuer), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ xsrf, logout: 'yes' }),
  });
  equal('se logout: back at post_logout_redirect_uri with state', loggedOut.headers.get('location'), `${postLogout}?state=bye`);
  const sessionless = await request(new CookieJar(), new URL(`${se.end_session_endpoint}?client_id=${CLIENT_ID}`));
  const sessionlessHtml = await sessionless.text();
  checkPageMarkup('se logout page without OP session', sessionlessHtml);
  check('se logout page without OP session: confirm button', sessionlessHtml.includes('data-test="confirm-logout"'));
  const after = await request(new CookieJar(), new URL(se.end_session_endpoint.replace('/session/end', '/session/end/success')));
  checkPageMarkup('se logged-out page', await after.text());

  // ssn: Criipto-like broker.
  await residentProfile('ssn', discovery.ssn, { numberClaims: { ssn: '191212121212' }, scope: 'openid profile', acr: 'urn:grn:authn:se:bankid:same-device' });
  const ssnLoa2 = (await loginAndGetIdToken('ssn/lagniva', discovery.ssn, { person: 'lagniva', scope: 'openid profile' })).claims;
  equal('ssn/lagniva: acr', ssnLoa2.acr, 'urn:grn:authn:se:frejaeid:basic');

  // nin: Signicat-like broker.
  await residentProfile('nin', discovery.nin, { numberClaims: { nin: '191212121212', nin_issuing_country: 'SE' }, scope: 'openid profile nin', acr: 'urn:signicat:oidc:method:sbid' });
  const ninLoa2 = (await loginAndGetIdToken('nin/lagniva', discovery.nin, { person: 'lagniva', scope: 'openid profile nin' })).claims;
  equal('nin/lagniva: acr', ninLoa2.acr, 'urn:signicat:oidc:method:freja-basic');

  // staff: the organisation's own IdP, amr in the ID token.
  const staff = discovery.staff;
  const stina = await loginAndGetIdToken('staff/stina', staff, { person: 'stina', scope: 'openid profile email' });
  equal('staff/stina: claims', {
    sub: stina.claims.sub, ...nameClaims(stina.claims), email: stina.claims.email, email_verified: stina.claims.email_verified,
  }, {
    sub: 'stina', given_name: 'Stina', family_name: 'Ståhl', name: 'Stina Ståhl', email: 'stina.stahl@norrvik.example', email_verified: true,
  });
  equal('staff/stina: amr', stina.claims.amr, ['pwd', 'mfa']);
  equal('staff/stina: acr', stina.claims.acr, 'http://schemas.openid.net/pape/policies/2007/06/multi-factor');
  checkPageMarkup('staff login page', stina.flow.loginPage.html);
  const petra = (await loginAndGetIdToken('staff/petra', staff, { person: 'petra', scope: 'openid profile email' })).claims;
  equal('staff/petra: amr', petra.amr, ['pwd']);
  equal('staff/petra: acr', petra.acr, 'urn:norrvik:password');

  // forger: normal flow, but its JWKS carries another key under the signing kid.
  const forger = discovery.forger;
  const forged = await residentProfile('forger', forger, { numberClaims: { [SE_PIN]: '191212121212' }, scope: seScope, acr: SE_LOA3 });
  const { keys } = await (await fetch(forger.jwks_uri)).json();
  const signingKid = JSON.parse(Buffer.from(forged.tokens.id_token.split('.')[0], 'base64url')).kid;
  check('forger: JWKS publishes the signing kid', keys.length === 1 && keys[0].kid === signingKid);
  check('forger: JWKS key is public only', !('d' in keys[0]));
  check('forger: its ID token does NOT verify against its JWKS', !(await verifiesAgainstJwks(forger, forged.tokens.id_token)));

  console.log(`# all flows took ${Math.round(performance.now() - flowsStarted)} ms`);
  equal('nothing but the JSON line on stdout', provider.extraStdout, []);

  // The harness's lifeline: closing stdin must end the process.
  const exitStarted = performance.now();
  const exited = once(provider.child, 'exit');
  provider.child.stdin.end();
  const timeout = new Promise((resolve) => { setTimeout(resolve, 3000, 'timeout').unref(); });
  const outcome = await Promise.race([exited, timeout]);
  check('process exits when its stdin is closed', outcome !== 'timeout', 'still running after 3 s');
  if (outcome === 'timeout') {
    provider.child.kill();
  } else {
    console.log(`# exited ${Math.round(performance.now() - exitStarted)} ms after stdin closed (code ${outcome[0]})`);
  }
  if (failed) {
    console.log(`# provider stderr:\n${provider.stderr()}`);
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.log(`not ok - selftest crashed: ${err.stack}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
