/**
 * Across requests (needs the context): credential-stopped-working, session-expired,
 * retry-storm, clock-skew.
 */

import {
  cookiesNamed,
  cookiesOfDomain,
  mainCredential,
  type OriginHistory,
  type SeenCookie,
} from '../context';
import { headerValue, headerValues } from '../exchange';
import { keepsIdentity } from '../redact';
import { isCredentialCookie } from '../secrets/model';
import { fingerprint } from '../sent-credentials';
import { REFUSAL_VERDICTS } from '../server-words';
import { formatDuration, formatOffset, formatUtc } from '../time-format';
import { parseUrl, type UrlParts } from '../url-parts';
import { type Facts, unansweredChallenge } from './facts';
import { NEED, needs } from './needs';
import { parseSetCookie } from './parsers';
import type { Rule } from './types';

/** Skew below this is ordinary (Date has 1 s resolution, requests take time). */
const STORM_WINDOW_MS = 10_000;
const STORM_COUNT = 5;

/**
 * A Set-Cookie line that may clear a cookie: it names Expires, or Max-Age other than as
 * `Max-Age=` and a digit 1-9 (a value that parses to at least 1, or not at all). Others cannot:
 * parseSetCookie lower-cases attribute names, and no other character lower-cases to these
 * ASCII letters. Most lines are a cookie set for a while (`Max-Age=86400`).
 */
const MAY_CLEAR = /expires|max-age(?!=[1-9])/i;

const stoppedWorking: Rule = (facts) => {
  const history = facts.history;
  if (!history) return undefined;
  for (const credential of facts.sent) {
    if (credential.kind === 'cookie' || (credential.masked && !keepsIdentity(credential.value)))
      continue;
    const print = fingerprint(credential.value);
    const seen = history.credentials.find(
      (c) => c.kind === credential.kind && c.name === credential.name && c.fingerprint === print,
    );
    if (seen?.lastSuccess === undefined) continue;
    if (Number.isFinite(facts.checkTime) && seen.lastSuccess > facts.checkTime) continue;
    if (refusesPermissionElsewhere(facts, seen.lastSuccessUrl)) continue;
    return {
      id: 'credential-stopped-working',
      confidence: 0.85,
      evidence: [
        `The same ${credential.label} (${credential.display}) was accepted earlier: ${seen.lastSuccessStatus} for ${seen.lastSuccessUrl} at ${formatUtc(seen.lastSuccess)}`,
        `Now refused with ${facts.status}, ${formatDuration(facts.checkTime - seen.lastSuccess)} later`,
      ],
    };
  }
  return undefined;
};

/**
 * Words of a permission refusal: the caller is known and not allowed this (Supabase Auth's 403
 * `not_admin` "User not allowed", "permission denied", "insufficient privileges").
 */
const PERMISSION_REFUSED =
  /\bnot (allowed|permitted|authori[sz]ed to)\b|\bpermission(s)? (denied|required)\b|\b(no|insufficient|lacks?|missing) (the )?(permissions?|privileges?|rights)\b|\bnot_admin\b|\badmin(istrator)? (only|required|privileges?)\b|\brequires? (an? )?admin/i;

/**
 * True for a 403 on another path than the credential's last success, whose words are a
 * permission refusal and not about the credential: the credential still identifies the caller,
 * who may not do this (RFC 9110 section 15.5.4, 403 Forbidden). Not "stopped working".
 */
function refusesPermissionElsewhere(facts: Facts, successUrl: string | undefined): boolean {
  if (facts.status !== 403) return false;
  const words = facts.bodyMessage;
  if (words === undefined || !PERMISSION_REFUSED.test(words)) return false;
  if (facts.said !== undefined && REFUSAL_VERDICTS.has(facts.said.diagnosis)) return false;
  const before = successUrl === undefined ? undefined : parseUrl(successUrl);
  return before !== undefined && facts.url !== undefined && before.path !== facts.url.path;
}

/**
 * session-expired: a 440/419, a session cookie that worked and is refused now (a), the server
 * clearing one now or earlier (b), a session cookie sent past its recorded expiry (c), the
 * server saying the session ended to a request that carried only cookies (d). Each part is a
 * function of its own: most failures find nothing, and this one stays small.
 *
 * Anti-CSRF cookies (`csrftoken`, `XSRF-TOKEN`, `next-auth.csrf-token`) are no session: they
 * travel with every request, signed in or not (`isCredentialCookie`).
 */
const sessionExpired: Rule = (facts) => {
  const evidence: string[] = [];
  let confidence = 0;
  if (facts.status === 440 || facts.status === 419) {
    evidence.push(
      `Status ${facts.status}${facts.status === 440 ? ' (Login Time-out)' : ' (session or CSRF token expired)'}`,
    );
    confidence = 0.8;
  }
  const sessionCookies = sessionCookiesOf(facts.sent);
  // Each session cookie's fingerprint, made on first need for (a) or (c), once.
  const prints: string[] = [];
  if (facts.history && sessionCookies.length > 0 && !sendsAuthorization(facts.sent))
    confidence = refusedCookie(facts, facts.history, sessionCookies, prints, evidence, confidence);
  if (confidence < MASKED_REFUSED && facts.history && facts.history.cookieAuth)
    confidence = refusedMaskedCookie(facts, facts.history, evidence, confidence);
  confidence = clearedNow(facts, evidence, confidence);
  if (confidence < 0.85) confidence = clearedBefore(facts, evidence, confidence);
  if (sessionCookies.length > 0)
    confidence = pastExpiry(facts, sessionCookies, prints, evidence, confidence);
  if (confidence < 0.9 && facts.bodyMessage !== undefined)
    confidence = saysSessionEnded(facts, evidence, confidence);
  if (confidence === 0) return undefined;
  return { id: 'session-expired', confidence, evidence };
};

const NO_COOKIES: Facts['sent'] = [];

/** The session cookies sent, unmasked (none, for most requests: no new list then). */
function sessionCookiesOf(sent: Facts['sent']): Facts['sent'] {
  let cookies: Facts['sent'] | undefined;
  for (const c of sent)
    if (c.kind === 'cookie' && !c.masked && isCredentialCookie(c.name)) {
      cookies ??= [];
      cookies.push(c);
    }
  return cookies ?? NO_COOKIES;
}

function sendsCookie(sent: Facts['sent'], name: string): boolean {
  for (const c of sent) if (c.kind === 'cookie' && c.name === name) return true;
  return false;
}

function sendsAuthorization(sent: Facts['sent']): boolean {
  for (const c of sent) if (c.kind === 'authorization') return true;
  return false;
}

/**
 * (a) a session cookie that worked earlier is refused now. Returns the confidence.
 *
 * Not when the server asks for an HTTP auth scheme (`WWW-Authenticate: Bearer`) that the
 * request did not send, unless the cookie alone was accepted in the same part of the site (the
 * same first path segment: `/api/...`, by a request without Authorization). A page, a public
 * document, or a call that also carried a token, answering 200 to a request with the cookie does
 * not show that the cookie is what the API checks: a single-page app on the same site as its API
 * sends the framework's session cookie with every call, and when it forgets the token the API's
 * Bearer challenge is about the missing Authorization header.
 *
 * Not when the server's words are about an anti-CSRF check (Django REST framework's 403 "CSRF
 * Failed: CSRF token missing or incorrect."): the session was fine, the request lacked the
 * token that goes with it.
 */
function refusedCookie(
  facts: Facts,
  history: OriginHistory,
  sessionCookies: Facts['sent'],
  prints: string[],
  evidence: string[],
  confidence: number,
): number {
  for (let i = 0; i < sessionCookies.length; i++) {
    const cookie = sessionCookies[i] as (typeof sessionCookies)[number];
    const print = printOf(sessionCookies, prints, i);
    const seen = history.credentials.find(
      (c) => c.kind === 'cookie' && c.name === cookie.name && c.fingerprint === print,
    );
    if (seen?.lastSuccess === undefined) continue;
    const asked = unansweredChallenge(facts);
    if (
      asked &&
      (!sameArea(seen.lastSuccessUrl, facts.url) || withAuthorization(history, seen.lastSuccess))
    )
      continue;
    if (saysCsrf(facts)) return confidence;
    evidence.push(
      `Cookie ${cookie.name} with the same value was accepted at ${formatUtc(seen.lastSuccess)} (${seen.lastSuccessStatus} for ${seen.lastSuccessUrl}) and is refused now`,
    );
    if (!asked) return Math.max(confidence, 0.85);
    // Even then, this endpoint may take tokens only (ASP.NET Core's `[Authorize(AuthenticationSchemes
    // = "Bearer")]` ignores the cookie): a possibility, not the likely cause.
    evidence.push(
      `But the server asks for ${asked.scheme}, which this request did not send: this endpoint may not take the cookie at all`,
    );
    return Math.max(confidence, 0.6);
  }
  return confidence;
}

/** (a) with the values masked: the name only, so weaker than the same value refused. */
const MASKED_REFUSED = 0.7;

/**
 * (a) with masked values (a sanitized capture, `Cookie: session=[REDACTED]`): a session cookie
 * of this name was accepted on this origin by a request that carried only cookies, is sent and
 * refused now, and no Set-Cookie for that name came in between (the server gave no new value:
 * the one sent is most likely the one accepted). Only for a request that carries cookies and
 * nothing else, with refusedCookie's conditions on a challenge and on anti-CSRF words.
 * Returns the confidence.
 */
function refusedMaskedCookie(
  facts: Facts,
  history: OriginHistory,
  evidence: string[],
  confidence: number,
): number {
  for (const c of facts.sent) if (c.kind !== 'cookie') return confidence;
  for (const cookie of facts.sent) {
    if (!cookie.masked || keepsIdentity(cookie.value) || !isCredentialCookie(cookie.name)) continue;
    // The fold keeps a masked value's fingerprint too: the mask's, the same for every value.
    const print = fingerprint(cookie.value);
    const seen = history.credentials.find(
      (c) => c.kind === 'cookie' && c.name === cookie.name && c.fingerprint === print,
    );
    if (seen?.lastSuccess === undefined || seen.lastSuccessUrl === undefined) continue;
    if (Number.isFinite(facts.checkTime) && seen.lastSuccess > facts.checkTime) continue;
    if (withOtherCredential(history, seen.lastSuccess)) continue;
    if (setBetween(facts, cookie.name, seen.lastSuccess)) continue;
    if (unansweredChallenge(facts) && !sameArea(seen.lastSuccessUrl, facts.url)) continue;
    if (saysCsrf(facts)) return confidence;
    evidence.push(
      `Cookie ${cookie.name} was accepted at ${formatUtc(seen.lastSuccess)} (${seen.lastSuccessStatus} for ${seen.lastSuccessUrl}) and is refused now, no new value set in between (the capture masked its values, so they cannot be compared)`,
    );
    return Math.max(confidence, MASKED_REFUSED);
  }
  return confidence;
}

/**
 * True when a Set-Cookie for `name` came with or after the success at `time` (up to this
 * request): the value sent now may be that new one, never shown to work.
 */
function setBetween(facts: Facts, name: string, time: number): boolean {
  for (const seen of cookiesNamed(facts.context, name))
    if (seen.setAt >= time && !(Number.isFinite(facts.checkTime) && seen.setAt > facts.checkTime))
      return true;
  return false;
}

/**
 * True when the request that last got a success with a cookie also carried a credential other
 * than cookies that succeeded (Authorization, a key): the fold stamps all with that request's time.
 */
function withOtherCredential(history: OriginHistory, time: number): boolean {
  for (const c of history.credentials)
    if (c.kind !== 'cookie' && c.lastSuccess === time) return true;
  return false;
}

/**
 * True when the request that last got a success with a cookie also carried an Authorization
 * header that succeeded: the fold stamps both with that request's time.
 */
function withAuthorization(history: OriginHistory, time: number): boolean {
  for (const c of history.credentials)
    if (c.kind === 'authorization' && c.lastSuccess === time) return true;
  return false;
}

/** The server's words name an anti-CSRF check (`CSRF Failed`, `CSRF token mismatch`). */
function saysCsrf(facts: Facts): boolean {
  const words = facts.bodyMessage;
  return words !== undefined && /\b(csrf|xsrf)\b/i.test(words);
}

/**
 * The server says the session ended: Devise's timeout ("Your session expired. Please sign in
 * again to continue."), "session has expired", "session timed out", "invalid session". Only
 * the words of a request that carried session cookies and no Authorization get here: for a
 * token, the same words are invalid-token's.
 */
const SESSION_ENDED =
  /\bsession\b.{0,30}\b(expired|timed?[ -]?out|ended|no longer valid|is invalid)\b|\b(expired|invalid) session\b|\bsession time-?out\b/i;

/**
 * (d) the server says the session ended, to a request with session cookies only (masked ones
 * too: a sanitized capture keeps their names).
 */
function saysSessionEnded(facts: Facts, evidence: string[], confidence: number): number {
  const words = facts.bodyMessage ?? '';
  if (!SESSION_ENDED.test(words) || saysCsrf(facts)) return confidence;
  let session = false;
  for (const c of facts.sent) {
    if (c.kind !== 'cookie') return confidence;
    if (isCredentialCookie(c.name)) session = true;
  }
  if (!session) return confidence;
  evidence.push(
    `The server says: "${words}", to a request that carried only cookies: the session they name has ended`,
  );
  return Math.max(confidence, 0.9);
}

/** True when `earlier` (a URL) and `url` share their first path segment (`/api`). */
function sameArea(earlier: string | undefined, url: UrlParts | undefined): boolean {
  const before = earlier === undefined ? undefined : parseUrl(earlier);
  if (!before || !url || before.origin !== url.origin) return false;
  return firstSegment(before.path) === firstSegment(url.path);
}

/** `/api` of `/api/v1/me` and of `/api`; `/` of `/`. */
function firstSegment(path: string): string {
  const end = path.indexOf('/', 1);
  return end < 0 ? path : path.slice(0, end);
}

/** (b) this response clears a session cookie. Returns the confidence. */
function clearedNow(facts: Facts, evidence: string[], confidence: number): number {
  const serverTime = Number.isFinite(facts.serverTime) ? facts.serverTime : facts.checkTime;
  for (const line of headerValues(facts.exchange.response.headers, 'set-cookie')) {
    if (!MAY_CLEAR.test(line)) continue;
    const { cookie } = parseSetCookie(line);
    if (!cookie || !isCredentialCookie(cookie.name)) continue;
    const cleared =
      (cookie.maxAge !== undefined && cookie.maxAge <= 0) ||
      (cookie.maxAge === undefined &&
        cookie.expires !== undefined &&
        Number.isFinite(serverTime) &&
        cookie.expires <= serverTime);
    if (!cleared) continue;
    evidence.push(
      `This response clears cookie ${cookie.name}: ${cookie.maxAge !== undefined ? `Max-Age=${cookie.maxAge}` : `Expires ${formatUtc(cookie.expires ?? Number.NaN)}`}`,
    );
    confidence = Math.max(confidence, 0.9);
  }
  return confidence;
}

/** (b) a session cookie of this host cleared earlier. Returns the confidence. */
function clearedBefore(facts: Facts, evidence: string[], confidence: number): number {
  if (!facts.url) return confidence;
  for (const seen of cookiesOfDomain(facts.context, facts.url.host)) {
    if (!seen.cleared || !isCredentialCookie(seen.name)) continue;
    if (Number.isFinite(facts.checkTime) && seen.setAt > facts.checkTime) continue;
    evidence.push(`${seen.setByUrl} cleared cookie ${seen.name} at ${formatUtc(seen.setAt)}`);
    // Not sent now: the clearing is why this request carries no session (more than the
    // no-credentials that follows from it).
    if (!sendsCookie(facts.sent, seen.name)) {
      evidence.push(`This request no longer carries ${seen.name}`);
      return Math.max(confidence, 0.92);
    }
    return Math.max(confidence, 0.8);
  }
  return confidence;
}

/** (c) a session cookie whose recorded expiry has passed was still sent. Returns the confidence. */
function pastExpiry(
  facts: Facts,
  sessionCookies: Facts['sent'],
  prints: string[],
  evidence: string[],
  confidence: number,
): number {
  for (let i = 0; i < sessionCookies.length; i++) {
    const cookie = sessionCookies[i] as (typeof sessionCookies)[number];
    const named = cookiesNamed(facts.context, cookie.name);
    // Only a remembered cookie expired by now can say anything: without one, whichever has
    // this value is not expired either (and the value is not fingerprinted).
    if (named.length === 0 || !anyExpiredBy(named, facts.checkTime)) continue;
    const print = printOf(sessionCookies, prints, i);
    const seen = named.find((c) => c.fingerprint === print);
    if (
      seen?.expiresAt === undefined ||
      !Number.isFinite(facts.checkTime) ||
      seen.expiresAt > facts.checkTime
    )
      continue;
    evidence.push(
      `Cookie ${cookie.name} was set to expire at ${formatUtc(seen.expiresAt)}, ${formatOffset(seen.expiresAt, facts.checkTime, 'the request')}`,
    );
    confidence = Math.max(confidence, 0.85);
  }
  return confidence;
}

/** True when a cookie of `cookies` had expired at `time` (a finite time). */
function anyExpiredBy(cookies: readonly SeenCookie[], time: number): boolean {
  if (!Number.isFinite(time)) return false;
  for (const cookie of cookies)
    if (cookie.expiresAt !== undefined && cookie.expiresAt <= time) return true;
  return false;
}

/** The fingerprint of `credentials[i]`, kept in `prints` once made. */
function printOf(credentials: Facts['sent'], prints: string[], i: number): string {
  let print = prints[i];
  if (print === undefined) {
    print = fingerprint((credentials[i] as Facts['sent'][number]).value);
    prints[i] = print;
  }
  return print;
}

const retryStorm: Rule = (facts) => {
  const history = facts.history;
  const main = mainCredential(facts.sent);
  if (!history || !main || !Number.isFinite(facts.checkTime)) return undefined;
  // A value the capture masked (`Bearer [REDACTED]`) cannot show it was the same credential:
  // a recorded test suite tries several bad tokens in seconds, all masked alike.
  if (main.masked && !keepsIdentity(main.value)) return undefined;
  const print = fingerprint(main.value);
  const earlier = history.failures.filter(
    (f) =>
      f.fingerprint === print &&
      f.time <= facts.checkTime &&
      facts.checkTime - f.time <= STORM_WINDOW_MS,
  );
  if (earlier.length + 1 < STORM_COUNT) return undefined;
  const first = earlier[0]?.time ?? facts.checkTime;
  return {
    id: 'retry-storm',
    confidence: 0.8,
    evidence: [
      `${earlier.length + 1} refused requests to ${history.origin} within ${formatDuration(facts.checkTime - first)} with the same ${main.label} (${main.display})`,
    ],
  };
};

const clockSkew: Rule = (facts) => {
  if (!Number.isFinite(facts.serverTime) || !Number.isFinite(facts.requestTime)) return undefined;
  const responseTime = facts.exchange.response.time;
  // The Date header is stamped between sending and receiving: only the gap beyond that counts.
  const upper =
    Number.isFinite(responseTime) && responseTime >= facts.requestTime
      ? responseTime
      : facts.requestTime;
  let skew = 0;
  if (facts.serverTime < facts.requestTime - 1000) skew = facts.serverTime - facts.requestTime;
  else if (facts.serverTime > upper + 1000) skew = facts.serverTime - upper;
  if (Math.abs(skew) <= facts.leewayMs) return undefined;
  const evidence = [
    `Request sent at ${formatUtc(facts.requestTime)} by the client's clock`,
    `The server's Date header says ${headerValue(facts.exchange.response.headers, 'date')}: ${formatOffset(facts.serverTime, facts.requestTime, 'the request')}`,
  ];
  const hours = wholeHours(facts.serverTime - facts.requestTime);
  if (hours === undefined) return { id: 'clock-skew', confidence: 0.8, evidence };
  evidence.push(
    `The difference is a whole number of hours (${Math.abs(hours)} h): most likely a time-zone error (a local time written or read as UTC) in the client or in the capture, not a clock that drifted`,
  );
  return {
    id: 'clock-skew',
    confidence: 0.8,
    evidence,
    fixes: [
      'Look for a local time sent or recorded as UTC (or the reverse): a timestamp without its offset, a server or container in another time zone, a HAR written by a tool that drops the offset.',
    ],
  };
};

/** Within this of a whole number of hours, an offset is a time-zone error rather than drift. */
const WHOLE_HOUR_SLACK_MS = 2 * 60_000;

/** The signed number of hours when `ms` is a whole number of hours (at least 1, ± 2 min). */
function wholeHours(ms: number): number | undefined {
  const hours = Math.round(ms / 3_600_000);
  if (hours === 0 || Math.abs(hours) > 26) return undefined;
  return Math.abs(ms - hours * 3_600_000) <= WHOLE_HOUR_SLACK_MS ? hours : undefined;
}

export const acrossRequestsRules: readonly Rule[] = [
  needs(NEED.history, stoppedWorking),
  sessionExpired,
  needs(NEED.history, retryStorm),
  clockSkew,
];
