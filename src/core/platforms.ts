/**
 * Which server, gateway or identity provider answered: told by response headers, the body and
 * (when given) the token issuer, with a short note on how that platform produces a 401.
 * Pure, linear in the size of the headers and the first 64 KB of the body.
 */
import { type Exchange, type Header, headerValues } from './exchange';
import { registerRememberedValues } from './remembered-values';

export type PlatformId =
  | 'nginx'
  | 'apache'
  | 'cloudflare'
  | 'express'
  | 'iis'
  | 'aws'
  | 'azure-ad'
  | 'google'
  | 'github'
  | 'auth0'
  | 'okta'
  | 'keycloak'
  | 'firebase'
  | 'stripe'
  | 'spring'
  | 'django';

export interface PlatformInfo {
  id: PlatformId;
  name: string;
  note: string;
}

/** A platform the exchange points to, without its name and note (what the engine keeps). */
export interface PlatformFinding {
  id: PlatformId;
  /** The facts that point to this platform (header or body snippets, no secrets). */
  evidence: string[];
}

export interface PlatformMatch extends PlatformInfo, PlatformFinding {}

export const PLATFORMS: Record<PlatformId, PlatformInfo> = {
  nginx: {
    id: 'nginx',
    name: 'nginx',
    note: 'nginx answers 401 itself when `auth_basic` finds no matching user in its `auth_basic_user_file`, or when the `auth_request` subrequest returns 401. Check the location block that protects this path and the file or auth service it points to.',
  },
  apache: {
    id: 'apache',
    name: 'Apache httpd',
    note: 'Apache answers 401 from mod_auth_basic or mod_auth_digest when the user or password is not in the file named by `AuthUserFile` (made with `htpasswd`, or `htdigest` for Digest, whose realm must equal `AuthName`). Check the `Require` line and the .htaccess that applies.',
  },
  cloudflare: {
    id: 'cloudflare',
    name: 'Cloudflare',
    note: 'Cloudflare Access returns 401/redirects to its login when an Access policy needs an identity (send a `CF_Authorization` cookie or service-token headers). The Cloudflare API answers 401 (code 10000 / 9106) for a wrong, expired or under-scoped API token; send it as `Authorization: Bearer`, not as a global key.',
  },
  express: {
    id: 'express',
    name: 'Express (Node.js)',
    note: "In Express the 401 comes from middleware: Passport strategies (`passport.authenticate('bearer', ...)` answers a bare `Unauthorized`) or JWT middleware such as express-jwt (`UnauthorizedError`: no token, invalid signature, jwt expired). Check the middleware order, the secret or JWKS, the algorithms and the audience/issuer options.",
  },
  iis: {
    id: 'iis',
    name: 'IIS (Microsoft)',
    note: 'IIS answers 401.1 (logon failed), 401.2 (server configuration: no common scheme) or 401.3 (ACL). Windows authentication uses Negotiate/NTLM, which needs a handshake over one connection and a host the browser trusts (intranet zone, `AuthServerAllowlist`).',
  },
  aws: {
    id: 'aws',
    name: 'AWS',
    note: 'AWS services check the Signature Version 4 of each request: the access key, secret, region, service, signed headers and payload hash must match, the clock must be within 5 minutes, and temporary session tokens must not have expired. API Gateway authorizers answer 401 `Unauthorized` when the token is missing.',
  },
  'azure-ad': {
    id: 'azure-ad',
    name: 'Microsoft Entra ID (Azure AD)',
    note: 'Microsoft identity errors carry an AADSTS code that names the cause (AADSTS700082 expired refresh token, AADSTS50013 audience/signature, AADSTS7000215 wrong client secret). Check the token audience (`aud`) is this API and the tenant (`tid`) is the expected one.',
  },
  google: {
    id: 'google',
    name: 'Google APIs',
    note: 'Google APIs answer 401 `UNAUTHENTICATED` for missing or expired OAuth access tokens (1 hour) and invalid API keys. Refresh the token with the refresh token, and check the key restrictions and enabled APIs in the Cloud console.',
  },
  github: {
    id: 'github',
    name: 'GitHub',
    note: 'GitHub answers 401 `Bad credentials` for a wrong, expired or revoked token. Fine-grained and classic tokens expire; SSO organisations need the token authorised for SSO. Send `Authorization: Bearer <token>`.',
  },
  auth0: {
    id: 'auth0',
    name: 'Auth0',
    note: 'Auth0 access tokens are JWTs only when an `audience` is requested; without it the token is opaque and APIs refuse it. Check the API identifier (audience), the tenant domain (issuer) and the RS256 signing keys (JWKS).',
  },
  okta: {
    id: 'okta',
    name: 'Okta',
    note: 'Okta answers 401 with error codes such as E0000011 (invalid token) and E0000004 (authentication failed). Check the authorization server (org vs custom, `iss`), the audience, and whether the token was revoked by a sign-out or policy.',
  },
  keycloak: {
    id: 'keycloak',
    name: 'Keycloak',
    note: 'Keycloak tokens are issued per realm (`iss` ends in `/realms/<name>`); an API configured for another realm or another hostname (frontend URL vs internal URL) refuses them. Check the session idle/max timeouts when tokens stop working.',
  },
  firebase: {
    id: 'firebase',
    name: 'Firebase',
    note: 'Firebase ID tokens last one hour; `getIdToken()` refreshes them. Tokens from another project fail the audience check (`aud` = project id, `iss` = securetoken.google.com/<project>).',
  },
  stripe: {
    id: 'stripe',
    name: 'Stripe',
    note: 'Stripe answers 401 `Invalid API Key provided` for a wrong, rolled or restricted key; test keys (`sk_test_`) work only in test mode and live keys (`sk_live_`) only in live mode. Send the secret key as Bearer or Basic user.',
  },
  spring: {
    id: 'spring',
    name: 'Spring Security',
    note: 'Spring Security answers 401 from its authentication entry point; the resource server sends `WWW-Authenticate: Bearer error="invalid_token"` with the reason (expired, bad signature, wrong issuer). Check `issuer-uri` / `jwk-set-uri` and that the security filter chain permits OPTIONS for CORS.',
  },
  django: {
    id: 'django',
    name: 'Django / Django REST framework',
    note: 'Django REST framework answers 401 only when the first authentication class sends a challenge (TokenAuthentication: `Token`), otherwise 403. Session auth also needs the CSRF token on unsafe methods. The header is `Authorization: Token <key>` for TokenAuthentication.',
  },
};

/** Extra facts from the request that point to a platform (token issuers, key prefixes). */
export interface PlatformHints {
  /** `iss` claims of the JWTs the request carried. */
  issuers?: readonly string[];
  /** Secret-free key prefixes seen (`sk_test_`, `ghp_`, ...). */
  keyPrefixes?: readonly string[];
  /** The provider or framework the server's words were recognised as (providers.ts), if any. */
  provider?: string;
}

const BODY_LIMIT = 65536;

/** The provider table's id of Django REST framework. */
const DRF = 'django-rest-framework';

/**
 * A literal (matched case-insensitively) that each body pattern of findPlatforms needs in its
 * text: when the body and challenges have none of these, no body pattern can match. Keep in step
 * with the patterns: every pattern that reads the body must contain one of these.
 */
const MARKER_WORDS = [
  '<center>nginx',
  'This server could not verify',
  'cloudflareaccess.com',
  'cf-access',
  'CF_Authorization',
  '"code"',
  'UnauthorizedError',
  'No authorization token was found',
  '<Code>',
  'IncompleteSignature',
  'x-amzn-ErrorType',
  'AADSTS',
  '"status"',
  'accounts.google.com',
  'googleapis.com',
  'docs.github.com',
  '.auth0.com',
  '.okta',
  '"errorCode"',
  'firebase',
  'identitytoolkit',
  'securetoken.google',
  'api.stripe.com',
  'Invalid API Key provided',
  'Authentication credentials were not provided',
  'Invalid token.',
  '"detail"',
];
const MARKERS = new RegExp(
  MARKER_WORDS.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'i',
);
const LONGEST_MARKER = Math.max(...MARKER_WORDS.map((word) => word.length));

/**
 * What the body and the challenges say (see `textFactsOf`): one bit per check of
 * findPlatforms that reads nothing else, and the AADSTS code found.
 */
class TextFacts {
  constructor(
    readonly bits: number,
    readonly aadsts: string | undefined,
  ) {}
}

const NGINX_PAGE = 1 << 0;
const APACHE_PAGE = 1 << 1;
const CF_ACCESS = 1 << 2;
const CF_API_CODE = 1 << 3;
const EXPRESS_JWT = 1 << 4;
const NEGOTIATE = 1 << 5;
const AWS_CODE = 1 << 6;
const MS_AUTHORITY = 1 << 7;
const GOOGLE_ERROR = 1 << 8;
const GITHUB_DOCS = 1 << 9;
const AUTH0 = 1 << 10;
const OKTA = 1 << 11;
const REALM = 1 << 12;
const KEYCLOAK_BODY = 1 << 13;
const FIREBASE = 1 << 14;
const STRIPE_BODY = 1 << 15;
const SPRING_BODY = 1 << 16;
const SPRING_REALM = 1 << 17;
const DJANGO = 1 << 18;
const TOKEN_CHALLENGE = 1 << 19;

/**
 * The checks of findPlatforms that read only the body and the challenges. The patterns that
 * read the body (alone or followed by the challenges) each need one of MARKERS in that text:
 * most bodies have none, and then none of them is tried.
 */
function readTextFacts(body: string, challenges: string): TextFacts {
  const marked = inJoined(MARKERS, LONGEST_MARKER, body, challenges);
  // Several patterns read the body and the challenges as one text: joined once, not per test.
  const bodyAndChallenges = marked && challenges ? body + challenges : body;
  let bits = 0;
  if (marked && /<center>nginx(\/[\d.]+)?<\/center>/.test(body)) bits |= NGINX_PAGE;
  if (marked && /This server could not verify that you\s+are authorized/.test(body))
    bits |= APACHE_PAGE;
  if (marked && /cloudflareaccess\.com|cf-access|CF_Authorization/i.test(bodyAndChallenges))
    bits |= CF_ACCESS;
  if (marked && /"code"\s*:\s*(10000|9106|9109)\b/.test(body) && /"success"\s*:\s*false/.test(body))
    bits |= CF_API_CODE;
  if (marked && /UnauthorizedError|No authorization token was found/.test(body))
    bits |= EXPRESS_JWT;
  // (The split into lines only matters when a challenge names one of them at all.)
  if (
    /negotiate|ntlm/i.test(challenges) &&
    /^(?:negotiate|ntlm)\b/im.test(challenges.replace(/,\s*/g, '\n'))
  )
    bits |= NEGOTIATE;
  if (
    marked &&
    /<Code>(SignatureDoesNotMatch|InvalidAccessKeyId|ExpiredToken|RequestTimeTooSkewed|AccessDenied)<\/Code>|IncompleteSignature|x-amzn-ErrorType/.test(
      body,
    )
  )
    bits |= AWS_CODE;
  const aadsts = marked ? /AADSTS\d{5,6}/.exec(bodyAndChallenges) : null;
  if (/login\.microsoftonline\.com|login\.windows\.net|sts\.windows\.net/i.test(challenges))
    bits |= MS_AUTHORITY;
  if (
    marked &&
    /"status"\s*:\s*"UNAUTHENTICATED"|accounts\.google\.com|googleapis\.com/.test(bodyAndChallenges)
  )
    bits |= GOOGLE_ERROR;
  if (marked && /docs\.github\.com/.test(body)) bits |= GITHUB_DOCS;
  if (marked && /\.auth0\.com/i.test(bodyAndChallenges)) bits |= AUTH0;
  if (marked && /\.okta(?:preview)?\.com|"errorCode"\s*:\s*"E0000\d+"/i.test(bodyAndChallenges))
    bits |= OKTA;
  if (/\/realms\/[^/\s"]+/.test(challenges)) bits |= REALM;
  if (KEYCLOAK.test(body)) bits |= KEYCLOAK_BODY;
  if (marked && /firebase|identitytoolkit|securetoken\.google/i.test(body)) bits |= FIREBASE;
  if (marked && /api\.stripe\.com|Invalid API Key provided/.test(body)) bits |= STRIPE_BODY;
  if (isSpringErrorBody(body)) bits |= SPRING_BODY;
  if (/Basic realm="Realm"/.test(challenges)) bits |= SPRING_REALM;
  if (
    marked &&
    /Authentication credentials were not provided|Invalid token\.|"detail"\s*:\s*"Invalid token/.test(
      body,
    )
  )
    bits |= DJANGO;
  if (/^Token\b/.test(challenges)) bits |= TOKEN_CHALLENGE;
  return new TextFacts(bits, aadsts?.[0]);
}

/**
 * `readTextFacts`, for the last texts read: a retry loop or a polling page gets the same error
 * body and challenge again and again (a big capture holds a few kinds of error answers,
 * interleaved). Bounded: texts up to 8 KB, 64 of them, cleared when full. In memory only; the
 * command line holds the whole capture anyway, and the extension's background passes no bodies
 * (its challenges are no secret).
 */
function textFactsOf(body: string, challenges: string): TextFacts {
  if (body.length + challenges.length > TEXT_FACTS_TEXT_MAX) return readTextFacts(body, challenges);
  // (The body's length first: body and challenges are told apart, whatever they hold.)
  const key = `${body.length}:${body}${challenges}`;
  let facts = TEXT_FACTS.get(key);
  if (facts === undefined) {
    facts = readTextFacts(body, challenges);
    if (TEXT_FACTS.size >= TEXT_FACTS_MAX) TEXT_FACTS.clear();
    TEXT_FACTS.set(key, facts);
  }
  return facts;
}

const TEXT_FACTS = new Map<string, TextFacts>();
registerRememberedValues({ forget: () => TEXT_FACTS.clear(), size: () => TEXT_FACTS.size });
const TEXT_FACTS_MAX = 64;
const TEXT_FACTS_TEXT_MAX = 8192;

/**
 * The platforms the exchange's response (and the hints) point to, strongest first, with their
 * names and notes. Empty when nothing is recognised.
 */
export function detectPlatforms(exchange: Exchange, hints: PlatformHints = {}): PlatformMatch[] {
  return findPlatforms(exchange, hints).map(withPlatformInfo);
}

/** A platform finding with its name and note. */
export function withPlatformInfo(found: PlatformFinding): PlatformMatch {
  const info = PLATFORMS[found.id];
  // (Written out, in the order the spreads of the platform and the finding gave: this runs for
  // every platform of every failure explained.)
  return { id: found.id, name: info.name, note: info.note, evidence: found.evidence };
}

/** `detectPlatforms` without the words: ids and evidence only. */
export function findPlatforms(exchange: Exchange, hints: PlatformHints = {}): PlatformFinding[] {
  const response = exchange.response.headers;
  const seen = platformHeaders(response);
  const server = (seen.server ?? '').toLowerCase();
  const poweredBy = (seen.poweredBy ?? '').toLowerCase();
  const challenges = seen.challenges.join(', ');
  const body = (exchange.response.body ?? '').slice(0, BODY_LIMIT);
  const names = seen.names;
  const text = textFactsOf(body, challenges);
  const bits = text.bits;
  // Each fact as its platform and its evidence, in the order found (grouped by `scoresOf`): a
  // push per fact keeps this function, run for every failure, small once compiled.
  const facts: string[] = [];

  if (server.startsWith('nginx') || server.startsWith('openresty'))
    facts.push('nginx', `Server: ${server}`);
  if (bits & NGINX_PAGE) facts.push('nginx', 'nginx error page');
  if (server.startsWith('apache')) facts.push('apache', `Server: ${server}`);
  if (bits & APACHE_PAGE) facts.push('apache', 'Apache "could not verify" error page');
  if (server === 'cloudflare' || names.has('cf-ray'))
    facts.push('cloudflare', server === 'cloudflare' ? 'Server: cloudflare' : 'cf-ray header');
  if (bits & CF_ACCESS || names.has('cf-access-domain'))
    facts.push('cloudflare', 'Cloudflare Access');
  if (bits & CF_API_CODE) facts.push('cloudflare', 'Cloudflare API error code');
  if (poweredBy.includes('express')) facts.push('express', `X-Powered-By: ${poweredBy}`);
  if (bits & EXPRESS_JWT) facts.push('express', 'express-jwt UnauthorizedError');
  if (server.includes('microsoft-iis')) facts.push('iis', `Server: ${server}`);
  if (poweredBy.includes('asp.net') || names.has('x-aspnet-version'))
    facts.push('iis', 'ASP.NET headers');
  if (bits & NEGOTIATE) facts.push('iis', 'Negotiate/NTLM challenge');
  if (
    names.has('x-amz-request-id') ||
    names.has('x-amzn-requestid') ||
    names.has('x-amzn-errortype') ||
    server.startsWith('amazons3')
  )
    facts.push('aws', 'x-amz headers');
  if (bits & AWS_CODE) facts.push('aws', 'AWS error code');
  if (text.aadsts !== undefined) facts.push('azure-ad', text.aadsts);
  if (bits & MS_AUTHORITY) facts.push('azure-ad', 'Microsoft login authority in the challenge');
  if (
    server === 'esf' ||
    server === 'gse' ||
    server.startsWith('google frontend') ||
    names.has('x-goog-request-id')
  )
    facts.push('google', `Server: ${server || 'google'}`);
  if (bits & GOOGLE_ERROR) facts.push('google', 'Google API error');
  if (server === 'github.com' || names.has('x-github-request-id'))
    facts.push('github', 'GitHub headers');
  if (bits & GITHUB_DOCS) facts.push('github', 'GitHub documentation_url');
  if (bits & AUTH0) facts.push('auth0', 'auth0.com domain');
  if (bits & OKTA) facts.push('okta', 'Okta error');
  // (Keycloak in the body, or in the Server value, or across the two as one text.)
  if (bits & (REALM | KEYCLOAK_BODY) || KEYCLOAK.test(server) || inSeam(KEYCLOAK, 8, body, server))
    facts.push('keycloak', 'Keycloak realm');
  if (bits & FIREBASE) facts.push('firebase', 'Firebase message');
  if (names.has('stripe-version') || bits & STRIPE_BODY) facts.push('stripe', 'Stripe API');
  if ((seen.requestId ?? '').startsWith('req_')) facts.push('stripe', 'Stripe Request-Id');
  if (names.has('x-application-context') || bits & SPRING_BODY)
    facts.push('spring', 'Spring Boot error body');
  if (bits & SPRING_REALM) facts.push('spring', 'Spring Security default realm');
  if (bits & DJANGO) facts.push('django', 'Django REST framework message');
  // DRF's TokenAuthentication challenges `Token`, and so does Salesforce: the challenge alone
  // names Django only when the server's words are no other provider's.
  if (bits & TOKEN_CHALLENGE && (hints.provider ?? DRF) === DRF)
    facts.push('django', 'WWW-Authenticate: Token (TokenAuthentication)');
  if (
    names.has('x-frame-options') &&
    /csrftoken=/.test(headerValues(response, 'set-cookie').join('\n'))
  )
    facts.push('django', 'csrftoken cookie');
  if (hints.issuers !== undefined || hints.keyPrefixes !== undefined) hintFacts(hints, facts);
  return facts.length === 0 ? [] : scoresOf(facts);
}

/** The facts of the hints (token issuers, key prefixes), added to `facts`. */
function hintFacts(hints: PlatformHints, facts: string[]): void {
  for (const issuer of hints.issuers ?? []) {
    const lower = issuer.toLowerCase();
    if (lower.includes('.auth0.com')) facts.push('auth0', `token issuer ${issuer}`);
    if (/\.okta(?:preview)?\.com/.test(lower)) facts.push('okta', `token issuer ${issuer}`);
    if (lower.includes('/realms/')) facts.push('keycloak', `token issuer ${issuer}`);
    if (lower.includes('securetoken.google.com')) facts.push('firebase', `token issuer ${issuer}`);
    if (/login\.microsoftonline\.com|sts\.windows\.net/.test(lower))
      facts.push('azure-ad', `token issuer ${issuer}`);
    if (lower === 'https://accounts.google.com' || lower === 'accounts.google.com')
      facts.push('google', `token issuer ${issuer}`);
  }
  for (const prefix of hints.keyPrefixes ?? []) {
    if (/^[sr]k_(test|live)_|^pk_(test|live)_/.test(prefix))
      facts.push('stripe', `key prefix ${prefix}`);
    if (/^(ghp|gho|ghu|ghs|github_pat)_/.test(prefix))
      facts.push('github', `token prefix ${prefix}`);
  }
}

/**
 * The facts (platform, evidence, platform, evidence, ...) grouped by platform in the order each
 * was first named, each evidence once; the platforms with more evidence first (stable).
 */
function scoresOf(facts: readonly string[]): PlatformFinding[] {
  const found: PlatformFinding[] = [];
  for (let i = 0; i < facts.length; i += 2) {
    const id = facts[i] as PlatformId;
    const fact = facts[i + 1] as string;
    let platform: PlatformFinding | undefined;
    for (const known of found) if (known.id === id) platform = known;
    if (platform === undefined) found.push({ id, evidence: [fact] });
    else if (!platform.evidence.includes(fact)) platform.evidence.push(fact);
  }
  if (found.length > 1) found.sort((a, b) => b.evidence.length - a.evidence.length);
  return found;
}

/** Spring Boot's default error body: `{"timestamp":..., "status":40x, "error":..., "path":...}`. */
function isSpringErrorBody(body: string): boolean {
  // Independent, linear checks (one regex with several `.*` would backtrack on hostile bodies).
  return (
    body.includes('"timestamp"') &&
    body.includes('"path"') &&
    body.includes('"error"') &&
    /"status"\s*:\s*40\d/.test(body)
  );
}

/**
 * `re.test(a + b)` for a pattern whose matches are at most `length` characters long, without
 * copying `a` (the body, up to 64 KB) into a new string: a match is in `a`, in `b`, or across
 * the seam, within `length - 1` characters of it on each side.
 */
function inJoined(re: RegExp, length: number, a: string, b: string): boolean {
  return re.test(a) || re.test(b) || inSeam(re, length, a, b);
}

/** The part of `inJoined` that reads across the seam of `a` and `b`. */
function inSeam(re: RegExp, length: number, a: string, b: string): boolean {
  return a !== '' && b !== '' && re.test(a.slice(1 - length) + b.slice(0, length - 1));
}

const KEYCLOAK = /keycloak/i;

/** The names findPlatforms asks about (lower case), by length: other names are not read. */
const PLATFORM_HEADERS_BY_LENGTH = new Map<number, string[]>();
for (const name of [
  'server',
  'x-powered-by',
  'www-authenticate',
  'request-id',
  'cf-ray',
  'cf-access-domain',
  'x-aspnet-version',
  'x-amz-request-id',
  'x-amzn-requestid',
  'x-amzn-errortype',
  'x-goog-request-id',
  'x-github-request-id',
  'stripe-version',
  'x-application-context',
  'x-frame-options',
]) {
  const list = PLATFORM_HEADERS_BY_LENGTH.get(name.length) ?? [];
  list.push(name);
  PLATFORM_HEADERS_BY_LENGTH.set(name.length, list);
}

/**
 * The response headers findPlatforms reads, in one pass over them (instead of a lookup per
 * name): the first Server, X-Powered-By and Request-Id, every WWW-Authenticate, and which of
 * the names it asks about are present. Names compare as `headerValue` compares them (lower
 * case; lower-casing changes a name's length only through characters outside ASCII, which these
 * names cannot equal, so a name of another length is skipped unread).
 */
function platformHeaders(headers: readonly Header[]): {
  server?: string;
  poweredBy?: string;
  requestId?: string;
  challenges: string[];
  names: Set<string>;
} {
  let server: string | undefined;
  let poweredBy: string | undefined;
  let requestId: string | undefined;
  const challenges: string[] = [];
  const names = new Set<string>();
  for (const header of headers) {
    const candidates = PLATFORM_HEADERS_BY_LENGTH.get(header.name.length);
    if (!candidates) continue;
    const lower = header.name.toLowerCase();
    if (!candidates.includes(lower)) continue;
    names.add(lower);
    if (lower === 'www-authenticate') challenges.push(header.value);
    else if (lower === 'server') server ??= header.value;
    else if (lower === 'x-powered-by') poweredBy ??= header.value;
    else if (lower === 'request-id') requestId ??= header.value;
  }
  return { server, poweredBy, requestId, challenges, names };
}
