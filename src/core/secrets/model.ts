/**
 * THE definition of a secret. Every part of 401 Doctor that decides whether something is a
 * secret asks this module: the capture's credential kinds, the rules' "sent credentials", the
 * redaction of evidence, URLs, copies and reports, `sanitize` and its `--check`. A second list of
 * secret names anywhere else is a bug (test/core/secrets/one-model.test.ts looks for one).
 *
 * Three questions, each answered by one function:
 * - by name: `secretHeaderClass` (header names), `secretParamClass` (query, form and JSON
 *   member names), `isSessionCookieName` (which cookies identify a user; every cookie value is
 *   masked anyway);
 * - by shape: `secretShapeOf` (a JWT, a key with a provider's prefix, a long opaque token),
 *   and `findShapedSecrets` to find JWTs and prefixed keys inside any text;
 * - whether a value is worth searching for elsewhere: `isSearchableSecret`.
 *
 * How much of a secret may be shown is decided by `redact` (../redact.ts); which values an
 * exchange or a HAR holds, by ./collect.ts; masking them wherever they are copied, by
 * ./value-masker.ts.
 */

/**
 * What a secret is, as said to people (`sanitize` counts by class):
 * - password: a password or passphrase;
 * - token: a bearer, access, refresh, ID or session token, a JWT, an assertion;
 * - key: an API key, a client secret, a private or secret key;
 * - cookie: a cookie value;
 * - signature: a request signature (presigned URLs, SAS, Digest `response`);
 * - code: a one-time code (OAuth authorization code, PKCE verifier, OTP).
 */
export type SecretClass = 'password' | 'token' | 'key' | 'cookie' | 'signature' | 'code';

export const SECRET_CLASSES: readonly SecretClass[] = [
  'password',
  'token',
  'key',
  'cookie',
  'signature',
  'code',
];

// ---------------------------------------------------------------------------------------------
// Header names

/** Header names (lower case) that carry keys or tokens but say so in no regular way. */
const SECRET_HEADERS: ReadonlyMap<string, SecretClass> = new Map([
  ['x-api-key', 'key'],
  ['api-key', 'key'],
  ['apikey', 'key'],
  ['x-apikey', 'key'],
  ['x-goog-api-key', 'key'],
  ['ocp-apim-subscription-key', 'key'],
  ['x-functions-key', 'key'],
  ['private-token', 'token'],
  ['x-auth-token', 'token'],
  ['x-access-token', 'token'],
  ['x-token', 'token'],
  ['x-csrf-token', 'token'],
  ['x-csrftoken', 'token'],
  ['x-amz-security-token', 'token'],
  ['x-refresh-token', 'token'],
  ['x-session-token', 'token'],
  ['x-id-token', 'token'],
]);

/** Key header names without a prefix (with one: any name ending in `-auth-key`, `-access-key`). */
const AUTH_KEY_NAMES: ReadonlySet<string> = new Set(['auth-key', 'access-key', 'authkey']);

/**
 * The class of secret a header's whole value is, from its name (any case), or undefined.
 * Authorization, Proxy-Authorization, Cookie and Set-Cookie are not classified here: their
 * values mix a secret with structure (a scheme, names, attributes), see `redactHeaderValue`.
 * Besides the known names: any name ending in `-token`, `-secret`, `-session`, `-password`,
 * `api-key`, `apikey`, `-auth-key` or `-access-key` (`X-Vault-Token`, `CF-Access-Client-Secret`,
 * `DD-API-KEY`), `_` read as `-` (`api_key`, `AUTH_KEY`), except the
 * CORS `Access-Control-*` headers, which only name other headers, and `Postman-Token`, the
 * random UUID Postman adds to every request it sends (a request id, no secret).
 */
export function secretHeaderClass(name: string): SecretClass | undefined {
  // Cheap filter before lower-casing: this runs for every header of every request. Every name
  // of interest ends in n, t, y or d (-token, -secret, -key, -password, -session).
  const last = name.charCodeAt(name.length - 1) | 0x20;
  if (last !== 0x6e && last !== 0x74 && last !== 0x79 && last !== 0x64) return undefined;
  // (Underscores read as hyphens: `api_key`, `X_API_KEY`, `AUTH_KEY` are sent as they are,
  // and nginx drops such headers only when told to.)
  const lowered = name.toLowerCase();
  const lower = lowered.includes('_') ? lowered.replaceAll('_', '-') : lowered;
  const known = SECRET_HEADERS.get(lower);
  if (known) return known;
  if (lower.startsWith('access-control-') || lower === 'postman-token') return undefined;
  if (lower === 'token' || lower.endsWith('-token')) return 'token';
  if (lower === 'session' || lower.endsWith('-session')) return 'token';
  if (lower === 'secret' || lower.endsWith('-secret')) return 'key';
  if (lower.endsWith('api-key') || lower.endsWith('apikey')) return 'key';
  if (AUTH_KEY_NAMES.has(lower) || lower.endsWith('-auth-key') || lower.endsWith('-access-key'))
    return 'key';
  if (lower === 'password' || lower.endsWith('-password')) return 'password';
  return undefined;
}

/**
 * The auth-params of an Authorization value whose values are proofs or secrets: Digest
 * `response`, `cnonce`, `nonce` (RFC 7616 §3.4), AWS SigV4 `Signature`, OAuth 1.0
 * `oauth_signature` / `oauth_token` (RFC 5849 §3.5.1), and `password`, `token`,
 * `client_secret` sent that way. A fresh global regex: group 1 the name, group 2 a quoted
 * value, group 3 a bare one.
 */
export function secretAuthParamPattern(): RegExp {
  return /\b(response|signature|cnonce|nonce|password|token|client_secret|oauth_signature|oauth_token)\s*=\s*(?:"([^"]*)"|([^,\s]*))/gi;
}

/** True when a header's whole value is a secret key or token (see `secretHeaderClass`). */
export function isSecretHeaderName(name: string): boolean {
  return secretHeaderClass(name) !== undefined;
}

/**
 * True for secret headers that identify the caller when a request carries them (an API key, an
 * access or session token): they count as credentials the request sent. Anti-CSRF headers
 * (`X-CSRF-Token`, `X-XSRF-TOKEN`, `X-CSRFToken`) are secrets, masked like the others, but no
 * credential: the page copies them from a cookie the server gives every visitor, signed in or
 * not (Laravel's `XSRF-TOKEN`, read back by Axios and Angular; Django's `csrftoken`), and they
 * only prove the request came from the site's own pages.
 */
export function isCredentialHeaderName(name: string): boolean {
  return secretHeaderClass(name) !== undefined && !/csrf|xsrf/i.test(name);
}

/**
 * Headers whose values look random but identify a request, not a caller: request and trace
 * ids, idempotency keys, content hashes, anti-CSRF tokens, forwarding and browser headers.
 */
const NOT_CARRIER_HEADER =
  /^(accept|content-|user-agent|sec-|referer$|origin$|host$|connection$|cache-control$|pragma$|if-|etag$|range$|priority$|dnt$|upgrade-insecure-requests$|via$|forwarded$|x-forwarded-|x-real-ip$|traceparent$|tracestate$|baggage$|b3$|x-b3-|x-datadog-|x-cloud-trace-context$|x-amz-date$|x-amz-content-sha256$|x-amz-target$|x-amz-user-agent$|x-requested-with$|digest$|content-md5$)|(^|-)(request-id|requestid|trace-id|span-id|correlation-id|idempotency-key|nonce|csrf-token|xsrf-token|csrftoken|client-request-id|session-hash)$/;

/**
 * A custom credential carrier: a header of any name (`token`, `x-token`, `session-id`,
 * `x-goog-api-key`, ...) whose value is a JWT, a provider-prefixed key or a long opaque token
 * (`secretShapeOf`), unless the name says it identifies the request rather than the caller.
 * Cheap first: most headers fail on their length or first non-token character.
 */
export function isCustomCarrierHeader(lowerName: string, value: string): boolean {
  if (value.length < 20) return false;
  // Most header values fail here, on a space, comma, colon or quote in their first characters.
  const end = Math.min(value.length, 32);
  for (let i = 0; i < end; i++) if (!isTokenChar(value.charCodeAt(i))) return false;
  if (NOT_CARRIER_HEADER.test(lowerName)) return false;
  if (value.includes('/') && PRODUCT_VERSION.test(value)) return false;
  return secretShapeOf(value) !== undefined;
}

/**
 * A product and its version, as in User-Agent (RFC 9110 section 10.1.5, `product = token
 * ["/" product-version]`): a client library's own header (`X-Client-Info:
 * supabase-js-web/2.42.0`, `X-Stainless-Package-Version`-like values) names the software, not
 * the caller. A dotted version after the slash: base64 and base64url have no dot.
 */
const PRODUCT_VERSION = /^[A-Za-z][A-Za-z0-9_.-]*\/v?\d+(\.\d+)+([-+][0-9A-Za-z.-]+)?$/;

/** Letters, digits and the marks of base64, base64url and token68 (`+ / = - _ . ~`): a key's
 * characters (`isKeyChar`) and `+ / = . ~`. */
function isTokenChar(c: number): boolean {
  return isKeyChar(c) || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x2e || c === 0x7e;
}

// ---------------------------------------------------------------------------------------------
// Parameter names: query strings, form bodies, JSON members

/**
 * Parameter names, normalized: lower case without `_`, `-` and `.` (`access_token`,
 * `accessToken` and `access-token` are all `accesstoken`). Sources: RFC 6749 (client_secret,
 * code, refresh_token, access_token, password), RFC 7636 (code_verifier), RFC 7521/7523
 * (assertion, client_assertion), RFC 8693 (subject_token, actor_token), OpenID Connect
 * (id_token), and the key parameters of public APIs (Google `key`, `api_key`, presigned URLs).
 */
const SECRET_PARAMS: ReadonlyMap<string, SecretClass> = new Map([
  ['password', 'password'],
  ['passwd', 'password'],
  ['pass', 'password'],
  ['pwd', 'password'],
  ['passphrase', 'password'],
  ['token', 'token'],
  ['jwt', 'token'],
  ['auth', 'token'],
  ['session', 'token'],
  ['sessionid', 'token'],
  ['assertion', 'token'],
  ['clientassertion', 'token'],
  ['samlresponse', 'token'],
  ['ticket', 'token'],
  ['key', 'key'],
  ['apikey', 'key'],
  ['secret', 'key'],
  ['clientsecret', 'key'],
  ['secretkey', 'key'],
  ['privatekey', 'key'],
  ['accesskey', 'key'],
  ['subscriptionkey', 'key'],
  ['xamzcredential', 'key'],
  ['sig', 'signature'],
  ['signature', 'signature'],
  ['xamzsignature', 'signature'],
  ['xgoogsignature', 'signature'],
  ['code', 'code'],
  ['codeverifier', 'code'],
  ['devicecode', 'code'],
  ['otp', 'code'],
  ['totp', 'code'],
  ['mfacode', 'code'],
]);

/** Names ending in "token" that are not secrets: paging cursors and token metadata. */
const NOT_SECRET_PARAMS: ReadonlySet<string> = new Set([
  'pagetoken',
  'nextpagetoken',
  'nexttoken',
  'continuationtoken',
  'synctoken',
  'resumetoken',
  'tokentype',
  'tokentypehint',
  'requestedtokentype',
  'issuedtokentype',
  'subjecttokentype',
  'actortokentype',
]);

/** `access_token`, `accessToken`, `Access-Token`, `user[password]` -> `accesstoken`, `password`. */
function normalizeParamName(name: string): string {
  let base = name;
  // Rails/PHP nesting: `user[password]` is the `password` member.
  if (base.endsWith(']')) {
    const open = base.lastIndexOf('[');
    if (open >= 0) base = base.slice(open + 1, -1);
  }
  let out = '';
  for (let i = 0; i < base.length; i++) {
    const c = base.charCodeAt(i);
    if (c === 0x5f || c === 0x2d || c === 0x2e) continue;
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c | 0x20) : base[i];
  }
  return out;
}

/**
 * The class of secret a parameter holds, from its name, or undefined. The same answer for a
 * query parameter, a form field and a JSON member (`password`, `client_secret`, `refresh_token`,
 * `id_token`, `accessToken`, `api_key`, `code_verifier`, `assertion`, `otp`, ...). Besides the
 * known names: any name ending in `token`, `password`, `secret` or `apikey` (`csrf_token`,
 * `new_password`, `app_secret`), except paging cursors (`pageToken`) and token metadata
 * (`token_type`).
 */
export function secretParamClass(name: string): SecretClass | undefined {
  if (name.length > 64) return undefined;
  const known = paramClasses.get(name);
  if (known !== undefined) return known === '' ? undefined : known;
  const kind = paramClassOf(name);
  if (paramClasses.size >= 1024) paramClasses.clear();
  paramClasses.set(name, kind ?? '');
  return kind;
}

/**
 * `secretParamClass` by name ('' for none): names repeat in every query and body of a file
 * (`page`, `id`, `error`), and a name is no secret.
 */
const paramClasses = new Map<string, SecretClass | ''>();

function paramClassOf(name: string): SecretClass | undefined {
  const key = normalizeParamName(name);
  const known = SECRET_PARAMS.get(key);
  if (known) return known;
  if (NOT_SECRET_PARAMS.has(key)) return undefined;
  if (key.endsWith('token')) return 'token';
  if (key.endsWith('password') || key.endsWith('passwd')) return 'password';
  if (key.endsWith('secret') || key.endsWith('apikey') || key.endsWith('privatekey')) return 'key';
  return undefined;
}

/** True for parameter names whose value is a secret (see `secretParamClass`). */
export function isSecretParamName(name: string): boolean {
  return secretParamClass(name) !== undefined;
}

/**
 * True for secret parameters that identify the caller when a request carries them (an API key,
 * a token, a password, a presigned URL's signature): they count as credentials the request
 * sent. One-time codes (`code`, `otp`, `code_verifier`) are secrets but not the caller's
 * credentials.
 */
export function isCredentialParamName(name: string): boolean {
  const kind = secretParamClass(name);
  return kind !== undefined && kind !== 'code';
}

/** Parameter names that carry a user name next to a password (for `base64(user:password)`). */
export function isUserParamName(name: string): boolean {
  const key = normalizeParamName(name);
  return key === 'username' || key === 'user' || key === 'login' || key === 'email';
}

// ---------------------------------------------------------------------------------------------
// Cookie names

/** Cookie names that say they are no session (see `isSessionCookieName`). */
const NOT_SESSION_COOKIE = /csrf|xsrf|callback[-_.]?url|redirect|pkce|code[-_.]?verifier|nonce/i;

/**
 * Cookie names that usually hold a session or an auth token (not analytics or preferences).
 * The rules use it to tell a session cookie from a theme; masking hides every cookie value.
 * Not sessions, whatever else their name says (`auth`, `token`, `__Host-`):
 * - anti-CSRF cookies (`csrftoken`, `XSRF-TOKEN`, `next-auth.csrf-token`): frameworks set them
 *   for every visitor, signed in or not (Django's `csrftoken` on any page with a form,
 *   Laravel's web middleware `XSRF-TOKEN` on every answer, NextAuth.js its CSRF cookie before
 *   any sign-in), and they identify no one;
 * - the cookies of a sign-in under way: where to return after it (`next-auth.callback-url`,
 *   `redirect_to`) and the OAuth flow's one-time values (`next-auth.pkce.code_verifier`,
 *   `next-auth.nonce`; NextAuth.js `defaultCookies`).
 */
export function isSessionCookieName(name: string): boolean {
  return (
    /sess|sid\b|^sid|auth|token|jwt|login|remember|identity|user_?id|^connect\.sid$|^__Host-|^__Secure-|^CF_Authorization$/i.test(
      name,
    ) && !NOT_SESSION_COOKIE.test(name)
  );
}

/**
 * A cookie that can identify the caller: `isSessionCookieName` (which already leaves out the
 * anti-CSRF cookies). Kept as its own name for the rules that ask "credential?" rather than
 * "session?".
 */
export function isCredentialCookie(name: string): boolean {
  return isSessionCookieName(name);
}

// ---------------------------------------------------------------------------------------------
// Value shapes

/**
 * Prefixes that providers put on their keys and tokens so that leaks can be recognised, with
 * the characters that must follow. Sources: GitHub's token formats (changelog 2021-03-31:
 * ghp_, gho_, ghu_, ghs_, ghr_; fine-grained github_pat_), GitLab's token prefixes
 * (glpat-, gldt-, glrt-, ...), Stripe's API keys (sk_/rk_ live/test; publishable pk_ keys are
 * public), Slack's token types (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-, xoxe-, xapp-), AWS access
 * key ids (AKIA, ASIA), Google API keys (AIza) and OAuth access tokens (ya29.), npm (npm_),
 * DigitalOcean (dop_v1_, doo_v1_, dor_v1_), SendGrid (SG.), OpenAI (sk-proj-, sk-),
 * Anthropic (sk-ant-), Hugging Face (hf_), Shopify (shpat_, shpca_, shppa_, shpss_), PyPI
 * (pypi-), Square (sq0atp-, sq0csp-), Mailgun (key-), Postman (PMAK-), Linear (lin_api_),
 * Doppler (dp.pt.), Atlassian (ATATT), Sentry (sntrys_, sntryu_), Notion (secret_, ntn_),
 * Grafana (glsa_, glc_), Databricks (dapi), Twilio API keys (SK + 32 hex), Heroku (HRKU-).
 */
export interface KeyPrefix {
  prefix: string;
  provider: string;
  /** Characters at least that follow the prefix. */
  min: number;
  /** Only these characters follow (default: letters, digits, `_`, `-` and `.`). */
  chars?: 'upper-digits' | 'hex';
  /** Meant to be public (Stripe's publishable keys): tells the provider, is no secret. */
  public?: boolean;
}

/** One provider's prefixes that share a length and alphabet. */
function keys(
  provider: string,
  min: number,
  prefixes: readonly string[],
  more: Pick<KeyPrefix, 'chars' | 'public'> = {},
): KeyPrefix[] {
  return prefixes.map((prefix) => ({ prefix, provider, min, ...more }));
}

export const KEY_PREFIXES: readonly KeyPrefix[] = [
  ...keys('GitHub', 30, ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_']),
  ...keys('GitLab', 20, ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glft-']),
  ...keys('Stripe', 16, ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_']),
  ...keys('Stripe', 16, ['pk_live_', 'pk_test_'], { public: true }),
  ...keys('Slack', 10, ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxe-', 'xapp-']),
  ...keys('AWS', 16, ['AKIA', 'ASIA'], { chars: 'upper-digits' }),
  ...keys('Google', 30, ['AIza']),
  ...keys('Google', 20, ['ya29.', 'GOCSPX-']),
  ...keys('npm', 30, ['npm_']),
  ...keys('DigitalOcean', 32, ['dop_v1_', 'doo_v1_', 'dor_v1_']),
  ...keys('SendGrid', 20, ['SG.']),
  ...keys('Anthropic', 20, ['sk-ant-']),
  ...keys('OpenAI', 20, ['sk-proj-']),
  ...keys('OpenAI', 32, ['sk-']),
  ...keys('Hugging Face', 30, ['hf_']),
  ...keys('Shopify', 32, ['shpat_', 'shpca_', 'shppa_', 'shpss_'], { chars: 'hex' }),
  ...keys('PyPI', 50, ['pypi-']),
  ...keys('Square', 20, ['sq0atp-', 'sq0csp-']),
  ...keys('Mailgun', 32, ['key-']),
  ...keys('Postman', 30, ['PMAK-']),
  ...keys('Linear', 30, ['lin_api_']),
  ...keys('Doppler', 30, ['dp.pt.']),
  ...keys('Atlassian', 30, ['ATATT']),
  ...keys('Sentry', 30, ['sntrys_', 'sntryu_']),
  ...keys('Notion', 40, ['secret_']),
  ...keys('Notion', 30, ['ntn_']),
  ...keys('Grafana', 30, ['glsa_', 'glc_']),
  ...keys('Databricks', 32, ['dapi'], { chars: 'hex' }),
  ...keys('Twilio', 32, ['SK'], { chars: 'hex' }),
  ...keys('Heroku', 30, ['HRKU-']),
];

/** Prefixes by their first character, for the scan of free text. */
const PREFIXES_BY_FIRST = new Map<number, KeyPrefix[]>();
for (const entry of KEY_PREFIXES) {
  const first = entry.prefix.charCodeAt(0);
  const list = PREFIXES_BY_FIRST.get(first) ?? [];
  list.push(entry);
  // Longest prefix first: `sk-ant-` before `sk-`.
  list.sort((a, b) => b.prefix.length - a.prefix.length);
  PREFIXES_BY_FIRST.set(first, list);
}

/**
 * Per ASCII character, for the scan of free text: `KEY_CHAR` for a key character (`isKeyChar`),
 * `STARTS` for one that can start a shaped secret (a prefix's first character, or the `e` of
 * `eyJ`). Every prefix starts with an ASCII letter, so a character outside the table neither
 * starts a secret nor continues a word.
 */
const SCAN = new Uint8Array(128);
const KEY_CHAR = 1;
const STARTS = 2;
for (let c = 0; c < 128; c++) if (isKeyChar(c)) SCAN[c] = KEY_CHAR;
for (const first of [...PREFIXES_BY_FIRST.keys(), 0x65]) {
  if (first >= 128 || !isKeyChar(first)) throw new Error('a key prefix must start with a letter');
  SCAN[first] = KEY_CHAR | STARTS;
}

/** Letters, digits, `_` and `-`. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d
  );
}

function fits(c: number, chars: KeyPrefix['chars']): boolean {
  if (chars === 'upper-digits') return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
  if (chars === 'hex') return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66);
  // Keys with dots inside (SendGrid `SG.x.y`, Google `ya29.`, Doppler) keep them.
  return isKeyChar(c) || c === 0x2e;
}

/**
 * Prefixes by their first two characters (every prefix has two), longest first: most words
 * that start like a prefix (`store`, `gzip`) share no second character with one.
 */
const PREFIXES_BY_FIRST_TWO = new Map<number, KeyPrefix[]>();
for (const list of PREFIXES_BY_FIRST.values())
  for (const entry of list) {
    const key = entry.prefix.charCodeAt(0) * 0x10000 + entry.prefix.charCodeAt(1);
    const two = PREFIXES_BY_FIRST_TWO.get(key) ?? [];
    two.push(entry);
    PREFIXES_BY_FIRST_TWO.set(key, two);
  }

/** Where a prefixed key starting at `start` ends, or -1 when none starts there. */
function prefixedKeyEnd(text: string, start: number): { end: number; entry: KeyPrefix } | -1 {
  if (start + 1 >= text.length) return -1;
  const candidates = PREFIXES_BY_FIRST_TWO.get(
    text.charCodeAt(start) * 0x10000 + text.charCodeAt(start + 1),
  );
  if (!candidates) return -1;
  for (const entry of candidates) {
    if (entry.public || !text.startsWith(entry.prefix, start)) continue;
    let i = start + entry.prefix.length;
    while (i < text.length && fits(text.charCodeAt(i), entry.chars)) i++;
    // A trailing dot ends a sentence, not a key.
    while (i > start && text.charCodeAt(i - 1) === 0x2e) i--;
    if (i - start - entry.prefix.length >= entry.min) return { end: i, entry };
  }
  return -1;
}

function isB64Url(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95
  );
}

/**
 * Where a JWT (`eyJ<b64url>.<b64url>.<b64url>`) starting at `start` ends; when it does not,
 * a negative number: -(where the scan stopped + 1). In free text the payload must start with
 * `eyJ` too (`jsonPayload`), so that `eyJ`-looking words are not taken for tokens.
 */
function jwtEnd(text: string, start: number, jsonPayload = true): number {
  let i = start;
  const segmentEnds: number[] = [];
  for (let segment = 0; segment < 3; segment++) {
    const begin = i;
    while (i < text.length && isB64Url(text.charCodeAt(i))) i++;
    if (i === begin && segment < 2) return -(i + 1);
    segmentEnds.push(i);
    if (segment < 2) {
      if (text.charCodeAt(i) !== 46) return -(i + 1);
      i++;
    }
  }
  const headerEnd = segmentEnds[0] as number;
  if (jsonPayload && !text.startsWith('eyJ', headerEnd + 1)) return -(i + 1);
  return segmentEnds[2] as number;
}

/**
 * The provider prefix a credential starts with (`sk_test_`, `ghp_`, `pk_live_`), after an
 * optional `Bearer ` / `Basic ` scheme, whatever follows: which provider issued it, for the
 * platform hints. Undefined when none.
 */
export function keyPrefixOf(value: string): KeyPrefix | undefined {
  const text = value.replace(/^(?:Bearer|Basic|token)\s+/i, '');
  const candidates = PREFIXES_BY_FIRST.get(text.charCodeAt(0));
  return candidates?.find((entry) => text.startsWith(entry.prefix));
}

/** What a value looks like, when it looks like a secret whatever its name. */
export type SecretShape =
  | { shape: 'jwt' }
  | { shape: 'prefixed-key'; provider: string; prefix: string }
  | { shape: 'opaque-token' };

/**
 * The shape of `value` (trimmed) when it is a credential by its looks alone, else undefined:
 * - `jwt`: a JWS compact serialization, `eyJ<header>.eyJ<payload>.<signature>`;
 * - `prefixed-key`: a key or token with a provider's prefix (`KEY_PREFIXES`: `ghp_…`,
 *   `sk_live_…`, `AKIA…`, `xoxb-…`), whole;
 * - `opaque-token`: a long random-looking token: 20 to 4096 characters of base64, base64url,
 *   hex or token68, letters and digits mixed, at least 12 distinct characters, not a UUID.
 * For "which header is a custom credential carrier": a header of any name whose value has one
 * of these shapes. Linear in the value; never throws.
 */
export function secretShapeOf(value: string): SecretShape | undefined {
  const text = value.trim();
  if (text.length < 8) return undefined;
  if (isJwt(text)) return { shape: 'jwt' };
  const prefixed = prefixedKeyEnd(text, 0);
  if (prefixed !== -1 && prefixed.end === text.length)
    return {
      shape: 'prefixed-key',
      provider: prefixed.entry.provider,
      prefix: prefixed.entry.prefix,
    };
  return isOpaqueToken(text) ? { shape: 'opaque-token' } : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isOpaqueToken(text: string): boolean {
  if (text.length < 20 || text.length > 4096) return false;
  let letters = 0;
  let digits = 0;
  const seen = new Set<number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters++;
    else if (c >= 0x30 && c <= 0x39) digits++;
    // base64 (+ / =), base64url (- _), token68 (. ~).
    else if (
      c !== 0x2b &&
      c !== 0x2f &&
      c !== 0x3d &&
      c !== 0x2d &&
      c !== 0x5f &&
      c !== 0x2e &&
      c !== 0x7e
    )
      return false;
    if (seen.size < 12) seen.add(c);
  }
  return letters > 0 && digits > 0 && seen.size >= 12 && !UUID.test(text);
}

/** A secret found by its shape inside a longer text. */
export interface ShapedSecret {
  start: number;
  end: number;
  shape: 'jwt' | 'prefixed-key';
  /** The provider, for a prefixed key. */
  provider?: string;
}

/**
 * Every JWT and every prefixed key (`KEY_PREFIXES`) inside `text`, in order, not overlapping.
 * A hand-written scan, linear in the text: each character is looked at a bounded number of
 * times (a regex with open-ended runs would backtrack quadratically on `eyJ-eyJ-eyJ-...`).
 * A match must not continue a word (`xghp_…` is not a GitHub token).
 */
export function findShapedSecrets(text: string): ShapedSecret[] {
  const found: ShapedSecret[] = [];
  const n = text.length;
  // Shorter than any key with its prefix: only a JWT could be there, and it starts with `eyJ`.
  if (n < SHORTEST_KEY && !text.includes('eyJ')) return found;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const scan = c < 128 ? (SCAN[c] as number) : 0;
    // Not a key character: it neither starts a secret nor is part of a word.
    if (scan === 0) {
      i++;
      continue;
    }
    // Inside a word (a match must not continue one), or at the start of a word that cannot
    // start a secret: nothing starts before the word ends.
    if ((scan & STARTS) === 0 || (i > 0 && isKeyChar(text.charCodeAt(i - 1)))) {
      i = wordEnd(text, i + 1);
      continue;
    }
    if (c === 0x65 && text.startsWith('eyJ', i)) {
      const end = jwtEnd(text, i);
      if (end > 0) {
        found.push({ start: i, end, shape: 'jwt' });
        i = end;
        continue;
      }
      // Nothing before where the scan stopped can start a JWT this scan has not rejected.
      i = Math.max(-end - 1, i + 3);
      continue;
    }
    const prefixed = prefixedKeyEnd(text, i);
    if (prefixed !== -1) {
      found.push({
        start: i,
        end: prefixed.end,
        shape: 'prefixed-key',
        provider: prefixed.entry.provider,
      });
      i = prefixed.end;
      continue;
    }
    i = wordEnd(text, i + 1);
  }
  return found;
}

/** The length of the shortest key `findShapedSecrets` can find: a prefix and its `min`. */
const SHORTEST_KEY = Math.min(
  ...KEY_PREFIXES.filter((entry) => !entry.public).map((entry) => entry.prefix.length + entry.min),
);

/** The first index from `i` that holds no key character. */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || SCAN[c] === 0) break;
    i++;
  }
  return i;
}

/**
 * True when `value` is a JWS compact token, nothing around it: three base64url segments, the
 * header starting `eyJ` (`{"`), the signature possibly empty (`alg: none`).
 */
export function isJwt(value: string): boolean {
  return value.startsWith('eyJ') && jwtEnd(value, 0, false) === value.length;
}

// ---------------------------------------------------------------------------------------------
// Which values are searched for elsewhere

/**
 * True when a secret value is worth looking for anywhere in a file (a body echoing it, a
 * Referer carrying it). A value is masked where it is named (the password field, the cookie)
 * whatever it is; it is also searched for elsewhere only when it is at least 6 characters long
 * and is neither only letters nor only digits: searching for `secret`, `admin` or `123456`
 * would mask ordinary words and numbers (and show which word the password is).
 */
export function isSearchableSecret(value: string): boolean {
  if (value.length < 6) return false;
  let letters = false;
  let digits = false;
  let other = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) letters = true;
    else if (c >= 0x30 && c <= 0x39) digits = true;
    else other = true;
    if (other || (letters && digits)) return true;
  }
  // Long values are specific enough even when made of one kind of character.
  return value.length >= 16;
}
