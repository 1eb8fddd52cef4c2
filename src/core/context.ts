/**
 * What came before on the same origin: the memory the cross-request diagnoses need
 * (credentials seen and whether they worked, cookies the hosts set, redirects, recent
 * failures). The extension keeps one per tab, the HAR analyser one per file.
 *
 * Plain JSON data, bounded in size, and free of secrets: credentials are kept as fingerprints
 * and masked displays only, so a context can go to `storage.session` as it is.
 */
import { type Exchange, headerValue, isSuccessStatus } from './exchange';
import { redactUrl } from './redact';
import { parseSetCookie, type SameSite } from './rules/parsers';
import {
  describeCredential,
  fingerprint,
  isSessionCookieName,
  type SentCredential,
  type SentCredentialKind,
  sentCredentials,
} from './sent-credentials';
import { parseUrl, resolveUrl } from './url-parts';

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
}

const LIMITS = { origins: 256, credentials: 32, failures: 32, cookies: 256, redirects: 64 };

/** Statuses that mean "not authenticated / not allowed": failures, never successes. */
export const AUTH_FAILURE_STATUSES: ReadonlySet<number> = new Set([401, 403, 407, 419, 440]);

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
  const sent = sentCredentials(exchange, { sessionCookiesOnly: true, describe: false });
  const status = response.status;
  const success = isSuccessStatus(status);

  let successUrl: string | undefined;
  for (const credential of sent) {
    if (credential.masked) continue;
    const seen = upsertCredential(history, credential, time);
    if (success) {
      seen.lastSuccess = time;
      seen.lastSuccessStatus = status;
      successUrl ??= redactUrl(request.url);
      seen.lastSuccessUrl = successUrl;
    }
  }
  if (success && sent.some((c) => c.kind === 'cookie' && isSessionCookieName(c.name)))
    if (!sent.some((c) => c.kind === 'authorization')) history.cookieAuth = true;
  if (AUTH_FAILURE_STATUSES.has(status)) {
    history.failures.push({ time, fingerprint: mainFingerprint(sent) });
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

  const url = setCookies ? parseUrl(request.url) : undefined;
  if (setCookies && url) {
    const serverDate = Date.parse(headerValue(response.headers, 'date') ?? '');
    const now = Number.isFinite(serverDate) ? serverDate : time;
    for (const line of setCookies) {
      // HAR files from some browsers join several Set-Cookie lines with newlines.
      for (const one of line.split('\n'))
        recordCookie(context, history, one, url.host, url.path, now, time, request.url);
    }
  }

  if (status >= 300 && status < 400) {
    if (location) {
      const authorization = sent.find((c) => c.kind === 'authorization');
      const redirect: SeenRedirect = {
        from: redactUrl(request.url),
        to: redactUrl(resolveUrl(location, request.url)),
        status,
        time,
      };
      if (authorization) redirect.authorization = authorization.display;
      context.redirects.push(redirect);
      if (context.redirects.length > LIMITS.redirects) context.redirects.shift();
    }
  }
  return context;
}

// Requests go to a handful of origins: cache origin by the URL's `scheme://authority` prefix.
const ORIGIN_CACHE = new Map<string, string>();

/** Origin of an absolute URL ('' when none), cached by the URL's authority prefix. */
function originOfCached(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0) return '';
  let end = scheme + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
    end++;
  }
  const prefix = url.slice(0, end);
  const cached = ORIGIN_CACHE.get(prefix);
  if (cached !== undefined) return cached;
  const origin = parseUrl(url)?.origin ?? '';
  if (ORIGIN_CACHE.size >= 256) ORIGIN_CACHE.clear();
  ORIGIN_CACHE.set(prefix, origin);
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

function mainFingerprint(sent: readonly SentCredential[]): string {
  const main = mainCredential(sent);
  return main ? fingerprint(main.value) : '';
}

function ensureOrigin(context: DiagnosisContext, origin: string, time: number): OriginHistory {
  let history = originHistory(context, origin);
  if (!history) {
    const keys = Object.keys(context.origins);
    if (keys.length >= LIMITS.origins) {
      let oldest = keys[0] as string;
      for (const key of keys)
        if ((context.origins[key]?.lastSeen ?? 0) < (context.origins[oldest]?.lastSeen ?? 0))
          oldest = key;
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
  }
  if (Number.isFinite(time)) history.lastSeen = time;
  return history;
}

function upsertCredential(
  history: OriginHistory,
  credential: SentCredential,
  time: number,
): SeenCredential {
  const print = fingerprint(credential.value);
  for (const seen of history.credentials) {
    if (
      seen.kind === credential.kind &&
      seen.name === credential.name &&
      seen.fingerprint === print
    ) {
      seen.lastSeen = time;
      return seen;
    }
  }
  const described = credential.display === '' ? describeCredential(credential) : credential;
  const seen: SeenCredential = {
    kind: credential.kind,
    name: described.name,
    fingerprint: print,
    display: described.display,
    firstSeen: time,
    lastSeen: time,
  };
  history.credentials.push(seen);
  if (history.credentials.length > LIMITS.credentials) {
    let oldest = 0;
    history.credentials.forEach((c, i) => {
      if (c.lastSeen < (history.credentials[oldest]?.lastSeen ?? 0)) oldest = i;
    });
    history.credentials.splice(oldest, 1);
  }
  return seen;
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
): void {
  const { cookie } = parseSetCookie(line);
  if (!cookie) return;
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
    fingerprint: fingerprint(cookie.value),
    setAt: time,
    setByUrl: redactUrl(url),
  };
  if (cookie.sameSite !== undefined) seen.sameSite = cookie.sameSite;
  if (expiresAt !== undefined) seen.expiresAt = expiresAt;
  const index = context.cookies.findIndex(
    (c) => c.name === seen.name && c.domain === seen.domain && c.path === seen.path,
  );
  if (index >= 0) context.cookies.splice(index, 1);
  context.cookies.push(seen);
  if (context.cookies.length > LIMITS.cookies) context.cookies.shift();
  if (isSessionCookieName(cookie.name) && !cleared) history.cookieAuth = true;
}

/** RFC 6265bis §5.1.4 default-path: the request path up to its last '/'. */
function defaultPath(path: string): string {
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}
