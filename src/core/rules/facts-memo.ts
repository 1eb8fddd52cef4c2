/**
 * What `buildFacts` reads from header values that repeat verbatim across failures (a retry
 * loop sends the same token, gets the same challenge and the same body, failure after
 * failure), kept per diagnosis context so that each value is parsed once.
 *
 * Every answer is what the parser gives for that exact key: a cached answer is the same
 * answer. Cached results are shared between the failures that read them, so they are frozen
 * (the objects the facts expose: results, problem lists, credentials, decoded JWT header and
 * claims, challenges and their parameters): a rule that tried to change one would throw rather
 * than change another failure's facts.
 *
 * Secrets: Authorization values, tokens and challenge lines are kept as keys (and their parses
 * as values) in memory only, bounded in count and size, and dropped by
 * `forgetRememberedValues` (../remembered-values.ts). Nothing here is serialised or stored. One
 * memo serves every context: an answer depends on its key alone.
 */

import { BoundedMemo } from '../bounded-memo';
import type { ChallengesResult, CredentialsResult, JwtResult } from '../http/types';
import { registerRememberedValues } from '../remembered-values';

/** Where a page origin candidate (Origin, initiator, Referer) points, when it is a URL. */
export interface PageOf {
  origin: string;
  scheme: string;
  host: string;
  /** `siteOf(host)`, worked out once per page. */
  site: string;
}

export interface FactsMemo {
  /** `parseCredentials` by the Authorization value. */
  credentials: BoundedMemo<CredentialsResult>;
  /** `decodeJwt` by the token. */
  jwts: BoundedMemo<JwtResult>;
  /** `parseChallenges` by the field line(s). */
  challenges: BoundedMemo<ChallengesResult>;
  /** The page a candidate names, by the candidate (null: not a URL). */
  pages: BoundedMemo<PageOf | null>;
}

/**
 * Bounds: a capture across 500 hosts brings a token back after about 250 other values; JWTs
 * are the largest keys (a few KB at most each: values longer than `MAX_KEY` are not kept).
 */
const LIMITS = { credentials: 1024, jwts: 1024, challenges: 512, pages: 512 };
/** Longer values are parsed every time (and not kept). */
export const MAX_KEY = 8192;

const MEMO: FactsMemo = {
  credentials: new BoundedMemo(LIMITS.credentials),
  jwts: new BoundedMemo(LIMITS.jwts),
  challenges: new BoundedMemo(LIMITS.challenges),
  pages: new BoundedMemo(LIMITS.pages),
};
const PARTS = Object.values(MEMO) as Array<BoundedMemo<unknown>>;

registerRememberedValues({
  forget: () => {
    for (const part of PARTS) part.clear();
  },
  size: () => PARTS.reduce((sum, part) => sum + part.size, 0),
});

/** The memo `buildFacts` reads header values through. */
export function factsMemo(): FactsMemo {
  return MEMO;
}

/** `parse(key)`, from the memo when `key` was parsed before; a new answer is frozen and kept. */
export function memoised<V>(
  memo: BoundedMemo<V>,
  key: string,
  parse: (key: string) => V,
  freeze: (value: V) => V,
): V {
  if (key.length > MAX_KEY) return parse(key);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = freeze(parse(key));
  memo.set(key, value);
  return value;
}

export function freezeJwtResult(result: JwtResult): JwtResult {
  if (result.jwt) freezeJwt(result.jwt);
  Object.freeze(result.problems);
  return Object.freeze(result);
}

function freezeJwt(jwt: NonNullable<JwtResult['jwt']>): void {
  Object.freeze(jwt.header);
  if (jwt.payload) Object.freeze(jwt.payload);
  Object.freeze(jwt);
}

export function freezeCredentialsResult(result: CredentialsResult): CredentialsResult {
  const credentials = result.credentials;
  if (credentials) {
    if (credentials.jwt) freezeJwt(credentials.jwt);
    Object.freeze(credentials.params);
    if (credentials.basic) Object.freeze(credentials.basic);
    if (credentials.digest) Object.freeze(credentials.digest);
    if (credentials.aws) Object.freeze(credentials.aws);
    Object.freeze(credentials);
  }
  Object.freeze(result.problems);
  return Object.freeze(result);
}

export function freezeChallengesResult(result: ChallengesResult): ChallengesResult {
  for (const challenge of result.challenges) {
    Object.freeze(challenge.params);
    Object.freeze(challenge);
  }
  Object.freeze(result.challenges);
  Object.freeze(result.problems);
  return Object.freeze(result);
}
