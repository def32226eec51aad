// Test persons and per-issuer claim formats for the test OpenID Connect providers (see README.md).
//
// Personal identity numbers: only numbers that the Swedish Tax Agency (Skatteverket) publishes for
// testing or has long printed as an example. Never add an invented Luhn-valid number: it could
// belong to a real person. 191212121213 fails the check digit on purpose.

/** Residents, identical at every resident issuer (`se`, `ssn`, `nin`, `forger`). */
export const RESIDENTS = [
  { id: 'tolvan', givenName: 'Tolvan', familyName: 'Tolvansson', number: '191212121212', loa: 'loa3' },
  { id: 'agda', givenName: 'Agda', familyName: 'Andersson', number: '189001019802', loa: 'loa3' },
  { id: 'lisa', givenName: 'Lisa', familyName: 'Lindqvist', number: '201701012393', loa: 'loa3' },
  // Signs for two companies in the demo registry: lets tests apply (and sign) for a company.
  { id: 'sara', givenName: 'Sara', familyName: 'Ek', number: '198605119885', loa: 'loa3' },
  // Same person as `tolvan`, authenticated with a weaker method: lets tests check that the
  // relying party refuses a too-low level of assurance.
  {
    id: 'lagniva', givenName: 'Tolvan', familyName: 'Tolvansson', number: '191212121212', loa: 'loa2', note: 'svagare e-legitimation',
  },
  { id: 'utan-nummer', givenName: 'Nils', familyName: 'Nummerlös', number: undefined, loa: 'loa3' },
  { id: 'fel-nummer', givenName: 'Felix', familyName: 'Felnummer', number: '191212121213', loa: 'loa3' },
];

/** The organisation's own staff; no personal identity numbers. */
export const STAFF = [
  { id: 'stina', givenName: 'Stina', familyName: 'Ståhl', email: 'stina.stahl@norrvik.example', mfa: true },
  { id: 'olle', givenName: 'Olle', familyName: 'Olsson', email: 'olle.olsson@norrvik.example', mfa: true },
  { id: 'petra', givenName: 'Petra', familyName: 'Persson', email: 'petra.persson@norrvik.example', mfa: false },
];

const SE_PIN = 'https://id.oidc.se/claim/personalIdentityNumber';
const SE_PIN_SCOPE = 'https://id.oidc.se/scope/naturalPersonNumber';
const SE_LOA = {
  loa3: 'http://id.elegnamnden.se/loa/1.0/loa3',
  loa2: 'http://id.elegnamnden.se/loa/1.0/loa2',
};
const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
const PASSWORD_ACR = 'urn:norrvik:password';

// A custom `claims` object replaces oidc-provider's defaults, so restate them. Listing `acr` under
// the `openid` scope puts it in every ID token; the library would otherwise add it only when the
// relying party asks for it (acr_values or the claims parameter).
const BASE_CLAIMS = {
  acr: null, auth_time: null, iss: null, sid: null, openid: ['sub', 'acr'],
};
const NAME_CLAIMS = ['given_name', 'family_name', 'name'];

/** YYYY-MM-DD from a 12-digit number; only meaningful for the published test numbers above. */
function birthdate(number) {
  return `${number.slice(0, 4)}-${number.slice(4, 6)}-${number.slice(6, 8)}`;
}

function nameClaims(person) {
  return {
    given_name: person.givenName,
    family_name: person.familyName,
    name: `${person.givenName} ${person.familyName}`,
  };
}

/** Drops undefined values so absent attributes are absent claims, not nulls. */
function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

// The Swedish OpenID Connect Profile (oidc.se); `forger` reuses it unchanged.
const swedishProfile = {
  persons: RESIDENTS,
  acrValues: Object.values(SE_LOA),
  claims: {
    ...BASE_CLAIMS,
    profile: [...NAME_CLAIMS, 'birthdate'],
    [SE_PIN_SCOPE]: [SE_PIN, ...NAME_CLAIMS, 'birthdate'],
  },
  acr: (person) => SE_LOA[person.loa],
  amr: () => undefined,
  personClaims: (person) => defined({
    ...nameClaims(person),
    [SE_PIN]: person.number,
    birthdate: person.number && birthdate(person.number),
  }),
};

/** Profile name → how that issuer behaves. `title` names it on its pages. */
export const PROFILES = {
  se: { ...swedishProfile, title: 'Svensk OIDC-profil (se)' },

  // A Criipto-like broker: the number is a plain `ssn` claim released with `profile`.
  ssn: {
    title: 'Mäklare med ssn-anspråk (ssn)',
    persons: RESIDENTS,
    acrValues: ['urn:grn:authn:se:bankid:same-device', 'urn:grn:authn:se:frejaeid:basic'],
    claims: { ...BASE_CLAIMS, profile: [...NAME_CLAIMS, 'ssn'], ssn: ['ssn'] },
    acr: (person) => (person.loa === 'loa3' ? 'urn:grn:authn:se:bankid:same-device' : 'urn:grn:authn:se:frejaeid:basic'),
    amr: () => undefined,
    personClaims: (person) => defined({ ...nameClaims(person), ssn: person.number }),
  },

  // A Signicat-like broker: `nin` + issuing country under its own scope.
  nin: {
    title: 'Mäklare med nin-anspråk (nin)',
    persons: RESIDENTS,
    acrValues: ['urn:signicat:oidc:method:sbid', 'urn:signicat:oidc:method:freja-basic'],
    claims: { ...BASE_CLAIMS, profile: NAME_CLAIMS, nin: ['nin', 'nin_issuing_country'] },
    acr: (person) => (person.loa === 'loa3' ? 'urn:signicat:oidc:method:sbid' : 'urn:signicat:oidc:method:freja-basic'),
    amr: () => undefined,
    personClaims: (person) => defined({
      ...nameClaims(person),
      nin: person.number,
      nin_issuing_country: person.number && 'SE',
    }),
  },

  // An organisation's staff IdP; `amr` under `openid` makes it part of every ID token.
  staff: {
    title: 'Personalinloggning Norrvik (staff)',
    persons: STAFF,
    acrValues: [MFA_ACR, PASSWORD_ACR],
    claims: {
      ...BASE_CLAIMS, openid: ['sub', 'acr', 'amr'], profile: NAME_CLAIMS, email: ['email', 'email_verified'],
    },
    acr: (person) => (person.mfa ? MFA_ACR : PASSWORD_ACR),
    amr: (person) => (person.mfa ? ['pwd', 'mfa'] : ['pwd']),
    personClaims: (person) => ({ ...nameClaims(person), email: person.email, email_verified: true }),
  },

  // Signs with one key and publishes another under the same kid (see provider.mjs).
  forger: { ...swedishProfile, title: 'Förfalskad nyckel (forger)', publishesWrongKey: true },
};

/** One line describing a person on the login page. */
export function describePerson(person) {
  if ('email' in person) {
    return `${person.email}, ${person.mfa ? 'lösenord + MFA' : 'endast lösenord (ingen MFA)'}`;
  }
  const number = person.number
    ? `${person.number.slice(0, 8)}-${person.number.slice(8)}`
    : 'saknar personnummer';
  const loa = person.loa === 'loa3' ? 'tillitsnivå 3' : 'tillitsnivå 2';
  return [number, loa, person.note].filter(Boolean).join(', ');
}
