/**
 * The normalised views of the challenges 401 Doctor knows (Bearer, DPoP, Digest), built when
 * first read rather than while parsing: most parsed challenges are never asked for one (a
 * header shown in a table, a credentials list, a conformance check), and building them cost
 * more than the rest of the scheme checks. The checks that report problems stay in
 * ./parse-challenges.ts and run at parse time; the views here only read the parameters.
 */
import type { BearerChallenge, Challenge, DigestChallenge, DpopChallenge, Params } from './types';

/**
 * A parsed list element (a challenge, or credentials before ./parse-credentials.ts reads
 * them) whose scheme views are getters: computed on first access, then kept. `toJSON` gives
 * the same JSON as a plain object holding the views would, so results still survive
 * `JSON.parse(JSON.stringify(x))` with their views.
 */
export class ParsedChallenge implements Challenge {
  scheme: string;
  params: Params;
  offset: number;
  declare token68?: string;
  #view: BearerChallenge | DigestChallenge | undefined = undefined;

  constructor(scheme: string, params: Params, offset: number) {
    this.scheme = scheme;
    this.params = params;
    this.offset = offset;
  }

  get bearer(): BearerChallenge | undefined {
    if (this.scheme !== 'Bearer') return undefined;
    this.#view ??= bearerView(this.params);
    return this.#view as BearerChallenge;
  }

  get dpop(): DpopChallenge | undefined {
    if (this.scheme !== 'DPoP') return undefined;
    this.#view ??= dpopView(this.params);
    return this.#view as DpopChallenge;
  }

  get digest(): DigestChallenge | undefined {
    if (this.scheme !== 'Digest') return undefined;
    this.#view ??= digestView(this.params);
    return this.#view as DigestChallenge;
  }

  toJSON(): Challenge {
    const out: Challenge = { scheme: this.scheme, params: this.params, offset: this.offset };
    if (this.token68 !== undefined) out.token68 = this.token68;
    const bearer = this.bearer;
    if (bearer) out.bearer = bearer;
    const dpop = this.dpop;
    if (dpop) out.dpop = dpop;
    const digest = this.digest;
    if (digest) out.digest = digest;
    return out;
  }
}

/**
 * The empty list every absent scope, acr_values and qop shares (frozen): most challenges
 * have none, and an array per challenge cost more than the rest of its view.
 */
export const NONE = Object.freeze([]) as unknown as string[];

function bearerView(p: Params): BearerChallenge {
  const view: BearerChallenge = {
    scope: p.scope === undefined ? NONE : splitSpaces(p.scope),
    acrValues: p.acr_values === undefined ? NONE : splitSpaces(p.acr_values),
  };
  if (p.error !== undefined) view.error = p.error;
  if (p.error_description !== undefined) view.errorDescription = p.error_description;
  if (p.error_uri !== undefined) view.errorUri = p.error_uri;
  if (p.max_age !== undefined && isDigits(p.max_age)) view.maxAge = Number(p.max_age);
  if (p.resource_metadata !== undefined) view.resourceMetadata = p.resource_metadata;
  return view;
}

function dpopView(p: Params): DpopChallenge {
  // (Not a spread: cloning the view costs more than building it.)
  const view = bearerView(p) as DpopChallenge;
  view.algs = p.algs === undefined ? [] : splitSpaces(p.algs);
  return view;
}

function digestView(p: Params): DigestChallenge {
  let algorithm = 'MD5';
  if (p.algorithm !== undefined) algorithm = digestAlgorithm(p.algorithm) ?? p.algorithm;
  let qop: string[] = NONE;
  if (p.qop !== undefined) {
    const list = p.qop;
    qop = commonQop(list) ?? [];
    if (qop.length === 0)
      for (let from = 0; from <= list.length; ) {
        let comma = list.indexOf(',', from);
        if (comma === -1) comma = list.length;
        const q = list.slice(from, comma).trim().toLowerCase();
        from = comma + 1;
        if (q !== '') qop.push(q);
      }
  }
  return {
    algorithm,
    session: algorithm.endsWith('-sess'),
    qop,
    stale: p.stale !== undefined && equalsLower(p.stale, 'true'),
    userhash: p.userhash !== undefined && equalsLower(p.userhash, 'true'),
    utf8: p.charset !== undefined && equalsLower(p.charset, 'utf-8'),
  };
}

const DIGEST_ALGORITHMS = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
];

/**
 * The registered spelling of a Digest algorithm (any case), or undefined. Compared in a
 * loop: a Map lookup would hash the freshly sliced value first, which costs more.
 */
export function digestAlgorithm(value: string): string | undefined {
  // (Indexed loops: an iterator per call cost as much as the comparisons.)
  for (let k = 0; k < DIGEST_ALGORITHMS.length; k++)
    if (DIGEST_ALGORITHMS[k] === value) return DIGEST_ALGORITHMS[k];
  for (let k = 0; k < DIGEST_ALGORITHMS.length; k++)
    if (equalsLower(value, DIGEST_LOWER[k] as string)) return DIGEST_ALGORITHMS[k];
  return undefined;
}

const DIGEST_LOWER = DIGEST_ALGORITHMS.map((name) => name.toLowerCase());

/** `s` equals `lower` (ASCII lower case) up to ASCII case, without copying `s`. */
export function equalsLower(s: string, lower: string): boolean {
  if (s.length !== lower.length) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** qop values as servers send them, read once (frozen, shared): no problems to report. */
const COMMON_QOPS: readonly string[] = [
  'auth',
  'auth-int',
  'auth,auth-int',
  'auth, auth-int',
  'auth-int,auth',
  'auth-int, auth',
];
const COMMON_QOP_LISTS: readonly string[][] = COMMON_QOPS.map(
  (raw) => Object.freeze(raw.split(',').map((q) => q.trim())) as unknown as string[],
);

/** The frozen list of a qop value as servers commonly send it, or undefined. */
export function commonQop(value: string): string[] | undefined {
  for (let k = 0; k < COMMON_QOPS.length; k++)
    if (COMMON_QOPS[k] === value) return COMMON_QOP_LISTS[k];
  return undefined;
}

export function splitSpaces(s: string): string[] {
  const out: string[] = [];
  // indexOf (a native search) rather than a charCodeAt loop: scopes run long (registry
  // scopes such as `repository:org/image:pull,push` hold no space at all).
  for (let from = 0; from <= s.length; ) {
    let space = s.indexOf(' ', from);
    if (space === -1) space = s.length;
    if (space > from) out.push(from === 0 && space === s.length ? s : s.slice(from, space));
    from = space + 1;
  }
  return out;
}

export function isDigits(s: string): boolean {
  if (s.length === 0 || s.length > 15) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
