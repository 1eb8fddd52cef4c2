/**
 * Expected 401s (everyday browsing): signed-out-probe, negotiate-handshake,
 * negotiate-not-answered. All `info`: the 401 is the designed answer, not a mistake. Each
 * finding supersedes the generic errors it explains (no-credentials, auth-required), so the
 * failure's top diagnosis says "expected" and nothing counts it as a failure to act on.
 *
 * Some facts are only known after later requests (the browser answered the challenge on the
 * next request; the page did or did not retry with a credential): ../follow-up.ts relabels an
 * earlier failure when they arrive.
 */
import { cookiesForHost, cookiesOfSite, guestCookie, type SeenCookie } from '../context';
import type { DiagnosisId } from '../diagnosis-kinds';
import { DIAGNOSIS_KINDS } from '../diagnosis-kinds';
import { headerValue } from '../exchange';
import { isSessionCookieName } from '../sent-credentials';
import { formatUtc } from '../time-format';
import { challengeText, type Facts } from './facts';
import { NEED, needs } from './needs';
import type { Challenge } from './parsers';
import type { Finding, Found, Rule } from './types';

/** The generic findings an expected 401 explains better. */
const EXPLAINED: readonly DiagnosisId[] = [
  'no-credentials',
  'auth-required',
  'cors-credentials-not-sent',
];

/**
 * Paths that only ask "who is signed in?": `/me`, `/whoami`, `/session`, `/user`,
 * `/users/current`, `/auth/check`, `/login/status`, ... (the last segments, case-insensitive,
 * an optional `.json`). Public examples: Auth0's Next.js sample calls `/api/me` on every page
 * load; chemotion ELN probes `/api/v1/users/current` on mount; deployd's `/users/me`;
 * devise_token_auth's `GET /auth/validate_token` (its TokenValidationsController, which the
 * ng-token-auth and j-toker clients call on load to learn whether the stored token is valid).
 */
const SESSION_CHECK_PATH =
  /\/(?:me|whoami|who-am-i|session|sessions\/(?:me|current)|user|users?\/(?:me|current|self)|current[-_]?user|currentuser|self|account|(?:auth|login|session|user)\/(?:check|status|state|session|user|me|current|verify|whoami|validate[-_]?token)|auth\/?check|login[-_]?status|logged[-_]?in|is[-_]?logged[-_]?in|is[-_]?authenticated|status)(?:\.json)?\/?$/i;

/** True when the path only asks who is signed in (see SESSION_CHECK_PATH). */
export function isSessionCheckPath(path: string): boolean {
  return SESSION_CHECK_PATH.test(path);
}

const INTEGRATED = /^(?:negotiate|ntlm|kerberos)$/i;

const NO_CHALLENGES: Challenge[] = [];

function integratedChallenges(facts: Facts): Challenge[] {
  // (Most failures offer none: no filtered copy for them.)
  let offered = false;
  for (const c of facts.challenges) if (INTEGRATED.test(c.scheme)) offered = true;
  return offered ? facts.challenges.filter((c) => INTEGRATED.test(c.scheme)) : NO_CHALLENGES;
}

/** The NTLM message type a base64 token holds (1 negotiate, 2 challenge, 3 authenticate). */
export function ntlmMessageType(token: string | undefined): 1 | 2 | 3 | undefined {
  // base64 of "NTLMSSP\0" followed by the little-endian type: TlRMTVNTUAAB / AAC / AAD.
  const match = /^TlRMTVNTUAA([BCD])/.exec(token ?? '');
  if (!match) return undefined;
  return match[1] === 'B' ? 1 : match[1] === 'C' ? 2 : 3;
}

/** `Negotiate` / `NTLM` Authorization the request carried, with its scheme. */
function integratedAnswer(facts: Facts): { scheme: string; token?: string } | undefined {
  for (const auth of facts.authorizations) {
    const scheme = auth.credentials?.scheme ?? auth.credential.value.trim().split(/\s+/)[0] ?? '';
    if (INTEGRATED.test(scheme)) {
      const token = auth.credentials?.token68;
      return token !== undefined ? { scheme, token } : { scheme };
    }
  }
  return undefined;
}

/**
 * What a probe that carried a guest session explains besides: "a credential was sent and
 * refused", when that credential was the guest session.
 */
const EXPLAINED_WITH_GUEST: readonly DiagnosisId[] = [...EXPLAINED, 'credentials-rejected'];

/** An error the rules found that an expected 401 does not explain. */
function otherError(found: Found, explained: readonly DiagnosisId[] = EXPLAINED): boolean {
  for (const finding of found.values()) {
    if (explained.includes(finding.id)) continue;
    const severity = finding.severity ?? DIAGNOSIS_KINDS[finding.id].severity;
    if (severity === 'error' && finding.confidence >= 0.5) return true;
  }
  return false;
}

function hostMatches(cookie: SeenCookie, host: string): boolean {
  const domain = cookie.domain.replace(/^\./, '').toLowerCase();
  return cookie.hostOnly ? host === domain : host === domain || host.endsWith(`.${domain}`);
}

const negotiate: Rule = (facts, found) => {
  if (facts.status !== 401) return undefined;
  const offered = integratedChallenges(facts);
  if (offered.length === 0) return undefined;
  const answer = integratedAnswer(facts);
  const schemes = offered.map((c) => c.scheme).join(', ');
  if (answer) {
    // The client answered, and the server's challenge carries the next handshake token
    // (NTLM's type 2, a SPNEGO continuation): the handshake is under way (RFC 4559 §5).
    const next = offered.find((c) => c.token68);
    if (!next) return undefined; // answered and refused: the other rules say why
    const sentType = ntlmMessageType(answer.token);
    const gotType = ntlmMessageType(next.token68);
    const evidence = [
      `The request carried Authorization: ${answer.scheme}${sentType ? ` (an NTLM type ${sentType} message)` : ''}`,
      `The server answered with the next step of the handshake: ${challengeText(next)}${gotType ? ` (an NTLM type ${gotType} message)` : ''}`,
      'The browser sends its answer on the next request; only a refusal after that is a failure',
    ];
    return {
      id: 'negotiate-handshake',
      confidence: 0.85,
      evidence,
      supersedes: [...EXPLAINED],
    };
  }
  if (facts.authorizations.length > 0 || otherError(found)) return undefined;
  const host = facts.url?.host ?? 'this host';
  const evidence = [
    `The server asks for integrated Windows authentication: WWW-Authenticate: ${schemes}`,
    `The request carried no Authorization: ${offered[0]?.scheme ?? 'Negotiate'} answer`,
  ];
  if (facts.exchange.gaps?.browserAuthInvisible)
    evidence.push(
      'HAR files may fold the browser’s own answer into one entry: if a later request succeeded, the handshake completed',
    );
  const finding: Finding = {
    id: 'negotiate-not-answered',
    confidence: 0.8,
    evidence,
    fixes: [
      `Add ${host} to the browser's integrated-authentication allowlist (Chrome and Edge: policy \`AuthServerAllowlist\`; Firefox: \`network.negotiate-auth.trusted-uris\`).`,
    ],
    supersedes: [...EXPLAINED],
  };
  return finding;
};

const signedOutProbe: Rule = (facts, found) => {
  if (facts.status !== 401 || facts.preflight || facts.navigation) return undefined;
  if (facts.method !== 'GET' && facts.method !== 'HEAD') return undefined;
  const url = facts.url;
  if (!url || !isSessionCheckPath(url.path)) return undefined;
  // A probe is a page asking; curl, SDKs and scripts (a User-Agent that is not a browser's,
  // or a HAR entry without one: browsers always record it) calling `/user` without a
  // credential simply forgot it.
  const agent = headerValue(facts.exchange.request.headers, 'user-agent');
  if (
    agent === undefined
      ? facts.exchange.source === 'har' &&
        facts.exchange.request.headers.length > 0 &&
        !browserish(facts)
      : !agent.includes('Mozilla/')
  )
    return undefined;
  // A record whose credentials may have been removed (Chrome's default "sanitized" export)
  // cannot show that none were sent: still the likeliest reading, said with less confidence.
  const stripped = facts.stripped.includes('authorization') || facts.stripped.includes('cookie');
  // A cookie counts by its name (a sanitized `_ga=•••` is still analytics); a masked Cookie
  // header whose names were hidden too (`Cookie: [REDACTED]`) may have been a session. A guest
  // session (the host gave it to this visitor in answer to a request that identified no one,
  // and nothing signed in since: `SeenCookie.guest`) identifies no one either.
  const history = facts.history;
  const guestsCount = history?.signInAt === undefined;
  const guests: SeenCookie[] = [];
  const credential = facts.sent.find((c) => {
    if (c.kind !== 'cookie') return true;
    if (c.masked && !/^[\w.-]+$/.test(c.name)) return true;
    if (!isSessionCookieName(c.name)) return false;
    const guest = guestsCount ? guestCookie(facts.context, url.host, c.name, c.value) : undefined;
    if (guest) guests.push(guest);
    return guest === undefined;
  });
  if (credential) return undefined;
  const explained = guests.length > 0 ? EXPLAINED_WITH_GUEST : EXPLAINED;
  if (integratedChallenges(facts).length > 0 || otherError(found, explained)) return undefined;
  // A page that was signed in is not probing: the other causes apply. Earlier guest session
  // cookies (the host re-sets them with every answer, their values change) do not count.
  if (
    history?.credentials.some(
      (c) => c.kind !== 'cookie' || !guestsCount || !isGuestName(facts, url.host, c.name),
    )
  )
    return undefined;
  // A session cookie the host set that this request did not send back, guest or not: something
  // kept it from the request (a cross-origin call without credentials, a blocked cookie).
  const liveSession = cookiesOfSite(facts.context, url.host).find(
    (c) =>
      !c.cleared && isSessionCookieName(c.name) && hostMatches(c, url.host) && !guests.includes(c),
  );
  if (liveSession) return undefined;
  const evidence = [
    `${facts.method} ${url.path}: an endpoint that asks who is signed in`,
    guests.length > 0
      ? 'The request carried no Authorization header, no API key and no session cookie but a guest session'
      : 'The request carried no Authorization header, no session cookie and no API key',
    history
      ? `No request in this ${sourceWord(facts)} carried a credential to ${url.origin}, and it set ${guests.length > 0 ? 'only guest sessions' : 'no session cookie'}`
      : `This is the first request to ${url.origin} in this ${sourceWord(facts)}`,
  ];
  for (const guest of guests)
    evidence.push(
      `Cookie ${guest.name} is a guest session: ${guest.setByUrl} set it at ${formatUtc(guest.setAt)} in answer to a request that identified no one, and no sign-in followed`,
    );
  if (facts.challenges.length > 0)
    evidence.push(`The server asks for: ${facts.challenges.map(challengeText).join('; ')}`);
  if (facts.bodyMessage) evidence.push(`Body says: "${facts.bodyMessage}"`);
  if (stripped)
    evidence.push(
      'This capture may have had its Authorization and Cookie headers removed: if you were signed in, they cannot be seen here',
    );
  return {
    id: 'signed-out-probe',
    confidence: stripped ? 0.55 : 0.92,
    evidence,
    supersedes: [...explained],
  };
};

/** The session cookie `name` that the host set last is a guest session. */
function isGuestName(facts: Facts, host: string, name: string): boolean {
  let guest = false;
  for (const seen of cookiesForHost(facts.context, host))
    if (seen.name === name && !seen.cleared) guest = seen.guest === true;
  return guest;
}

function sourceWord(facts: Facts): string {
  const source = facts.exchange.source;
  return source === 'har' || source === 'cli' ? 'capture' : 'tab';
}

export const expected401sRules: readonly Rule[] = [
  needs(NEED.status401 | NEED.integratedChallenge, negotiate),
  needs(NEED.status401, signedOutProbe),
];

/** Headers only a browser adds (a request without a User-Agent that has them is a page's). */
function browserish(facts: Facts): boolean {
  return facts.exchange.request.headers.some((h) =>
    /^(sec-fetch-|origin$|referer$|sec-ch-ua)/i.test(h.name),
  );
}
