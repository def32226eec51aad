// Starts the test OpenID Connect providers (panva/oidc-provider) for the portal's integration and
// browser tests; prints one JSON line {profile: issuer} to stdout when all listen. See README.md.

import http from 'node:http';
import { format } from 'node:util';

import Provider, { errors } from 'oidc-provider';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

import { PROFILES } from './profiles.mjs';
import {
  PAGE_HEADERS, errorPage, escapeHtml, loggedOutPage, loginPage, logoutPage,
} from './pages.mjs';

// stdout carries exactly one JSON line that test harnesses parse, but oidc-provider prints its
// notices with console.info (stdout). Send all console output to stderr, and print each distinct
// notice once: five issuers would otherwise repeat every library warning five times.
const seenNotices = new Set();
function toStderr(...args) {
  const line = format(...args);
  if (!seenNotices.has(line)) {
    seenNotices.add(line);
    process.stderr.write(`${line}\n`);
  }
}
console.log = toStderr;
console.info = toStderr;
console.warn = toStderr;

const CLIENT = {
  client_id: 'portal',
  client_secret: 'portal-test-secret',
  client_name: 'Portalen (test)',
  token_endpoint_auth_method: 'client_secret_basic',
  response_types: ['code'],
  grant_types: ['authorization_code'],
  id_token_signed_response_alg: 'RS256',
  // Placeholders: the relying party runs on random loopback ports, so any loopback URI is
  // accepted instead (see allowLoopbackRedirects).
  redirect_uris: ['http://127.0.0.1/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1/'],
};

// Fixed so cookies stay valid for the life of the process; secrecy does not matter for a test OP.
const COOKIE_KEYS = ['c8Tq2vX9mN4bR7wK1pZ6yH3sD0fJ5gLa'];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);
const MAX_FORM_BYTES = 8 * 1024;

/** `OIDC_PORTS=se:4101,ssn:4102` → { se: 4101, ssn: 4102 }; unlisted profiles get port 0. */
function parsePorts(spec = '') {
  const ports = {};
  for (const entry of spec.split(',').map((part) => part.trim()).filter(Boolean)) {
    const [name, port] = entry.split(':');
    if (!(name in PROFILES) || !/^\d+$/.test(port ?? '')) {
      throw new Error(`OIDC_PORTS: bad entry "${entry}" (expected profile:port, profiles: ${Object.keys(PROFILES).join(', ')})`);
    }
    ports[name] = Number(port);
  }
  return ports;
}

async function rsaSigningJwk() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return {
    ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig',
  };
}

function publicPart({
  kty, n, e, kid, alg, use,
}) {
  return {
    kty, n, e, kid, alg, use,
  };
}

/**
 * Any http://127.0.0.1:<port>/<path> or http://localhost:<port>/<path>. oidc-provider's own
 * loopback rule only covers native clients and only lets the port vary, while the portal is a
 * confidential web client whose test servers pick both port and callback path.
 */
function isLoopbackUri(value) {
  if (typeof value !== 'string' || value.includes('#') || !URL.canParse(value)) {
    return false;
  }
  const url = new URL(value);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && !url.username && !url.password;
}

function allowLoopbackRedirects(provider) {
  provider.Client.prototype.redirectUriAllowed = isLoopbackUri;
  provider.Client.prototype.postLogoutRedirectUriAllowed = isLoopbackUri;
}

function setPageHeaders(ctx) {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) {
    ctx.set(name, value);
  }
}

function configuration(name, profile, signingJwk) {
  const persons = new Map(profile.persons.map((person) => [person.id, person]));
  return {
    clients: [CLIENT],
    jwks: { keys: [signingJwk] },
    responseTypes: ['code'],
    // Only Basic: the library otherwise also accepts the secret in the body for this client, which
    // would hide a relying party that sends it the wrong way.
    clientAuthMethods: ['client_secret_basic'],
    scopes: ['openid'],
    subjectTypes: ['public'],
    claims: profile.claims,
    acrValues: profile.acrValues,
    // The portal reads identity from the ID token, so the requested scopes' claims go there;
    // oidc-provider would otherwise keep them for the userinfo endpoint only.
    conformIdTokenClaims: false,
    // Make redirect_uri mandatory, so the placeholder in CLIENT is never used.
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { methods: ['S256'], required: () => true },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, formHtml) {
          setPageHeaders(ctx);
          ctx.body = logoutPage({ profile, formHtml, situation: 'signed-in' });
        },
        async postLogoutSuccessSource(ctx) {
          setPageHeaders(ctx);
          ctx.body = loggedOutPage({ profile, clientName: ctx.oidc.client?.clientName });
        },
      },
    },
    cookies: {
      // Browsers do not separate cookies by port: every issuer (and the relying party) shares
      // 127.0.0.1, so each issuer needs its own cookie names or they overwrite each other.
      names: {
        session: `op_${name}_session`,
        interaction: `op_${name}_interaction`,
        resume: `op_${name}_resume`,
      },
      keys: COOKIE_KEYS,
      // SameSite=None (the library's default for the session) is dropped by browsers on plain http.
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    // Library defaults, spelled out so it does not print a notice for each.
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
    },
    clientBasedCORS: () => false,
    async findAccount(ctx, id) {
      const person = persons.get(id);
      if (!person) {
        return undefined;
      }
      return {
        accountId: id,
        async claims() {
          return { sub: id, ...profile.personClaims(person) };
        },
      };
    },
    // Implicit consent: the portal is first-party, so it gets every requested scope and claim.
    async loadExistingGrant(ctx) {
      const { client, session, provider } = ctx.oidc;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      let grant = grantId ? await provider.Grant.find(grantId) : undefined;
      if (!grant || grant.accountId !== session.accountId) {
        grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      }
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      setPageHeaders(ctx);
      ctx.body = errorPage({ profile, error: out.error, description: out.error_description });
    },
  };
}

/**
 * oidc-provider answers two cases with a logout form that submits itself by an inline script:
 * end_session when the browser has no session here, and resuming a login as a different person
 * than the session's (it logs the old one out first). Our pages carry no script, so show the same
 * form with a visible button instead.
 */
function scriptFreeLogout(profile) {
  return async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    const secret = ctx.oidc?.session?.state?.secret;
    const autoSubmit = typeof ctx.body === 'string' && ctx.body.includes('document.forms[0].submit()');
    if (!secret || !autoSubmit || !(route === 'end_session' || route === 'resume')) {
      return;
    }
    const action = ctx.oidc.urlFor('end_session_confirm');
    const formHtml = `<form id="op.logoutForm" method="post" action="${escapeHtml(action)}"><input type="hidden" name="xsrf" value="${escapeHtml(secret)}"></form>`;
    setPageHeaders(ctx);
    ctx.body = logoutPage({ profile, formHtml, situation: route === 'end_session' ? 'no-session' : 'switch-person' });
  };
}

function sendPage(res, status, html) {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}

async function readForm(req) {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new errors.InvalidRequest('the login form must be posted as application/x-www-form-urlencoded');
  }
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_FORM_BYTES) {
      throw new errors.InvalidRequest('form too large');
    }
  }
  return new URLSearchParams(body);
}

/** GET shows the login form; POST logs in as the chosen person or cancels. */
async function interaction(provider, profile, req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  // The cookie names the interaction; a mismatching URL means a stale page from another attempt.
  if (details.uid !== uid) {
    throw new errors.SessionNotFound('this login page belongs to another login attempt');
  }
  const { prompt, params } = details;

  // loadExistingGrant normally prevents this prompt; grant everything if it ever appears.
  if (prompt.name === 'consent') {
    const grant = new provider.Grant({ clientId: params.client_id, accountId: details.session.accountId });
    grant.addOIDCScope(params.scope);
    grant.addOIDCClaims(prompt.details.missingOIDCClaims ?? []);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }

  const client = await provider.Client.find(params.client_id);
  const page = {
    profile,
    action: `/interaction/${uid}`,
    clientName: client?.clientName ?? params.client_id,
    selected: params.login_hint,
  };

  if (req.method === 'GET') {
    sendPage(res, 200, loginPage(page));
    return;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'GET, POST' }).end();
    return;
  }

  const form = await readForm(req);
  if (form.has('cancel')) {
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'Inloggningen avbröts av användaren.',
    }, { mergeWithLastSubmission: false });
    return;
  }
  const person = profile.persons.find(({ id }) => id === form.get('person'));
  if (!person) {
    sendPage(res, 400, loginPage({ ...page, error: 'Välj en testperson.' }));
    return;
  }
  await provider.interactionFinished(req, res, {
    login: { accountId: person.id, acr: profile.acr(person), amr: profile.amr(person) },
  }, { mergeWithLastSubmission: false });
}

/** Our routes in front of oidc-provider's own callback. */
function requestHandler({
  provider, profile, publishedJwks,
}) {
  const callback = provider.callback();
  const jwksPath = provider.pathFor('jwks');
  return async (req, res) => {
    const { pathname } = new URL(req.url, provider.issuer);
    try {
      if (publishedJwks && pathname === jwksPath) {
        res.writeHead(200, { 'Content-Type': 'application/jwk-set+json; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(publishedJwks));
        return;
      }
      const match = /^\/interaction\/([\w-]+)$/.exec(pathname);
      if (match) {
        await interaction(provider, profile, req, res, match[1]);
        return;
      }
      callback(req, res);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof errors.OIDCProviderError) {
        sendPage(res, err.statusCode, errorPage({ profile, error: err.error, description: err.error_description }));
      } else {
        console.error(`${provider.issuer}: ${req.method} ${pathname}:`, err);
        sendPage(res, 500, errorPage({ profile, error: 'server_error' }));
      }
    }
  };
}

async function startIssuer(name, profile, port) {
  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const signingJwk = await rsaSigningJwk();
  // The forger publishes an unrelated key under the kid it really signs with, so only a relying
  // party that verifies signatures (rather than trusting the kid) notices.
  const publishedJwks = profile.publishesWrongKey
    ? { keys: [publicPart({ ...await rsaSigningJwk(), kid: signingJwk.kid })] }
    : undefined;

  const provider = new Provider(issuer, configuration(name, profile, signingJwk));
  allowLoopbackRedirects(provider);
  provider.use(scriptFreeLogout(profile));
  provider.on('server_error', (ctx, err) => console.error(`${issuer}: server_error`, err));

  server.on('request', requestHandler({ provider, profile, publishedJwks }));
  return { name, issuer, server };
}

function exitWhenParentGoes() {
  const quit = () => process.exit(0);
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
  // A test process that dies closes our stdin; without this the OP would outlive it. Background
  // runs without a stdin (`</dev/null`, `&` in a script) opt out with OIDC_IGNORE_STDIN=1.
  if (process.env.OIDC_IGNORE_STDIN !== '1') {
    process.stdin.on('end', quit);
    process.stdin.on('close', quit);
    process.stdin.on('error', quit);
    process.stdin.resume();
  }
}

async function main() {
  const started = performance.now();
  exitWhenParentGoes();
  const ports = parsePorts(process.env.OIDC_PORTS);
  const issuers = await Promise.all(
    Object.entries(PROFILES).map(([name, profile]) => startIssuer(name, profile, ports[name] ?? 0)),
  );
  process.stdout.write(`${JSON.stringify(Object.fromEntries(issuers.map(({ name, issuer }) => [name, issuer])))}\n`);
  console.error(`test OIDC providers ready in ${Math.round(performance.now() - started)} ms`);
}

main().catch((err) => {
  console.error('test OIDC providers failed to start:', err);
  process.exit(1);
});
