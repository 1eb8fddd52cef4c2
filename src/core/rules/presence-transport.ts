/**
 * Presence and transport: no-credentials, credentials-not-forwarded,
 * redirect-dropped-credentials, cors-credentials-not-sent, cookie-blocked,
 * preflight-unauthorized, insecure-transport.
 */
import { cookiesForHost, cookiesOfSite, type SeenCookie } from '../context';
import { headerValue } from '../exchange';
import { isCredentialCookie, isSecretHeaderName, isSessionCookieName } from '../secrets/model';
import { REFUSAL_VERDICTS } from '../server-words';
import { formatOffset, formatUtc } from '../time-format';
import { parseUrl } from '../url-parts';
import { challengeText, type Facts, isLocal } from './facts';
import { NEED, needs } from './needs';
import type { Finding, Rule } from './types';

function has(
  facts: Facts,
  kind: 'authorization' | 'proxy-authorization' | 'cookie' | 'key',
): boolean {
  // (Loops, not closures: this runs several times per failure.)
  for (const c of facts.sent) {
    if (kind === 'key') {
      if (c.kind === 'header' || c.kind === 'query') return true;
    } else if (kind === 'cookie') {
      // A CSRF token or a preference cookie identifies nobody.
      if (c.kind === 'cookie' && isCredentialCookie(c.name)) return true;
    } else if (c.kind === kind) return true;
  }
  return false;
}

function strippedNote(facts: Facts): string[] {
  const notes: string[] = [];
  if (facts.stripped.length > 0)
    notes.push(
      `This record may have had ${facts.stripped.join(', ')} headers removed (a sanitized HAR export, or a capture that cannot see them): credentials that were sent may not show here`,
    );
  const basicOrDigest = facts.challenges.some((c) =>
    /^(basic|digest|negotiate|ntlm)$/i.test(c.scheme),
  );
  if (facts.exchange.gaps?.browserAuthInvisible && basicOrDigest)
    notes.push(
      'Credentials the browser adds itself (its login prompt, saved passwords) are not recorded in HAR files: a wrong password there also looks like this',
    );
  return notes;
}

const preflight: Rule = (facts) => {
  if (!facts.preflight || facts.status !== 401) return undefined;
  return {
    id: 'preflight-unauthorized',
    confidence: 0.98,
    evidence: [
      `OPTIONS request with Access-Control-Request-Method: ${headerValue(facts.exchange.request.headers, 'access-control-request-method') ?? ''}`,
      'It was answered 401; browsers send no credentials on a preflight',
    ],
  };
};

const noCredentials: Rule = (facts) => {
  if (facts.preflight || facts.status === 407) return undefined;
  if (has(facts, 'authorization') || has(facts, 'cookie') || has(facts, 'key')) return undefined;
  // A sign-in carries its credentials in the body: login-rejected says what went wrong.
  if (facts.signIn) return undefined;
  // A credential header sent empty is a credential that was meant to be there.
  const empty = emptyCarrier(facts);
  if (empty) return empty;
  // A token request carries its credentials in the body (the grant, and the client's secret or
  // assertion: RFC 6749 §2.3, §4), or a body the capture masked or did not keep: never "none";
  // oauth-client-auth-failed says when the client did not authenticate.
  if (facts.token) return undefined;
  const evidence = [
    'No Authorization header',
    'No Cookie header',
    'No API-key header or key-like query parameter',
  ];
  const fixes: string[] = [];
  if (facts.challenges.length > 0) {
    evidence.push(`The server asks for: ${facts.challenges.map(challengeText).join('; ')}`);
    const scheme = facts.challenges[0]?.scheme ?? 'Bearer';
    fixes.push(
      /^basic$/i.test(scheme)
        ? 'The server asks for Basic: send `Authorization: Basic <base64 of user:password>`.'
        : `The server asks for ${scheme}: send \`Authorization: ${scheme} <credentials>\`.`,
    );
  }
  const proxy = facts.sent.find((c) => c.kind === 'proxy-authorization');
  if (proxy)
    evidence.push(
      `Proxy-Authorization was sent (${proxy.display}), but it is for a proxy, which consumes it (RFC 9110 section 11.7.2): the server that answered ${facts.status} does not read it`,
    );
  const serverSaysNone = facts.said?.diagnosis === 'no-credentials';
  if (serverSaysNone && facts.said)
    evidence.push(
      `${facts.said.provider ? facts.said.provider.name : 'The server'} says so too: "${facts.said.quote}"`,
    );
  const notes = strippedNote(facts);
  evidence.push(...notes);
  // The server complaining about *the token* means one was sent, just not recorded here.
  const tokenRefused =
    (facts.serverError?.error === 'invalid_token' ||
      (facts.said !== undefined && REFUSAL_VERDICTS.has(facts.said.diagnosis))) &&
    (facts.stripped.length > 0 || facts.exchange.request.headers.length === 0);
  if (tokenRefused)
    evidence.push(
      facts.said && REFUSAL_VERDICTS.has(facts.said.diagnosis)
        ? `The server's words ("${facts.said.quote}") say a credential was sent and refused`
        : 'The server\'s error="invalid_token" says a token was sent',
    );
  return {
    id: 'no-credentials',
    confidence: tokenRefused ? 0.3 : serverSaysNone ? 0.9 : notes.length > 0 ? 0.6 : 0.85,
    evidence,
    ...(fixes.length > 0 ? { fixes } : {}),
  };
};

/** The name of a header of this request with an empty value, when `lowerName` is one. */
function emptyHeader(facts: Facts, lowerName: string): string | undefined {
  for (const header of facts.exchange.request.headers)
    if (header.value.trim() === '' && header.name.toLowerCase() === lowerName) return header.name;
  return undefined;
}

/**
 * A credential header (a known key or token name, or one that carried a credential to this
 * origin before) sent with an empty value: empty-credentials, not no-credentials.
 */
function emptyCarrier(facts: Facts): Finding | undefined {
  const earlier = facts.history?.credentials ?? [];
  for (const header of facts.exchange.request.headers) {
    if (header.value.trim() !== '') continue;
    const lower = header.name.toLowerCase();
    const seen = earlier.find((c) => c.kind === 'header' && c.name === lower);
    if (!seen && !isSecretHeaderName(lower)) continue;
    const evidence = [`The ${header.name} header is present but empty`];
    if (seen)
      evidence.push(
        `An earlier request to ${facts.history?.origin ?? 'this origin'} (${formatUtc(seen.lastSeen)}) carried it: ${seen.display}`,
      );
    return {
      id: 'empty-credentials',
      confidence: 0.95,
      evidence,
      fixes: [
        `The code that sets ${header.name} ran with an empty value: check the variable (token not loaded yet, wrong storage key, cleared on refresh).`,
      ],
    };
  }
  return undefined;
}

/** Header and query credentials sent earlier to this origin, missing now (the "token not sent later" bug). */
const notForwarded: Rule = (facts, found) => {
  const history = facts.history;
  if (!history || facts.preflight || facts.stripped.includes('authorization')) return undefined;
  const missing = history.credentials.filter(
    (seen) =>
      seen.kind !== 'cookie' &&
      seen.kind !== 'proxy-authorization' &&
      // Challenge-response schemes start every exchange without credentials.
      !/^(digest|negotiate|ntlm)\b/i.test(seen.display) &&
      !facts.sent.some((c) => c.kind === seen.kind && c.name === seen.name),
  );
  if (missing.length === 0) return undefined;
  const asked = askedFor(facts);
  const scored = missing.map((seen) => {
    const scheme =
      seen.kind === 'authorization' ? (seen.display.split(' ')[0] ?? '').toLowerCase() : '';
    const fits =
      seen.kind === 'authorization'
        ? asked.schemes.length === 0
          ? asked.apiKey
            ? false
            : undefined
          : asked.schemes.includes(scheme)
        : asked.apiKey
          ? true
          : asked.schemes.length > 0
            ? false
            : undefined;
    let confidence =
      fits === false ? 0.4 : seen.lastSuccess !== undefined ? (fits ? 0.95 : 0.85) : 0.75;
    // The request does carry another credential: perhaps another API on the same origin.
    // Unless the server's challenge asks for the very scheme that is missing: a session cookie
    // that rides along with every call on the site does not answer `WWW-Authenticate: Bearer`.
    if (
      !(fits === true && seen.kind === 'authorization') &&
      facts.sent.some((c) => c.kind !== 'cookie' || isSessionCookieName(c.name))
    )
      confidence = Math.min(confidence, 0.45);
    return { seen, confidence };
  });
  scored.sort((a, b) => b.confidence - a.confidence);
  const best = scored[0];
  if (!best) return undefined;
  const { seen } = best;
  let { confidence } = best;
  // A redirect that lost the header is the more specific explanation of the missing header.
  const redirect = found.get('redirect-dropped-credentials');
  if (redirect && seen.kind === 'authorization')
    confidence = Math.min(confidence, redirect.confidence - 0.1);
  const label =
    seen.kind === 'authorization'
      ? 'Authorization header'
      : seen.kind === 'query'
        ? `query parameter ${seen.name}`
        : `${seen.name} header`;
  const evidence = [
    `An earlier request to ${history.origin} (${formatUtc(seen.lastSeen)}) carried ${label} ${seen.display}`,
    emptyHeader(facts, seen.name) !== undefined
      ? `This request sends the ${seen.name} header empty`
      : `This request has no ${label}`,
  ];
  if (seen.lastSuccess !== undefined)
    evidence.push(
      `That credential worked: ${seen.lastSuccessStatus} for ${seen.lastSuccessUrl} at ${formatUtc(seen.lastSuccess)}`,
    );
  if (facts.challenges.length > 0)
    evidence.push(`The server asks for: ${facts.challenges.map((c) => c.scheme).join(', ')}`);
  return { id: 'credentials-not-forwarded', confidence, evidence };
};

/** What the server asks for: challenge schemes (lower case), and whether it wants an API key. */
function askedFor(facts: Facts): { schemes: string[]; apiKey: boolean } {
  const schemes = facts.challenges.map((c) => c.scheme.toLowerCase());
  const apiKey =
    schemes.some((s) => /^(api-?key|apikey|key)$/.test(s)) ||
    /api[ _-]?key|x-api-key/i.test(facts.bodyMessage ?? '');
  return { schemes, apiKey };
}

const redirectDropped: Rule = (facts) => {
  if (has(facts, 'authorization') || !facts.url) return undefined;
  const chain = facts.exchange.request.redirectChain;
  let from: { url: string; status: number; authorization?: string } | undefined;
  const last = chain[chain.length - 1];
  if (last) {
    const auth = last.requestHeaders.find((h) => h.name.toLowerCase() === 'authorization');
    if (auth) from = { url: last.url, status: last.status, authorization: auth.value };
  } else {
    // No chain from the source: look for a redirect the context saw to this URL.
    const url = facts.exchange.request.url;
    for (let i = facts.context.redirects.length - 1; i >= 0; i--) {
      const redirect = facts.context.redirects[i];
      if (redirect && redirect.to === url && redirect.authorization) {
        from = {
          url: redirect.from,
          status: redirect.status,
          authorization: redirect.authorization,
        };
        break;
      }
    }
  }
  if (!from?.authorization) return undefined;
  const fromOrigin = parseUrl(from.url)?.origin;
  if (!fromOrigin) return undefined;
  if (fromOrigin !== facts.url.origin)
    return {
      id: 'redirect-dropped-credentials',
      confidence: 0.95,
      evidence: [
        `${from.url} carried Authorization and was answered ${from.status}, redirecting to ${facts.url.origin}`,
        `The redirected request to ${facts.exchange.request.url} has no Authorization header`,
        `${fromOrigin} and ${facts.url.origin} are different origins`,
      ],
      fixes: [
        `Call ${facts.url.origin} directly, or re-send Authorization after following the redirect yourself.`,
      ],
    };
  // Same origin: browsers keep Authorization (Fetch's HTTP-redirect fetch removes it only across
  // origins), but some HTTP clients drop it on every redirect they follow (.NET's
  // HttpClientHandler with AllowAutoRedirect). A trailing-slash redirect (Django APPEND_SLASH,
  // FastAPI redirect_slashes, fasthttp's router) is the usual one.
  const slash = trailingSlashOnly(from.url, facts.exchange.request.url);
  return {
    id: 'redirect-dropped-credentials',
    confidence: 0.9,
    evidence: [
      `${from.url} carried Authorization and was answered ${from.status}, redirecting to ${facts.exchange.request.url}${slash ? ` (${slash})` : ''}`,
      `The redirected request has no Authorization header, on the same origin (${facts.url.origin})`,
      'Some HTTP clients remove Authorization on every redirect they follow, even to the same origin (.NET HttpClient with AllowAutoRedirect does)',
    ],
    fixes: [
      `Call ${facts.exchange.request.url} directly${slash ? ` (${slash === 'a trailing slash added' ? 'with' : 'without'} the trailing slash, as the server wants)` : ''}, so no redirect is followed; or follow the redirect yourself and re-send Authorization.`,
    ],
  };
};

/** How two URLs differ when only a trailing slash on the path does; undefined otherwise. */
function trailingSlashOnly(from: string, to: string): string | undefined {
  const a = parseUrl(from);
  const b = parseUrl(to);
  if (!a || !b || a.origin !== b.origin || a.query !== b.query) return undefined;
  if (`${a.path}/` === b.path) return 'a trailing slash added';
  if (a.path === `${b.path}/`) return 'the trailing slash removed';
  return undefined;
}

function cookieDomainMatches(cookie: SeenCookie, host: string): boolean {
  if (cookie.hostOnly) return cookie.domain === host;
  return host === cookie.domain || host.endsWith(`.${cookie.domain}`);
}

function cookiePathMatches(cookie: SeenCookie, path: string): boolean {
  return (
    path === cookie.path ||
    (path.startsWith(cookie.path) &&
      (cookie.path.endsWith('/') || path.charAt(cookie.path.length) === '/'))
  );
}

/** Cookies the host set earlier that this request did not carry, each with the reasons attributes give. */
function blockedCookies(
  facts: Facts,
): Array<{ cookie: SeenCookie; reasons: string[]; certain: boolean }> {
  const url = facts.url;
  if (!url) return [];
  // Only cookies of this site: the host's own, or set for a domain of this site.
  const cookies = cookiesOfSite(facts.context, url.host);
  if (cookies.length === 0) return [];
  const out: Array<{ cookie: SeenCookie; reasons: string[]; certain: boolean }> = [];
  for (const cookie of cookies) {
    if (cookie.cleared || !isSessionCookieName(cookie.name)) continue;
    if (sendsCookie(facts.sent, cookie.name)) continue;
    const blocked = blockedCookie(facts, url, cookie);
    if (blocked) out.push(blocked);
  }
  return out;
}

/** Why `cookie`, set earlier and not sent, was not sent; undefined when nothing tells. */
function blockedCookie(
  facts: Facts,
  url: NonNullable<Facts['url']>,
  cookie: SeenCookie,
): { cookie: SeenCookie; reasons: string[]; certain: boolean } | undefined {
  const reasons: string[] = [];
  let certain = true;
  if (!cookieDomainMatches(cookie, url.host))
    reasons.push(
      `Domain: it belongs to ${cookie.hostOnly ? `the host ${cookie.domain} only (no Domain attribute)` : cookie.domain}, not ${url.host}`,
    );
  if (!cookiePathMatches(cookie, url.path))
    reasons.push(`Path=${cookie.path} does not cover ${url.path}`);
  if (cookie.secure && url.scheme !== 'https' && !isLocal(url))
    reasons.push('Secure: it is only sent over https, this request used http');
  if (
    cookie.expiresAt !== undefined &&
    Number.isFinite(facts.checkTime) &&
    cookie.expiresAt <= facts.checkTime
  )
    reasons.push(
      `Expired at ${formatUtc(cookie.expiresAt)}, ${formatOffset(cookie.expiresAt, facts.checkTime, 'the request')}`,
    );
  if (facts.crossSite) {
    const sameSite = cookie.sameSite ?? 'Lax';
    // Lax cookies go with top-level GET navigations only (not frames, not fetches).
    const dest = headerValue(facts.exchange.request.headers, 'sec-fetch-dest') ?? 'document';
    const topLevelGet =
      facts.method === 'GET' &&
      facts.navigation &&
      dest === 'document' &&
      facts.exchange.request.type !== 'sub_frame';
    if (sameSite === 'Strict' || (sameSite === 'Lax' && !topLevelGet))
      reasons.push(
        `SameSite=${sameSite}${cookie.sameSite ? '' : ' (the default when SameSite is absent)'}: not sent on a cross-site request from ${facts.pageOrigin ?? 'another site'}`,
      );
    else if (sameSite === 'None') {
      if (!cookie.secure)
        reasons.push('SameSite=None without Secure: browsers reject such cookies');
      else {
        reasons.push(
          'SameSite=None; Secure: allowed cross-site, unless the browser blocks third-party cookies',
        );
        certain = false;
      }
    }
  }
  return reasons.length > 0 ? { cookie, reasons, certain } : undefined;
}

/** True when the request carried a cookie named `name` (a request carries a few credentials). */
function sendsCookie(sent: Facts['sent'], name: string): boolean {
  for (const c of sent) if (c.kind === 'cookie' && c.name === name) return true;
  return false;
}

const cookieBlocked: Rule = (facts) => {
  if (facts.preflight) return undefined;
  const blocked = blockedCookies(facts);
  if (blocked.length === 0) return undefined;
  const certain = blocked.some((b) => b.certain);
  const evidence: string[] = [];
  for (const { cookie, reasons } of blocked.slice(0, 3)) {
    evidence.push(
      `Cookie ${cookie.name} was set by ${cookie.setByUrl} at ${formatUtc(cookie.setAt)} but not sent with this request:`,
    );
    for (const reason of reasons) evidence.push(`  ${reason}`);
  }
  return { id: 'cookie-blocked', confidence: certain ? 0.9 : 0.5, evidence };
};

const corsNotSent: Rule = (facts, found) => {
  if (
    !facts.crossOrigin ||
    facts.preflight ||
    facts.navigation ||
    has(facts, 'cookie') ||
    has(facts, 'authorization') ||
    !facts.url
  )
    return undefined;
  const history = facts.history;
  const acac = (
    headerValue(facts.exchange.response.headers, 'access-control-allow-credentials') ?? ''
  ).trim();
  const acao = headerValue(facts.exchange.response.headers, 'access-control-allow-origin');
  const host = facts.url.host;
  const hostCookies = cookiesForHost(facts.context, host).filter(
    (c) => !c.cleared && cookieDomainMatches(c, host) && isSessionCookieName(c.name),
  );
  const cookieAuth = history?.cookieAuth || hostCookies.length > 0 || acac === 'true';
  if (!cookieAuth) return undefined;
  const evidence = [
    `Cross-origin request from ${facts.pageOrigin ?? 'another origin'} to ${facts.url.origin}${
      headerValue(facts.exchange.request.headers, 'sec-fetch-site')
        ? ` (Sec-Fetch-Site: ${headerValue(facts.exchange.request.headers, 'sec-fetch-site')})`
        : ''
    }`,
    'It carried no Cookie header',
  ];
  for (const cookie of hostCookies.slice(0, 2))
    evidence.push(
      `${facts.url.host} set cookie ${cookie.name} at ${formatUtc(cookie.setAt)}${cookie.sameSite ? ` (SameSite=${cookie.sameSite})` : ''}`,
    );
  if (history?.cookieAuth && hostCookies.length === 0)
    evidence.push(`Earlier requests to ${facts.url.origin} succeeded with cookies`);
  if (acac === 'true')
    evidence.push('The response allows credentials: Access-Control-Allow-Credentials: true');
  else
    evidence.push(
      `The response has ${acac ? `Access-Control-Allow-Credentials: ${acac}` : 'no Access-Control-Allow-Credentials header'}`,
    );
  const fixes: string[] = [];
  if (acao === '*') {
    evidence.push('Access-Control-Allow-Origin: * cannot be used with credentials');
    fixes.push(
      `Server: answer \`Access-Control-Allow-Origin: ${facts.pageOrigin ?? '<the calling origin>'}\` instead of \`*\`.`,
    );
  }
  // A cookie that could not be sent anyway is the more specific explanation.
  const blocked = found.get('cookie-blocked');
  const confidence = blocked && blocked.confidence >= 0.9 ? 0.7 : 0.9;
  return {
    id: 'cors-credentials-not-sent',
    confidence,
    evidence,
    ...(fixes.length ? { fixes } : {}),
  };
};

/**
 * What a token request's form body carried (RFC 6749 §2.3.1, §4.3.2, §6; RFC 7523): names only,
 * never the values.
 */
function tokenBodyCredentials(facts: Facts): string[] {
  const request = facts.token?.request;
  if (!request) return [];
  const carried: string[] = [];
  if (request.clientSecret) carried.push('the client secret');
  if (request.clientAssertion || request.assertion) carried.push('a signed assertion');
  // The password grant sends the resource owner's username and password (RFC 6749 §4.3.2).
  if (request.grantType === 'password') carried.push("the user's password");
  if (request.refreshToken) carried.push('a refresh token');
  if (request.code) carried.push('an authorization code');
  return carried.length > 0 ? [`${carried.join(', ')} in the token request's form body`] : [];
}

/**
 * The server's words refusing plain http: Keycloak answers `invalid_request` "HTTPS required"
 * when the realm's Require SSL mode (external requests by default) sees http from a
 * non-private address (Keycloak Server Administration Guide, "SSL modes"); others say "SSL
 * required" / "TLS is required". The matched phrase only (no secret in it).
 */
const HTTPS_REQUIRED = /\b(?:https|ssl|tls)\s+(?:is\s+)?required\b/i;

function httpsRequired(facts: Facts): string | undefined {
  const description = facts.serverError?.description;
  const match =
    (description ? HTTPS_REQUIRED.exec(description) : null) ??
    (facts.bodyMessage ? HTTPS_REQUIRED.exec(facts.bodyMessage) : null);
  return match?.[0];
}

const insecure: Rule = (facts) => {
  const url = facts.url;
  if (url?.scheme !== 'http' || isLocal(url)) return undefined;
  const carried = facts.sent
    .filter((c) => c.kind !== 'cookie' || isSessionCookieName(c.name))
    .map((c) => c.label);
  carried.push(...tokenBodyCredentials(facts));
  const refused = httpsRequired(facts);
  if (carried.length === 0 && !refused) return undefined;
  const evidence: string[] = [];
  if (carried.length > 0)
    evidence.push(`${url.origin} over plain http carried: ${carried.join(', ')}`);
  if (!refused) return { id: 'insecure-transport', confidence: 0.7, evidence };
  // The server refuses the request for its transport: that is the cause, whatever else it says.
  evidence.push(`The server refuses plain http: "${refused}"`);
  if (carried.length > 0)
    evidence.push('Those credentials crossed the network unencrypted: consider them exposed');
  const fixes = [
    `Send the request over https (the server's https address and port), not ${url.origin}.`,
  ];
  // Keycloak's endpoints live under /realms/<realm>/ (its OIDC endpoint layout).
  if (url.path.includes('/realms/'))
    fixes.push(
      'Keycloak: the realm\'s "Require SSL" setting (external requests, the default) refuses http from addresses that are not private; put Keycloak behind TLS rather than turning the check off.',
    );
  return { id: 'insecure-transport', confidence: 0.95, severity: 'error', evidence, fixes };
};

export const presenceTransportRules: readonly Rule[] = [
  needs(NEED.preflight | NEED.status401, preflight),
  needs(NEED.redirects, redirectDropped),
  needs(NEED.history, notForwarded),
  cookieBlocked,
  needs(NEED.crossOrigin, corsNotSent),
  noCredentials,
  needs(NEED.plainHttp, insecure),
];
