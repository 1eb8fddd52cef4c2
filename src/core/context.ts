/**
 * What came before on the same origin: the memory the cross-request diagnoses need
 * (credentials seen and whether they worked, cookies the hosts set, redirects, recent
 * failures). The extension keeps one per tab, the HAR analyser one per file.
 *
 * Plain JSON data, bounded in size, and free of secrets: credentials are kept as fingerprints
 * and masked displays only, so a context can go to `storage.session` as it is.
 */

import { type Exchange, headerValue, isSuccessStatus } from './exchange';
import type { Awaiting } from './follow-up';
import type { OAuthHistory } from './oauth/flow';
import { recordOAuth } from './oauth/flow';
import { isMaskedValue, redactUrl } from './redact';
import { parseSetCookie, type SameSite } from './rules/parsers';
import { isSecretParamName, isSessionCookieName } from './secrets/model';
import { urlParamsOf } from './secrets/params';
import {
  describeCredential,
  fingerprint,
  type SentCredential,
  type SentCredentialKind,
  sentCredentials,
} from './sent-credentials';
import { signInOf } from './sign-in';
import { AUTH_FAILURE_STATUSES } from './statuses';
import { parseUrl, resolveUrl, siteOf } from './url-parts';

export interface SeenCredential {
  kind: SentCredentialKind;
  name: string;
  fingerprint: string;
  /** Masked, for evidence. */
  display: string;
  firstSeen: number;
  lastSeen: number;
  /** Request time of the last request that carried it and was not refused. */
  lastSuccess?: number;
  lastSuccessStatus?: number;
  lastSuccessUrl?: string;
}

export interface SeenCookie {
  name: string;
  /** The Domain attribute, or the setting host (then `hostOnly`). */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: SameSite;
  /** When it expires, ms since the epoch; undefined for a session cookie. */
  expiresAt?: number;
  /** The server deleted it (Max-Age <= 0 or Expires in the past). */
  cleared: boolean;
  fingerprint: string;
  setAt: number;
  setByUrl: string;
  /**
   * A guest session: a session-like cookie set in answer to a request that identified no one
   * (a GET or HEAD carrying no Authorization, no key, no password, no code or ticket in its
   * URL, and no session cookie but guest ones). Frameworks give one to every visitor (PHP's
   * `PHPSESSID`, Laravel's `laravel_session`, Rails' `_app_session`), signed in or not.
   */
  guest?: true;
}

export interface SeenFailure {
  time: number;
  /** Fingerprint of the request's main credential; '' when it carried none. */
  fingerprint: string;
}

export interface OriginHistory {
  origin: string;
  credentials: SeenCredential[];
  failures: SeenFailure[];
  /** A response from this origin said `Access-Control-Allow-Credentials: true`. */
  allowsCredentials: boolean;
  /** The origin authenticates with cookies: it set a session-like cookie, or a request with cookies and no Authorization succeeded. */
  cookieAuth: boolean;
  /** When a sign-in request (`signInOf`: a password posted, a POST to a login path) last went to this origin. */
  signInAt?: number;
  lastSeen: number;
}

export interface SeenRedirect {
  from: string;
  to: string;
  status: number;
  time: number;
  /** The masked Authorization the redirected request carried, when it carried one. */
  authorization?: string;
}

export interface DiagnosisContext {
  version: 1;
  origins: Record<string, OriginHistory>;
  cookies: SeenCookie[];
  redirects: SeenRedirect[];
  /** Failures whose diagnosis later requests may change (./follow-up.ts). */
  awaiting?: Awaiting[];
  /**
   * OAuth / OpenID Connect: token endpoints named by discovery documents, the token requests
   * seen (fingerprints only) and the flow's steps. Absent until the first OAuth request (and
   * in contexts stored before it existed).
   */
  oauth?: OAuthHistory;
}

const LIMITS = { origins: 256, credentials: 32, failures: 32, cookies: 256, redirects: 64 };

/** What the fold reads of a request's credentials: no display, no theme or analytics cookies. */
const FOLD_CREDENTIALS = { sessionCookiesOnly: true, describe: false } as const;

/** An empty context. */
export function createContext(): DiagnosisContext {
  return { version: 1, origins: {}, cookies: [], redirects: [] };
}

/** The history of one origin, or undefined. */
export function originHistory(
  context: DiagnosisContext,
  origin: string,
): OriginHistory | undefined {
  return Object.hasOwn(context.origins, origin) ? context.origins[origin] : undefined;
}

/**
 * Folds one exchange into the context (in place; returns the same context). Call it after
 * `diagnose` for each exchange, in the order the requests were sent. Cheap for successful
 * requests: a few fingerprints and, only when present, Set-Cookie parsing.
 */
export function recordExchange(context: DiagnosisContext, exchange: Exchange): DiagnosisContext {
  const { request, response } = exchange;
  const origin = originOfCached(request.url);
  if (!origin) return context;
  const time = Number.isFinite(request.time) ? request.time : response.time;
  const history = ensureOrigin(context, origin, time);
  const sent = sentCredentials(exchange, FOLD_CREDENTIALS);
  const status = response.status;
  const success = isSuccessStatus(status);

  // One pass over the credentials: each one's name, display and fingerprint come from what is
  // known of its value, and the main credential (`mainCredential`'s order: Authorization, else
  // Proxy-Authorization, else a key header or parameter, else a session cookie) is noted on
  // the way, as are the flags `cookieAuth` needs.
  let successUrl: string | undefined;
  let main: SentCredential | undefined;
  let mainRank = 4;
  /** The main credential's fingerprint, when the loop computed it (not for a masked value). */
  let mainPrint: string | undefined;
  let sessionCookie = false;
  let authorization = false;
  // The display a redirect keeps of the first Authorization (what redirect-dropped-credentials
  // quotes), whether the origin knew the token already or not.
  let authorizationDisplay: string | undefined;
  for (const credential of sent) {
    const kind = credential.kind;
    const rank =
      kind === 'authorization'
        ? 0
        : kind === 'proxy-authorization'
          ? 1
          : kind === 'header' || kind === 'query'
            ? 2
            : 3; // A cookie: the fold's list holds session-like cookies only (FOLD_CREDENTIALS).
    if (rank < mainRank) {
      main = credential;
      mainRank = rank;
      mainPrint = undefined;
    }
    if (rank === 0) authorization = true;
    else if (rank === 3) sessionCookie = true;
    // (A value the capture masked is recorded too, under the fingerprint of its mask: it still
    // shows a credential was sent. The rules that compare values skip masked ones.)
    const known = knownOf(credential);
    if (known.print === '') known.print = fingerprint(credential.value);
    const print = known.print;
    if (credential === main) mainPrint = print;
    let seen = seenCredential(history, kind, known.name, print);
    if (rank === 0) authorizationDisplay ??= known.display;
    if (seen !== undefined) seen.lastSeen = time;
    else seen = addCredential(history, known, print, time);
    if (success) {
      seen.lastSuccess = time;
      seen.lastSuccessStatus = status;
      successUrl ??= redactUrl(request.url);
      seen.lastSuccessUrl = successUrl;
    }
  }
  if (success && sessionCookie && !authorization) history.cookieAuth = true;
  if (AUTH_FAILURE_STATUSES.has(status)) {
    const print = main ? (mainPrint ?? fingerprint(main.value)) : '';
    history.failures.push({ time, fingerprint: print });
    if (history.failures.length > LIMITS.failures) history.failures.shift();
  }
  // One pass over the response headers for what the context keeps.
  let setCookies: string[] | undefined;
  let location: string | undefined;
  for (const header of response.headers) {
    const name = header.name;
    const c = name.charCodeAt(0) | 0x20;
    if (c !== 0x61 && c !== 0x73 && c !== 0x6c) continue; // a(ccess-control), s(et-cookie), l(ocation)
    const lower = name.toLowerCase();
    if (lower === 'access-control-allow-credentials') {
      if (header.value.trim() === 'true') history.allowsCredentials = true;
    } else if (lower === 'set-cookie') {
      setCookies ??= [];
      setCookies.push(header.value);
    } else if (lower === 'location') location ??= header.value;
  }

  const method = request.method.toUpperCase();
  const read = method === 'GET' || method === 'HEAD';
  // A sign-in that was not refused (never a GET or HEAD): guest sessions of this origin may be
  // signed in from now on.
  if (!read && status < 400 && method !== 'OPTIONS' && signInOf(exchange, parseUrl(request.url)))
    history.signInAt = time;
  const url = setCookies ? parseUrl(request.url) : undefined;
  if (setCookies && url) {
    const serverDate = Date.parse(headerValue(response.headers, 'date') ?? '');
    const now = Number.isFinite(serverDate) ? serverDate : time;
    const guest = read && anonymousRequest(context, exchange, sent, url.host);
    for (const line of setCookies) {
      // HAR files from some browsers join several Set-Cookie lines with newlines.
      for (const one of line.split('\n'))
        recordCookie(context, history, one, url.host, url.path, now, time, request.url, guest);
    }
  }

  recordOAuth(context, exchange, time);

  if (status >= 300 && status < 400) {
    if (location) {
      const redirect: SeenRedirect = {
        from: redactUrl(request.url),
        to: redactUrl(resolveUrl(location, request.url)),
        status,
        time,
      };
      if (authorizationDisplay !== undefined) redirect.authorization = authorizationDisplay;
      context.redirects.push(redirect);
      if (context.redirects.length > LIMITS.redirects) context.redirects.shift();
    }
  }
  return context;
}

// Requests go to a handful of origins: cache origin by the URL's `scheme://authority` prefix.
// Keyed by a small-integer hash of the prefix taken while finding its end (no prefix string is
// cut and hashed again), the prefix itself checked: a cached origin is the same origin.
const ORIGIN_CACHE = new Map<number, OriginEntry>();

/**
 * A cached origin. A class, not an object literal: literals that outlive a few collections
 * get their allocation site moved to the old generation, which throws away the optimized code
 * that allocates there (and the fold that inlines it) to compile it again.
 */
class OriginEntry {
  constructor(
    readonly prefix: string,
    readonly origin: string,
  ) {}
}

/** No entry: its empty prefix matches no URL (the prefix ends past `://`). */
const NO_ORIGIN = new OriginEntry('', '');

/** Origin of an absolute URL ('' when none), cached by the URL's authority prefix. */
function originOfCached(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return '';
  let hash = scheme;
  let userinfo = false;
  let end = scheme + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
    if (c === 0x40) userinfo = true;
    hash = Math.imul(hash ^ c, 0x01000193);
    end++;
  }
  const key = hash & 0x3fffffff;
  // A miss reads the empty entry: the same loads and calls run on every call, so optimized
  // code has seen them all (no deoptimization at the first hit after a run of new hosts).
  const cached = ORIGIN_CACHE.get(key) ?? NO_ORIGIN;
  const prefix = cached.prefix;
  const known = cached.origin;
  // The empty entry's '' passes `startsWith` and fails on length (a prefix ends past '://').
  if (url.startsWith(prefix) && prefix.length === end) return known;
  const origin = parseUrl(url)?.origin ?? '';
  // A user name and password in the URL stay out of the cache.
  if (userinfo) return origin;
  // Bounded, and roomy: a capture across hundreds of hosts must not clear it every few requests.
  if (ORIGIN_CACHE.size >= 4096) ORIGIN_CACHE.clear();
  ORIGIN_CACHE.set(key, new OriginEntry(url.slice(0, end), origin));
  return origin;
}

/** The request's main credential: Authorization, else a key header or parameter, else a session cookie. */
export function mainCredential(sent: readonly SentCredential[]): SentCredential | undefined {
  return (
    sent.find((c) => c.kind === 'authorization') ??
    sent.find((c) => c.kind === 'proxy-authorization') ??
    sent.find((c) => c.kind === 'header' || c.kind === 'query') ??
    sent.find((c) => c.kind === 'cookie' && isSessionCookieName(c.name))
  );
}

function ensureOrigin(context: DiagnosisContext, origin: string, time: number): OriginHistory {
  const index = indexOf(context);
  let history = index.lru.get(origin);
  if (history) {
    // Most recently recorded last: a Map keeps insertion order, so delete and set again.
    index.lru.delete(origin);
    index.lru.set(origin, history);
  } else {
    if (index.lru.size >= LIMITS.origins) {
      const oldest = index.lru.keys().next().value as string;
      index.lru.delete(oldest);
      delete context.origins[oldest];
    }
    history = {
      origin,
      credentials: [],
      failures: [],
      allowsCredentials: false,
      cookieAuth: false,
      lastSeen: time,
    };
    context.origins[origin] = history;
    index.lru.set(origin, history);
  }
  if (Number.isFinite(time)) history.lastSeen = time;
  return history;
}

/** The credential `history` knows by kind, name (as described) and fingerprint, or undefined. */
function seenCredential(
  history: OriginHistory,
  kind: SentCredentialKind,
  name: string,
  print: string,
): SeenCredential | undefined {
  for (const seen of history.credentials)
    if (seen.fingerprint === print && seen.kind === kind && seen.name === name) return seen;
  return undefined;
}

/** A credential new to `history`, first and last seen now (the least recently seen dropped past the limit). */
function addCredential(
  history: OriginHistory,
  known: KnownCredential,
  print: string,
  time: number,
): SeenCredential {
  const seen: SeenCredential = {
    kind: known.kind,
    name: known.name,
    fingerprint: print,
    display: known.display,
    firstSeen: time,
    lastSeen: time,
  };
  const credentials = history.credentials;
  credentials.push(seen);
  if (credentials.length > LIMITS.credentials) {
    let oldest = 0;
    credentials.forEach((c, i) => {
      if (c.lastSeen < (credentials[oldest]?.lastSeen ?? 0)) oldest = i;
    });
    credentials.splice(oldest, 1);
  }
  return seen;
}

/**
 * What is known of a credential's value: its name and masked display as `describeCredential`
 * makes them, its fingerprint (once the fold asks) and whether the capture masked it (once
 * `describeCredentials` asks). Across hundreds of origins, more than a context remembers, the
 * same tokens and cookies come back request after request, and describing and fingerprinting
 * them again cost more than the rest of the fold. Keyed by a 53-bit hash of the whole value
 * (kind and name as sent checked): nothing secret is kept, so contexts share it. Describes
 * `credential` when its value is new.
 */
function knownOf(credential: SentCredential): KnownCredential {
  const hash = valueHash(credential.value);
  // One slot per key: nothing to roll over or evict but the value in the slot, and every load
  // below runs on every call (an empty slot holds NO_KNOWN), so optimized code is not thrown
  // away at the first hit of a kind it had not seen.
  const slot = knownKey(hash) & (KNOWN_SLOTS - 1);
  const known = KNOWN[slot] ?? NO_KNOWN;
  if (known.hash === hash && known.kind === credential.kind && known.sentName === credential.name)
    return known;
  return learnCredential(credential, hash, slot);
}

/**
 * `knownOf` for a value new to its slot: describes `credential` and keeps what it found. Its
 * own function: describing (masking) is much more code than the lookup, and callers that
 * inline the lookup need not compile it.
 */
function learnCredential(credential: SentCredential, hash: number, slot: number): KnownCredential {
  const sentName = credential.name;
  describeCredential(credential);
  const fresh = new KnownCredential(
    hash,
    credential.kind,
    sentName,
    credential.name,
    credential.label,
    credential.display,
  );
  KNOWN[slot] = fresh;
  return fresh;
}

/**
 * What is known of a credential value (`knownOf`). A class, not an object literal: these
 * outlive many collections, and a literal's allocation site moved to the old generation
 * throws away the optimized fold that allocates there.
 */
class KnownCredential {
  /** `fingerprint` of the value; '' until the fold asks. */
  print = '';
  /** Whether the capture masked the value; undefined until asked. */
  masked: boolean | undefined = undefined;
  constructor(
    /** `valueHash` of the value (-1: none, an empty slot). */
    readonly hash: number,
    readonly kind: SentCredentialKind,
    /** The name as sent (header names keep their case until described). */
    readonly sentName: string,
    readonly name: string,
    readonly label: string,
    readonly display: string,
  ) {}
}

/** Slots of `KNOWN` (a power of two): room for a capture's few thousand tokens and cookies. */
const KNOWN_SLOTS = 8192;
/** The value hash -1 is none: an empty slot. */
const NO_KNOWN = new KnownCredential(-1, 'header', '', '', '', '');
const KNOWN: KnownCredential[] = new Array(KNOWN_SLOTS).fill(NO_KNOWN);

/** 30 bits of the hash's 32-bit half: a small integer, a fast Map key (the whole hash is checked). */
function knownKey(hash: number): number {
  return (hash / 0x200000) & 0x3fffffff;
}

/**
 * `credential` described as `describeCredential` would, from what is known of its value (a
 * failure retried with the same token is not masked again); its mask checked when asked.
 */
function describedOf(credential: SentCredential, checkMasked: boolean): SentCredential {
  const known = knownOf(credential);
  credential.name = known.name;
  credential.label = known.label;
  credential.display = known.display;
  if (checkMasked) {
    known.masked ??= isMaskedValue(credential.value);
    credential.masked = known.masked;
  }
  return credential;
}

/**
 * `sent` (from `sentCredentials(exchange, { describe: false })`) described, masks checked:
 * what `sentCredentials(exchange)` gives, with the labels, displays and mask checks of
 * credentials this context has described before taken from its index (a failure retried
 * with the same token is not masked again).
 */
export function describeCredentials(
  _context: DiagnosisContext,
  sent: SentCredential[],
): SentCredential[] {
  for (const credential of sent) describedOf(credential, true);
  return sent;
}

/**
 * A 53-bit hash of every character of `value` (two multiplicative hashes, 32 and 21 bits).
 * Two characters a step (packed exactly in 32 bits: char codes are 16-bit), which halves the
 * chain of multiplications on long tokens.
 */
function valueHash(value: string): number {
  const length = value.length;
  let a = 0x811c9dc5;
  let b = 0x9e3779b9 ^ length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    const c = value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  if (i < length) {
    const c = value.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + (b & 0x1fffff);
}

function recordCookie(
  context: DiagnosisContext,
  history: OriginHistory,
  line: string,
  host: string,
  requestPath: string,
  now: number,
  time: number,
  url: string,
  guest: boolean,
): void {
  const cookie = setCookieOf(line);
  if (cookie === undefined) return;
  const domain = cookie.domain ?? host;
  const path = cookie.path?.startsWith('/') ? cookie.path : defaultPath(requestPath);
  let expiresAt: number | undefined;
  if (cookie.maxAge !== undefined) expiresAt = now + cookie.maxAge * 1000;
  else if (cookie.expires !== undefined) expiresAt = cookie.expires;
  const cleared =
    (cookie.maxAge !== undefined && cookie.maxAge <= 0) ||
    (cookie.maxAge === undefined && cookie.expires !== undefined && cookie.expires <= now);
  const seen: SeenCookie = {
    name: cookie.name,
    domain,
    hostOnly: cookie.domain === undefined,
    path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    cleared,
    fingerprint: cookie.print,
    setAt: time,
    setByUrl: redactUrl(url),
  };
  if (cookie.sameSite !== undefined) seen.sameSite = cookie.sameSite;
  if (expiresAt !== undefined) seen.expiresAt = expiresAt;
  if (guest && cookie.session) seen.guest = true;
  const index = indexOf(context);
  const key = cookieKey(seen);
  const replaced = index.byKey.get(key);
  if (replaced) {
    context.cookies.splice(context.cookies.indexOf(replaced), 1);
    unindexCookie(index, replaced, key);
  }
  context.cookies.push(seen);
  indexCookie(index, seen, key);
  if (context.cookies.length > LIMITS.cookies) {
    const dropped = context.cookies.shift();
    if (dropped) unindexCookie(index, dropped);
  }
  index.cookieCount = context.cookies.length;
  if (cookie.session && !cleared) history.cookieAuth = true;
}

/**
 * What the context keeps of the cookie a Set-Cookie line sets (undefined when the line sets
 * none), by the line: servers send the same few lines again and again (a session cookie
 * refreshed on every response). Keyed by a 53-bit hash of the whole line (its length checked
 * too); the value is kept as its fingerprint only, so nothing secret is kept.
 */
function setCookieOf(line: string): KnownSetCookie | undefined {
  const hash = valueHash(line);
  const key = knownKey(hash);
  const known = SET_COOKIES.get(key);
  if (known !== undefined && known.hash === hash && known.length === line.length)
    return known.sets ? known : undefined;
  const cookie = parseSetCookie(line).cookie;
  const kept: KnownSetCookie = {
    hash,
    length: line.length,
    sets: cookie !== undefined,
    name: cookie?.name ?? '',
    domain: cookie?.domain,
    path: cookie?.path,
    maxAge: cookie?.maxAge,
    expires: cookie?.expires,
    secure: cookie?.secure ?? false,
    httpOnly: cookie?.httpOnly ?? false,
    sameSite: cookie?.sameSite,
    print: cookie ? fingerprint(cookie.value) : '',
    session: cookie ? isSessionCookieName(cookie.name) : false,
  };
  if (SET_COOKIES.size >= 256) SET_COOKIES.clear();
  SET_COOKIES.set(key, kept);
  return cookie ? kept : undefined;
}

/** A Set-Cookie line's cookie as `recordCookie` reads it. */
interface KnownSetCookie {
  hash: number;
  length: number;
  /** The line sets a cookie (else the rest is empty). */
  sets: boolean;
  name: string;
  domain: string | undefined;
  path: string | undefined;
  maxAge: number | undefined;
  expires: number | undefined;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite | undefined;
  /** `fingerprint` of the value. */
  print: string;
  /** `isSessionCookieName` of the name. */
  session: boolean;
}

const SET_COOKIES = new Map<number, KnownSetCookie>();

/** RFC 6265bis §5.1.4 default-path: the request path up to its last '/'. */
function defaultPath(path: string): string {
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/**
 * What makes the context's lookups cost the same with 5 or 500 hosts: the origins in
 * least-recently-recorded order (evicting one is O(1)), and the cookies by site, by domain, by
 * name and by (name, domain, path). Kept beside the context, not in it: the context stays
 * plain JSON for `storage.session`, and a context read back from there (a new object) gets its
 * index rebuilt on first use. Only this module changes a context, so the index stays in step;
 * the identity and length checks in `indexOf` catch a context changed behind its back.
 */
interface ContextIndex {
  origins: Record<string, OriginHistory>;
  cookies: SeenCookie[];
  cookieCount: number;
  lru: Map<string, OriginHistory>;
  bySite: Map<string, SeenCookie[]>;
  byDomain: Map<string, SeenCookie[]>;
  byName: Map<string, SeenCookie[]>;
  byKey: Map<string, SeenCookie>;
  /** Insertion order of each cookie, to merge lists back into `context.cookies` order. */
  order: Map<SeenCookie, number>;
  nextOrder: number;
}

const INDEXES = new WeakMap<DiagnosisContext, ContextIndex>();

function indexOf(context: DiagnosisContext): ContextIndex {
  const index = INDEXES.get(context);
  if (
    index &&
    index.origins === context.origins &&
    index.cookies === context.cookies &&
    index.cookieCount === context.cookies.length
  )
    return index;
  const built: ContextIndex = {
    origins: context.origins,
    cookies: context.cookies,
    cookieCount: context.cookies.length,
    // Least recently seen first, as recorded (a stable sort keeps ties in key order).
    lru: new Map(
      Object.values(context.origins)
        .sort((a, b) => (a.lastSeen || 0) - (b.lastSeen || 0))
        .map((history) => [history.origin, history]),
    ),
    bySite: new Map(),
    byDomain: new Map(),
    byName: new Map(),
    byKey: new Map(),
    order: new Map(),
    nextOrder: 0,
  };
  for (const cookie of context.cookies) indexCookie(built, cookie);
  INDEXES.set(context, built);
  return built;
}

const cookieKey = (cookie: SeenCookie) =>
  `${cookie.name}\u0000${cookie.domain}\u0000${cookie.path}`;

function addTo(map: Map<string, SeenCookie[]>, key: string, cookie: SeenCookie): void {
  const list = map.get(key);
  if (list) list.push(cookie);
  else map.set(key, [cookie]);
}

function removeFrom(map: Map<string, SeenCookie[]>, key: string, cookie: SeenCookie): void {
  const list = map.get(key);
  if (!list) return;
  const at = list.indexOf(cookie);
  if (at >= 0) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

function indexCookie(index: ContextIndex, cookie: SeenCookie, key = cookieKey(cookie)): void {
  index.order.set(cookie, index.nextOrder++);
  index.byKey.set(key, cookie);
  addTo(index.bySite, siteOf(cookie.domain), cookie);
  addTo(index.byDomain, cookie.domain, cookie);
  addTo(index.byName, cookie.name, cookie);
}

function unindexCookie(index: ContextIndex, cookie: SeenCookie, key = cookieKey(cookie)): void {
  index.order.delete(cookie);
  if (index.byKey.get(key) === cookie) index.byKey.delete(key);
  removeFrom(index.bySite, siteOf(cookie.domain), cookie);
  removeFrom(index.byDomain, cookie.domain, cookie);
  removeFrom(index.byName, cookie.name, cookie);
}

const NO_COOKIES: readonly SeenCookie[] = Object.freeze([]);

/**
 * A GET or HEAD that identified no one (see `SeenCookie.guest`): no password field, no secret
 * in its URL (an OAuth `code`, a CAS `ticket`, a token: the return of a sign-in), and every
 * credential it carried a guest session cookie of `host`. Only asked when a response sets
 * cookies.
 */
function anonymousRequest(
  context: DiagnosisContext,
  exchange: Exchange,
  sent: readonly SentCredential[],
  host: string,
): boolean {
  const { request } = exchange;
  if (request.passwordField || request.tokenRequest) return false;
  for (const credential of sent) {
    if (credential.kind !== 'cookie') return false;
    if (!guestCookie(context, host, credential.name, credential.value)) return false;
  }
  if (request.url.includes('=') && urlParamsOf(request.url, false, isSecretParamName).length > 0)
    return false;
  return true;
}

/**
 * The guest session cookie (`SeenCookie.guest`) of `host` that a request sending
 * `name=value` sent, or undefined: the same name and value as one the host set in answer to a
 * request that identified no one, not cleared since. A masked value matches none.
 */
export function guestCookie(
  context: DiagnosisContext,
  host: string,
  name: string,
  value: string,
): SeenCookie | undefined {
  if (isMaskedValue(value)) return undefined;
  let print: string | undefined;
  for (const seen of cookiesForHost(context, host)) {
    if (!seen.guest || seen.cleared || seen.name !== name) continue;
    if (seen.hostOnly && seen.domain !== host) continue;
    print ??= fingerprint(value);
    if (seen.fingerprint === print) return seen;
  }
  return undefined;
}

/** The remembered cookies set for a domain of the same site as `host`, oldest first. */
export function cookiesOfSite(context: DiagnosisContext, host: string): readonly SeenCookie[] {
  return indexOf(context).bySite.get(siteOf(host)) ?? NO_COOKIES;
}

/** The remembered cookies whose Domain is exactly `domain` (the setting host for host-only ones), oldest first. */
export function cookiesOfDomain(context: DiagnosisContext, domain: string): readonly SeenCookie[] {
  return indexOf(context).byDomain.get(domain) ?? NO_COOKIES;
}

/** The remembered cookies named `name`, oldest first. */
export function cookiesNamed(context: DiagnosisContext, name: string): readonly SeenCookie[] {
  return indexOf(context).byName.get(name) ?? NO_COOKIES;
}

/**
 * The remembered cookies whose domain could match `host`: set for the host itself or for one
 * of its parent domains (RFC 6265bis §5.1.3 domain-match still decides, with host-only), oldest
 * first. Looks up one list per label of the host, never every cookie.
 */
export function cookiesForHost(context: DiagnosisContext, host: string): readonly SeenCookie[] {
  const index = indexOf(context);
  let found: SeenCookie[] | undefined;
  let lists = 0;
  for (let at = -1; ; ) {
    const list = index.byDomain.get(at < 0 ? host : host.slice(at + 1));
    if (list) {
      lists++;
      found = found ? found.concat(list) : list;
    }
    at = host.indexOf('.', at + 1);
    if (at < 0) break;
  }
  if (!found) return NO_COOKIES;
  if (lists > 1) {
    const order = index.order;
    found.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
  return found;
}
