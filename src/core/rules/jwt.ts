/**
 * JSON Web Tokens found in Authorization, cookies or key headers: jwt-expired,
 * jwt-not-yet-valid, jwt-malformed, jwt-unsigned, jwt-wrong-token-type,
 * jwt-audience-mismatch, environment-mismatch, jwe-opaque. Tokens are decoded, never verified;
 * times are compared with the request time (RFC 7519 §4.1.4, §4.1.5).
 */
import { jwtTimes } from '../jwt/jwt-times';
import { formatDuration, formatOffset, formatUtc } from '../time-format';
import { isLoopbackHost, parseUrl } from '../url-parts';
import type { Facts } from './facts';
import { NEED, needs } from './needs';
import { PROBLEM_CODES } from './parsers';
import type { Finding, Rule } from './types';

function numericClaim(
  payload: Record<string, unknown> | null | undefined,
  name: string,
): number | undefined {
  const value = payload?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringClaim(
  payload: Record<string, unknown> | null | undefined,
  name: string,
): string | undefined {
  const value = payload?.[name];
  return typeof value === 'string' ? value : undefined;
}

function audiences(payload: Record<string, unknown> | null | undefined): string[] {
  const aud = payload?.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === 'string');
  return [];
}

function serverSays(facts: Facts): string[] {
  const error = facts.serverError;
  if (!error) return [];
  return [
    `The server says: error="${error.error}"${error.description ? `, "${error.description}"` : ''}`,
  ];
}

const expired: Rule = (facts) => {
  for (const token of facts.jwts) {
    const times = jwtTimes(token.jwt?.payload, facts.checkTime, facts.leewayMs);
    // Not expired by the client's clock: maybe by the server's (then it is clock skew).
    if (!times.expired || times.exp === undefined) continue;
    return expiredFinding(facts, token, times, times.exp);
  }
  return undefined;
};

/** The jwt-expired finding of `token`, which expired at `expMs`. */
function expiredFinding(
  facts: Facts,
  token: Facts['jwts'][number],
  times: ReturnType<typeof jwtTimes>,
  expMs: number,
): Finding {
  const reference = Number.isFinite(facts.requestTime) ? 'the request' : 'the server time';
  const evidence = [
    `${token.where}: a JWT with exp = ${numericClaim(token.jwt?.payload, 'exp')} (${formatUtc(expMs)}), ${formatOffset(expMs, facts.checkTime, reference)}`,
    Number.isFinite(facts.requestTime)
      ? `Request sent at ${formatUtc(facts.requestTime)}`
      : 'Request time unknown: compared with the response Date header',
  ];
  if (times.iat !== undefined && times.iat < expMs)
    evidence.push(
      `Issued at ${formatUtc(times.iat)}: a lifetime of ${formatDuration(expMs - times.iat)}`,
    );
  if (Number.isFinite(facts.serverTime) && Number.isFinite(facts.requestTime)) {
    evidence.push(
      jwtTimes(token.jwt?.payload, facts.serverTime).expired
        ? `By the server's clock (Date: ${formatUtc(facts.serverTime)}) it had expired too`
        : `By the server's clock (Date: ${formatUtc(facts.serverTime)}) it had not expired yet: the clocks disagree`,
    );
  }
  evidence.push(...serverSays(facts));
  return { id: 'jwt-expired', confidence: 0.95, evidence };
}

/**
 * jwt-not-yet-valid: nbf (or iat) after the request by the client's clock, or after the
 * server's own clock (its Date header): an API host whose clock is behind refuses a token the
 * issuer made a moment ago (ASP.NET Core's IDX10222 "The token is not valid before ...").
 */
const notYetValid: Rule = (facts) => {
  const clocks = [facts.checkTime];
  if (Number.isFinite(facts.serverTime) && facts.serverTime !== facts.checkTime)
    clocks.push(facts.serverTime);
  for (const clock of clocks) {
    if (!Number.isFinite(clock)) continue;
    for (const token of facts.jwts) {
      const times = jwtTimes(token.jwt?.payload, clock, facts.leewayMs);
      if (
        (times.notBefore && times.nbf !== undefined) ||
        (times.issuedInFuture && times.iat !== undefined)
      )
        return notYetValidFinding(facts, token, times, clock);
    }
  }
  return undefined;
};

/** The jwt-not-yet-valid finding of `token`, whose nbf or iat is after `clock`. */
function notYetValidFinding(
  facts: Facts,
  token: Facts['jwts'][number],
  times: ReturnType<typeof jwtTimes>,
  clock: number,
): Finding {
  const byServer = clock !== facts.checkTime;
  const at = byServer ? "the server's Date" : 'the request';
  const evidence: string[] = [];
  if (times.notBefore && times.nbf !== undefined)
    evidence.push(
      `${token.where}: nbf = ${numericClaim(token.jwt?.payload, 'nbf')} (${formatUtc(times.nbf)}), ${formatOffset(times.nbf, clock, at)}`,
    );
  if (times.issuedInFuture && times.iat !== undefined)
    evidence.push(
      `${token.where}: iat = ${numericClaim(token.jwt?.payload, 'iat')} (${formatUtc(times.iat)}), ${formatOffset(times.iat, clock, at)}`,
    );
  if (byServer)
    evidence.push(
      `The server's clock says ${formatUtc(clock)}${Number.isFinite(facts.checkTime) ? ` (the request was sent at ${formatUtc(facts.checkTime)} by the client's)` : ''}: the server's clock is behind the issuer's`,
    );
  else evidence.push(`Request sent at ${formatUtc(facts.checkTime)}`);
  evidence.push(...serverSays(facts));
  return { id: 'jwt-not-yet-valid', confidence: 0.85, evidence };
}

function problemDiagnosis(code: string): string | undefined {
  const entry = (PROBLEM_CODES as Record<string, { diagnosis?: string }>)[code];
  return entry?.diagnosis;
}

const malformed: Rule = (facts) => {
  for (const token of facts.jwts) {
    const problems = token.problems.filter(
      (p) => problemDiagnosis(p.code) === 'jwt-malformed' && p.severity === 'error',
    );
    if (problems.length === 0) continue;
    return {
      id: 'jwt-malformed',
      confidence: 0.9,
      evidence: [
        `${token.where}: JWT-shaped value with ${token.token.split('.').length} segments, ${token.token.length} characters`,
        ...problems.map((p) => p.message),
      ],
    };
  }
  return undefined;
};

const unsigned: Rule = (facts) => {
  for (const token of facts.jwts) {
    const jwt = token.jwt;
    if (!jwt || jwt.encrypted) continue;
    const alg = typeof jwt.header.alg === 'string' ? jwt.header.alg : undefined;
    if (alg?.toLowerCase() !== 'none' && jwt.signature) continue;
    return {
      id: 'jwt-unsigned',
      confidence: 0.9,
      evidence: [
        `${token.where}: alg = "${alg ?? '(missing)'}"${jwt.signature ? '' : ', empty signature segment'}`,
      ],
    };
  }
  return undefined;
};

const wrongTokenType: Rule = (facts) => {
  for (const token of facts.jwts) {
    if (!token.where.startsWith('Authorization')) continue;
    const payload = token.jwt?.payload;
    if (!payload) continue;
    const evidence: string[] = [];
    const typ = `${stringClaim(payload, 'typ') ?? ''} ${typeof token.jwt?.header.typ === 'string' ? token.jwt.header.typ : ''}`;
    if (/refresh/i.test(typ)) evidence.push(`typ says "${typ.trim()}": a refresh token`);
    else if (/(^|\s)id(\s|$)/i.test(typ)) evidence.push(`typ says "${typ.trim()}": an ID token`);
    if (payload.nonce !== undefined)
      evidence.push('It has a nonce claim: an OpenID Connect ID token');
    if (payload.at_hash !== undefined)
      evidence.push('It has an at_hash claim: an OpenID Connect ID token');
    const azp = stringClaim(payload, 'azp');
    const aud = audiences(payload);
    if (
      evidence.length === 0 &&
      azp !== undefined &&
      aud.length === 1 &&
      aud[0] === azp &&
      payload.scope === undefined &&
      payload.scp === undefined
    )
      evidence.push(
        `aud equals azp ("${azp}") and there is no scope: an ID token issued to the client`,
      );
    if (evidence.length === 0) continue;
    return {
      id: 'jwt-wrong-token-type',
      confidence: 0.8,
      evidence: [`${token.where} carries a JWT that is not an access token:`, ...evidence],
    };
  }
  return undefined;
};

/**
 * Hosts of the `iss` and `aud` values seen last (claims name the same few issuers and APIs
 * request after request; they are identifiers, not secrets). Cleared when full.
 */
const CLAIM_HOSTS = new Map<string, string | undefined>();
const CLAIM_HOSTS_MAX = 256;

/** The host an `aud` (or `iss`) claim names: its URL's host, or a bare host name. */
function hostOfAudience(aud: string): string | undefined {
  const known = CLAIM_HOSTS.get(aud);
  if (known !== undefined || CLAIM_HOSTS.has(aud)) return known;
  const host = claimHost(aud);
  if (aud.length <= 2048) {
    if (CLAIM_HOSTS.size >= CLAIM_HOSTS_MAX) CLAIM_HOSTS.clear();
    CLAIM_HOSTS.set(aud, host);
  }
  return host;
}

function claimHost(aud: string): string | undefined {
  if (aud.includes('://')) return parseUrl(aud)?.host;
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(aud) || /^localhost(:\d+)?$/i.test(aud))
    return aud.toLowerCase().replace(/:\d+$/, '');
  return undefined;
}

function hostsMatch(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/**
 * True when the token names audiences, every one of them a host (opaque identifiers such as
 * "my-api" can't be checked), and none of them `host`. (Read in place: no copies of the list.)
 */
function audiencesMiss(payload: Record<string, unknown> | null | undefined, host: string): boolean {
  const aud = payload?.aud;
  if (typeof aud === 'string') return audienceMisses(aud, host);
  if (!Array.isArray(aud)) return false;
  let named = false;
  for (const one of aud) {
    if (typeof one !== 'string') continue;
    if (!audienceMisses(one, host)) return false;
    named = true;
  }
  return named;
}

function audienceMisses(aud: string, host: string): boolean {
  const audHost = hostOfAudience(aud);
  return audHost !== undefined && !hostsMatch(audHost, host);
}

const audienceMismatch: Rule = (facts) => {
  const host = facts.url?.host;
  if (!host) return undefined;
  for (const token of facts.jwts)
    if (audiencesMiss(token.jwt?.payload, host)) return audienceFinding(facts, token, host);
  return undefined;
};

function audienceFinding(facts: Facts, token: Facts['jwts'][number], host: string): Finding {
  return {
    id: 'jwt-audience-mismatch',
    confidence: 0.75,
    evidence: [
      `${token.where}: aud = ${JSON.stringify(token.jwt?.payload?.aud)}`,
      `The request went to ${host}`,
      ...serverSays(facts),
    ],
  };
}

export type Environment = 'local' | 'dev' | 'staging' | 'production';

/** Environments of the hosts seen last (host names are no secret). Cleared when full. */
const ENVIRONMENTS = new Map<string, Environment>();
const ENVIRONMENTS_MAX = 512;

/** The environment a host name suggests. */
export function environmentOf(host: string): Environment {
  let env = ENVIRONMENTS.get(host);
  if (env === undefined) {
    env = hostEnvironment(host);
    if (host.length <= 255) {
      if (ENVIRONMENTS.size >= ENVIRONMENTS_MAX) ENVIRONMENTS.clear();
      ENVIRONMENTS.set(host, env);
    }
  }
  return env;
}

function hostEnvironment(host: string): Environment {
  if (
    isLoopbackHost(host) ||
    /\.(local|localhost|test|internal|lan)$/.test(host) ||
    /^(10|192\.168|172\.(1[6-9]|2\d|3[01]))\./.test(host)
  )
    return 'local';
  if (/(^|[.-])(dev|develop|development)([.-]|\d|$)/.test(host)) return 'dev';
  if (/(^|[.-])(staging|stage|stg|uat|qa|preprod|sandbox|test|testing)([.-]|\d|$)/.test(host))
    return 'staging';
  return 'production';
}

/** Hosts that serve test and live credentials alike (the key, not the host, picks the mode). */
const DUAL_MODE_HOSTS = /(^|\.)stripe\.com$|(^|\.)paypal\.com$|(^|\.)braintreegateway\.com$/;

/** Hosted identity providers: their tenant names ("dev-1234.auth0.com") say nothing about the environment. */
const IDENTITY_PROVIDER_HOSTS =
  /\.(auth0\.com|okta\.com|oktapreview\.com|microsoftonline\.com|windows\.net|amazoncognito\.com|google\.com|googleapis\.com|onelogin\.com|ping(identity|one)\.com|clerk\.accounts\.dev)$/;

/**
 * environment-mismatch by the token's claims: the `iss`, then each `aud`, that names a host of
 * another environment than the request's. (The keys' prefixes are `keyEnvironmentMismatch`,
 * the next rule: the first finding of an id is the one kept.)
 */
const environmentMismatch: Rule = (facts) => {
  const host = facts.url?.host;
  if (!host) return undefined;
  for (const token of facts.jwts) {
    const payload = token.jwt?.payload;
    const iss = stringClaim(payload, 'iss');
    // (hostOfAudience reads a URL's host as parseUrl does, and a bare host name as well.)
    if (iss) {
      const finding = claimEnvironmentMismatch(token.where, 'iss', hostOfAudience(iss), host);
      if (finding) return finding;
    }
    const aud = payload?.aud;
    if (typeof aud === 'string') {
      const finding = claimEnvironmentMismatch(token.where, 'aud', hostOfAudience(aud), host);
      if (finding) return finding;
    } else if (Array.isArray(aud)) {
      for (const one of aud) {
        if (typeof one !== 'string') continue;
        const finding = claimEnvironmentMismatch(token.where, 'aud', hostOfAudience(one), host);
        if (finding) return finding;
      }
    }
  }
  return undefined;
};

/** The finding when a claim names a host of another environment than the request's host. */
function claimEnvironmentMismatch(
  where: string,
  claim: 'iss' | 'aud',
  claimHost: string | undefined,
  host: string,
): Finding | undefined {
  if (!claimHost || IDENTITY_PROVIDER_HOSTS.test(claimHost)) return undefined;
  const target = environmentOf(host);
  const env = environmentOf(claimHost);
  if (env === target) return undefined;
  return {
    id: 'environment-mismatch',
    confidence: 0.7,
    evidence: [
      `${where}: ${claim} host ${claimHost} looks like ${env}`,
      `The request went to ${host}, which looks like ${target}`,
    ],
  };
}

/** environment-mismatch by a key's prefix: a test key sent to production, or a live key elsewhere. */
const keyEnvironmentMismatch: Rule = (facts) => {
  const host = facts.url?.host;
  if (!host) return undefined;
  let target: Environment | undefined;
  for (const credential of facts.sent) {
    // Every key the pattern reads has "k_" in it: most values have none.
    if (!credential.value.includes('k_')) continue;
    const match = /^(sk|pk|rk)_(test|live)_/.exec(
      credential.value.replace(/^(Bearer|Basic)\s+/i, ''),
    );
    if (!match) continue;
    const keyEnv = match[2] === 'test' ? 'test' : 'live';
    target ??= environmentOf(host);
    const live = target === 'production';
    if (DUAL_MODE_HOSTS.test(host)) continue;
    if ((keyEnv === 'test' && live) || (keyEnv === 'live' && !live))
      return {
        id: 'environment-mismatch',
        confidence: 0.6,
        evidence: [
          `${credential.label}: a ${keyEnv} key (prefix ${match[0]})`,
          `The request went to ${host}, which looks like ${target}`,
        ],
      };
  }
  return undefined;
};

const jweOpaque: Rule = (facts) => {
  for (const token of facts.jwts) {
    if (!token.jwt?.encrypted) continue;
    const enc = typeof token.jwt.header.enc === 'string' ? token.jwt.header.enc : '?';
    const alg = typeof token.jwt.header.alg === 'string' ? token.jwt.header.alg : '?';
    return {
      id: 'jwe-opaque',
      confidence: 0.9,
      evidence: [
        `${token.where}: a JWE with 5 segments (alg ${alg}, enc ${enc}); its claims are encrypted`,
      ],
    };
  }
  return undefined;
};

export const jwtRules: readonly Rule[] = [
  needs(NEED.jwt, malformed),
  needs(NEED.jwt, unsigned),
  needs(NEED.jwt, expired),
  needs(NEED.jwt, notYetValid),
  needs(NEED.jwt, wrongTokenType),
  needs(NEED.jwt, audienceMismatch),
  needs(NEED.jwt, environmentMismatch),
  keyEnvironmentMismatch,
  needs(NEED.jwt, jweOpaque),
];
