/**
 * What a rule needs of the facts before it can find anything. Most rules look at one part of
 * the exchange (its JWTs, its Authorization header, what this origin did before, the server's
 * error code) and return nothing when that part is absent, which it is for most failures. The
 * engine works out once per failure which parts are there (`presentIn`) and calls only the
 * rules whose needs are met, in their usual order: the same findings, without some thirty
 * calls per failure that could only return nothing (and without making those rules hot).
 *
 * A need must follow from the rule's own code: a rule never finds anything when its need is
 * unmet. test/core/rules/needs.test.ts runs every rule on many exchanges and checks it.
 */
import { isNamedAscii } from '../exchange';
import type { AuthorizationFact, Facts } from './facts';
import type { Rule } from './types';

/** Parts of the facts a rule may need, as bits. */
export const NEED = {
  /** At least one Authorization line (Proxy-Authorization for a 407): `facts.authorizations`. */
  authorization: 1 << 0,
  /** At least one JWT: `facts.jwts`. */
  jwt: 1 << 1,
  /** The origin was seen before: `facts.history`. */
  history: 1 << 2,
  /** At least one challenge: `facts.challenges`. */
  challenge: 1 << 3,
  /** An RFC 6750 error code: `facts.serverError`. */
  serverError: 1 << 4,
  /** The server's words point to a diagnosis: `facts.said`. */
  said: 1 << 5,
  /** The body says something: `facts.bodyMessage`. */
  bodyMessage: 1 << 6,
  /** A sign-in request: `facts.signIn`. */
  signIn: 1 << 7,
  /** A token endpoint request: `facts.token`. */
  token: 1 << 8,
  /** A token endpoint request, or token requests seen before: `facts.context.oauth`. */
  tokenFlow: 1 << 9,
  /** A CORS preflight. */
  preflight: 1 << 10,
  /** Known to be cross-origin: `facts.crossOrigin`. */
  crossOrigin: 1 << 11,
  /** A redirect that led here, or redirects seen before: chain or `facts.context.redirects`. */
  redirects: 1 << 12,
  status401: 1 << 13,
  status403: 1 << 14,
  status407: 1 << 15,
  /** An Authorization line with the Basic scheme (parsed as such, or reading `Basic `). */
  basic: 1 << 16,
  /** An Authorization line with the Digest scheme (parsed as such, or reading `Digest `). */
  digest: 1 << 17,
  /** A challenge whose scheme is Digest (any case). */
  digestChallenge: 1 << 18,
  /** A challenge whose scheme is Negotiate, NTLM or Kerberos (any case). */
  integratedChallenge: 1 << 19,
  /**
   * Something about DPoP: a DPoP challenge, the error code `use_dpop_nonce`, an Authorization
   * line with the DPoP scheme, or a JWT bound to a DPoP key (`cnf.jkt`).
   */
  dpop: 1 << 20,
  /** The error code (RFC 6750 §3.1) `insufficient_scope`. */
  scopeError: 1 << 21,
  /** The error code `invalid_request`. */
  requestError: 1 << 22,
  /** RFC 9470's `insufficient_user_authentication`: the error code, or a challenge's `error`. */
  stepUp: 1 << 23,
  /** No challenge at all. */
  noChallenge: 1 << 24,
  /** A plain http URL. */
  plainHttp: 1 << 25,
  /** The server's words point to api-token-required. */
  saysApiToken: 1 << 26,
  /** The server's words point to login-rejected. */
  saysLogin: 1 << 27,
} as const;

interface Needs {
  /** Every one of these bits. */
  all: number;
  /** At least one of these bits (0: none needed). */
  any: number;
}

const NEEDS = new WeakMap<Rule, Needs>();
const NOTHING: Needs = { all: 0, any: 0 };

/**
 * Records what `rule` needs: every bit of `all`, and one bit of `any` when it names some.
 * Returns the rule (for the families' lists).
 */
export function needs(all: number, rule: Rule, any = 0): Rule {
  NEEDS.set(rule, { all, any });
  return rule;
}

/** What `rule` needs (nothing unless `needs` said). */
export function needsOf(rule: Rule): Needs {
  return NEEDS.get(rule) ?? NOTHING;
}

/** True when the parts in `present` meet `needs`. */
export function meets(needs: Needs, present: number): boolean {
  return (needs.all & present) === needs.all && (needs.any === 0 || (needs.any & present) !== 0);
}

/** The parts of `facts` that are there, as NEED bits. */
export function presentIn(facts: Facts): number {
  let present = 0;
  if (facts.authorizations.length > 0) present |= NEED.authorization;
  if (facts.jwts.length > 0) present |= NEED.jwt;
  if (facts.history !== undefined) present |= NEED.history;
  if (facts.challenges.length > 0) present |= NEED.challenge;
  else present |= NEED.noChallenge;
  if (facts.serverError !== undefined)
    present |= NEED.serverError | errorCode(facts.serverError.error);
  if (facts.said !== undefined) present |= NEED.said | saidBits(facts.said.diagnosis);
  if (facts.bodyMessage !== undefined) present |= NEED.bodyMessage;
  if (facts.signIn !== undefined) present |= NEED.signIn;
  if (facts.token !== undefined) present |= NEED.token | NEED.tokenFlow;
  else if ((facts.context.oauth?.tokenRequests.length ?? 0) > 0) present |= NEED.tokenFlow;
  if (facts.preflight) present |= NEED.preflight;
  if (facts.crossOrigin === true) present |= NEED.crossOrigin;
  if (facts.exchange.request.redirectChain.length > 0 || facts.context.redirects.length > 0)
    present |= NEED.redirects;
  // (The schemes: most failures have one challenge and at most one Authorization line.)
  for (const auth of facts.authorizations) present |= authorizationSchemes(auth);
  for (const c of facts.challenges) {
    present |= challengeSchemes(c.scheme);
    if (c.params.error === STEP_UP) present |= NEED.stepUp;
  }
  if (facts.url?.scheme === 'http') present |= NEED.plainHttp;
  if (facts.serverError?.error === 'use_dpop_nonce') present |= NEED.dpop;
  if (anyDpopBound(facts.jwts)) present |= NEED.dpop;
  const status = facts.status;
  if (status === 401) present |= NEED.status401;
  else if (status === 403) present |= NEED.status403;
  else if (status === 407) present |= NEED.status407;
  return present;
}

/** How a Basic or Digest line reads when its scheme was not parsed (a broken value). */
const SCHEME_LINE = { basic: /^basic\s/i, digest: /^digest\s/i } as const;

/**
 * Whether an Authorization line is of `scheme`: parsed as such, or reading `Basic ` / `Digest `.
 * What the Basic and Digest rules look for (./basic-digest.ts), and so their need bits.
 */
export function isAuthorizationOf(auth: AuthorizationFact, scheme: 'basic' | 'digest'): boolean {
  const sent = auth.credentials?.scheme;
  return (
    (sent !== undefined && isNamedAscii(sent, scheme)) ||
    SCHEME_LINE[scheme].test(auth.credential.value.trim())
  );
}

/** The scheme bits of one Authorization line (Basic, Digest; DPoP as the DPoP rule reads it). */
function authorizationSchemes(auth: AuthorizationFact): number {
  let bits = 0;
  if (isAuthorizationOf(auth, 'basic')) bits |= NEED.basic;
  if (isAuthorizationOf(auth, 'digest')) bits |= NEED.digest;
  if (auth.credentials?.scheme.toLowerCase() === 'dpop') bits |= NEED.dpop;
  return bits;
}

const STEP_UP = 'insufficient_user_authentication';

/** The bits of an error code the rules look for. */
function errorCode(error: string): number {
  if (error === 'insufficient_scope') return NEED.scopeError;
  if (error === 'invalid_request') return NEED.requestError;
  if (error === STEP_UP) return NEED.stepUp;
  return 0;
}

/** The bits of what the server's words point to. */
function saidBits(diagnosis: string): number {
  if (diagnosis === 'api-token-required') return NEED.saysApiToken;
  if (diagnosis === 'login-rejected') return NEED.saysLogin;
  if (diagnosis === 'insufficient-scope') return NEED.scopeError;
  return 0;
}

/** The scheme bits of a challenge's scheme word. */
function challengeSchemes(scheme: string): number {
  // Only a scheme that starts with an ASCII d, k or n can be one of these (the rules that read
  // them match ASCII letters in any case): Bearer and Basic are not lower-cased to be sure.
  const first = scheme.charCodeAt(0) | 0x20;
  if (first !== 0x64 && first !== 0x6b && first !== 0x6e) return 0;
  switch (scheme.toLowerCase()) {
    case 'digest':
      return NEED.digestChallenge;
    case 'negotiate':
    case 'ntlm':
    case 'kerberos':
      return NEED.integratedChallenge;
    case 'dpop':
      return NEED.dpop;
    default:
      return 0;
  }
}

/** Whether a JWT sent is bound to a DPoP key (what the DPoP rule looks for). */
export function anyDpopBound(jwts: Facts['jwts']): boolean {
  for (const token of jwts) if (isDpopBound(token.jwt?.payload?.cnf)) return true;
  return false;
}

/** A `cnf` claim binding the token to a DPoP key (RFC 9449 §6: `cnf.jkt`). */
export function isDpopBound(cnf: unknown): boolean {
  return (
    typeof cnf === 'object' && cnf !== null && typeof (cnf as { jkt?: unknown }).jkt === 'string'
  );
}
