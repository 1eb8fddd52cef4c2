/**
 * What came before on the same origin: the memory the cross-request diagnoses need
 * (credentials seen and whether they worked, cookies the hosts set, redirects, recent
 * failures). The extension keeps one per tab, the HAR analyser one per file.
 *
 * Plain JSON data, bounded in size, and free of secrets: credentials are kept as fingerprints
 * and masked displays only, so a context can go to `storage.session` as it is.
 */
import { type Exchange, headerValue, headerValues, isSuccessStatus } from './exchange';
import { redactUrl } from './redact';
import { parseSetCookie, type SameSite } from './rules/parsers';
import {
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
  const url = parseUrl(request.url);
  if (!url) return context;
  const time = Number.isFinite(request.time) ? request.time : response.time;
  const history = ensureOrigin(context, url.origin, time);
  const sent = sentCredentials(exchange);
  const status = response.status;
  const success = isSuccessStatus(status);

  for (const credential of sent) {
    if (credential.masked) continue;
    const seen = upsertCredential(history, credential, time);
    if (success) {
      seen.lastSuccess = time;
      seen.lastSuccessStatus = status;
      seen.lastSuccessUrl = redactUrl(request.url);
    }
  }
  if (success && sent.some((c) => c.kind === 'cookie' && isSessionCookieName(c.name)))
    if (!sent.some((c) => c.kind === 'authorization')) history.cookieAuth = true;
  if (AUTH_FAILURE_STATUSES.has(status)) {
    history.failures.push({ time, fingerprint: mainFingerprint(sent) });
    if (history.failures.length > LIMITS.failures) history.failures.shift();
  }
  if ((headerValue(response.headers, 'access-control-allow-credentials') ?? '').trim() === 'true')
    history.allowsCredentials = true;

  const setCookies = headerValues(response.headers, 'set-cookie');
  if (setCookies.length > 0) {
    const serverDate = Date.parse(headerValue(response.headers, 'date') ?? '');
    const now = Number.isFinite(serverDate) ? serverDate : time;
    for (const line of setCookies) {
      // HAR files from some browsers join several Set-Cookie lines with newlines.
      for (const one of line.split('\n'))
        recordCookie(context, history, one, url.host, url.path, now, time, request.url);
    }
  }

  if (status >= 300 && status < 400) {
    const location = headerValue(response.headers, 'location');
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
  const seen: SeenCredential = {
    kind: credential.kind,
    name: credential.name,
    fingerprint: print,
    display: credential.display,
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
