/**
 * The diagnosis engine: one failed exchange in, the failure with its ranked diagnoses out, in
 * compact form: ids, severities, confidences, evidence and the fixes specific to this exchange.
 * Rules live in ./rules/<family>.ts (one file per catalogue family); every text that leaves
 * passes through the redaction of ./redact.ts. The catalogue's words (explanations, general
 * fixes, platform notes) are added by ./diagnose.ts; the background stores the compact form
 * and never loads them.
 */

import { isAuthRelatedForbidden } from './auth-related-403';
import { createContext, type DiagnosisContext } from './context';
import {
  DIAGNOSIS_KINDS,
  type DiagnosisFamily,
  type DiagnosisId,
  type Severity,
} from './diagnosis-kinds';
import type { Exchange } from './exchange';
import { type FlowStep, flowUpTo, isTokenEndpointRequest } from './oauth/flow';
import { readTokenAnswer } from './oauth/token-request';
import { findPlatforms, type PlatformFinding, type PlatformHints } from './platforms';
import { redactUrl } from './redact';
import { acrossRequestsRules } from './rules/across-requests';
import { authorizationFormatRules } from './rules/authorization-format';
import { basicDigestRules } from './rules/basic-digest';
import { expected401sRules } from './rules/expected-401s';
import { buildFacts, challengeText, type Facts } from './rules/facts';
import { jwtRules } from './rules/jwt';
import { meets, needsOf, presentIn } from './rules/needs';
import { oauthContextEvidence, oauthRules } from './rules/oauth';
import { otherStatusesRules } from './rules/other-statuses';
import { presenceTransportRules } from './rules/presence-transport';
import { serverSaidRules } from './rules/server-said';
import type { Finding, Rule } from './rules/types';
import { keyPrefixOf } from './secrets/model';
import { redactText } from './secrets/value-masker';
import type { ProviderKnowledge } from './server-words';
import { AUTH_FAILURE_STATUSES } from './statuses';

/** A diagnosis without the catalogue's words: what the background stores. */
export interface CompactDiagnosis {
  id: DiagnosisId;
  family: DiagnosisFamily;
  severity: Severity;
  /** 0..1. */
  confidence: number;
  /** The facts it rests on, secrets masked. */
  evidence: string[];
  /** Ordered steps specific to this exchange (the catalogue's general ones follow them). */
  fixes: string[];
}

export interface FailureChallenge {
  header: 'WWW-Authenticate' | 'Proxy-Authenticate';
  scheme: string;
  params: Record<string, string>;
  /** The challenge as text. */
  text: string;
}

export interface FailureCredential {
  /** `Authorization header`, `cookie sid`, `query parameter api_key`, ... */
  where: string;
  /** Masked. */
  value: string;
  scheme?: string;
  /** Basic user name or Digest username (never the password). */
  username?: string;
  /** Claims of a JWT (the signature is never included). */
  jwt?: {
    header: Record<string, unknown>;
    payload: Record<string, unknown> | null;
    encrypted: boolean;
  };
}

/** A failure as the engine finds it: see `Failure` (./diagnose.ts) for it with its words. */
export interface CompactFailure {
  /** The exchange's id (webRequest requestId, HAR entry index), when it had one. */
  id?: string;
  status: number;
  statusText?: string;
  method: string;
  /** The URL with key-like query parameters masked. */
  url: string;
  /** Request time, ms since the epoch (NaN when unknown). */
  time: number;
  /** Most likely first; never empty. */
  diagnoses: CompactDiagnosis[];
  platforms: PlatformFinding[];
  challenges: FailureChallenge[];
  credentials: FailureCredential[];
  /** What the source could not show (stripped or masked headers). */
  notes: string[];
  /**
   * Diagnoses an expected 401 explained away (`no-credentials` under `signed-out-probe`):
   * kept so that a later request that overturns it can bring them back (./follow-up.ts).
   */
  superseded?: CompactDiagnosis[];
  /**
   * The OAuth flow that led here (discovery, authorize, callback, token requests, API calls),
   * up to this failure (marked `current`); absent when no OAuth flow preceded it. The HAR
   * analysis and the extension's background then add the refresh and retry that followed it
   * (./oauth/flow.ts `createFlowFollower`).
   */
  flow?: FlowStep[];
}

export interface DiagnoseOptions {
  /** Statuses treated as failures; default 401, 403, 407, 419, 440. */
  statuses?: ReadonlySet<number>;
  /**
   * How far apart the clocks of client, issuer and server may be before `clock-skew` and
   * `jwt-not-yet-valid` (an `iat` in the future) are reported, in seconds; default 60.
   */
  leewaySeconds?: number;
  /**
   * The provider table and generic phrases used to read the body and vendor headers
   * (./providers.ts). `diagnose` passes the whole table; the background, which sees no bodies,
   * passes its header half (./provider-headers.ts).
   */
  knowledge?: ProviderKnowledge;
}

/** Rule families in the order they run; later families may defer to earlier findings. */
export const RULE_FAMILIES: ReadonlyArray<{ family: DiagnosisFamily; rules: readonly Rule[] }> = [
  { family: 'authorization-format', rules: authorizationFormatRules },
  { family: 'jwt', rules: jwtRules },
  { family: 'basic-digest', rules: basicDigestRules },
  { family: 'presence-transport', rules: presenceTransportRules },
  { family: 'across-requests', rules: acrossRequestsRules },
  { family: 'oauth', rules: oauthRules },
  { family: 'server-said', rules: serverSaidRules },
  { family: 'expected-401s', rules: expected401sRules },
  { family: 'other-statuses', rules: otherStatusesRules },
];

/** Every rule, in the order they run. */
const ALL_RULES: readonly Rule[] = RULE_FAMILIES.flatMap((family) => family.rules);

/**
 * The rules whose needs (./rules/needs.ts) the parts `present` meet, in their order: made once
 * per combination of parts (a few in any file; at most MAX_RULE_LISTS kept).
 */
const RULE_LISTS = new Map<number, readonly Rule[]>();
const MAX_RULE_LISTS = 256;

function rulesFor(present: number): readonly Rule[] {
  let rules = RULE_LISTS.get(present);
  if (rules === undefined) {
    rules = ALL_RULES.filter((rule) => meets(needsOf(rule), present));
    if (RULE_LISTS.size >= MAX_RULE_LISTS) RULE_LISTS.clear();
    RULE_LISTS.set(present, rules);
  }
  return rules;
}

/**
 * Ranking weight per severity: a likely cause outranks a contributing problem, which outranks
 * context, unless the cause is a weak guess (the `auth-required` fallback sits at 0.5, below a
 * sure piece of context such as "the token is encrypted").
 */
const SEVERITY_WEIGHT: Record<Severity, number> = { error: 1, warning: 0.75, info: 0.6 };

/** Ranking score of a diagnosis: confidence weighted by severity. */
export function rankScore(diagnosis: Pick<CompactDiagnosis, 'severity' | 'confidence'>): number {
  return diagnosis.confidence * SEVERITY_WEIGHT[diagnosis.severity];
}

/** Below this an error finding is a guess, not a cause (the fallbacks sit at 0.5). */
const CAUSE_CONFIDENCE = 0.5;

/**
 * Most likely first: by `rankScore`, except that context (`info`: a missing challenge, an
 * encrypted token) never ranks above a cause (an `error` at least CAUSE_CONFIDENCE sure).
 * (Two functions made once, not a closure per failure.)
 */
function byRankWithCause(a: CompactDiagnosis, b: CompactDiagnosis): number {
  const infoA = a.severity === 'info' ? 1 : 0;
  const infoB = b.severity === 'info' ? 1 : 0;
  if (infoA !== infoB) return infoA - infoB;
  return rankScore(b) - rankScore(a);
}

function byRank(a: CompactDiagnosis, b: CompactDiagnosis): number {
  return rankScore(b) - rankScore(a);
}

/**
 * True when `exchange` is a failure to diagnose: its status is in `statuses`, or it is a 403
 * about auth (./auth-related-403.ts: captured by default), or the token endpoint answered 400
 * `invalid_client` (RFC 6749 §5.2 allows 400 for it). Cheap: only 400s and 403s read more
 * than the status.
 */
export function isDiagnosedFailure(
  exchange: Exchange,
  statuses: ReadonlySet<number> = AUTH_FAILURE_STATUSES,
  context?: DiagnosisContext,
): boolean {
  const status = exchange.response.status;
  if (statuses.has(status)) return true;
  if (status === 403) return isAuthRelatedForbidden(exchange);
  return (
    status === 400 &&
    isTokenEndpointRequest(exchange, context) &&
    readTokenAnswer(exchange.response.body)?.error === 'invalid_client'
  );
}

/**
 * Diagnoses one exchange, without the catalogue's words (`diagnose` adds them). Returns null
 * when it is not a failure (a request that succeeded never yields a diagnosis). `context`
 * holds what came before on the same origins; it is read, not changed: call
 * `recordExchange(context, exchange)` afterwards. Never throws.
 */
export function diagnoseCompact(
  exchange: Exchange,
  context: DiagnosisContext = createContext(),
  options: DiagnoseOptions = {},
): CompactFailure | null {
  if (!isDiagnosedFailure(exchange, options.statuses, context)) return null;
  let facts: Facts;
  try {
    const leeway = options.leewaySeconds;
    facts = buildFacts(
      exchange,
      context,
      leeway !== undefined && Number.isFinite(leeway) && leeway >= 0 ? leeway * 1000 : undefined,
      options.knowledge,
    );
  } catch (error) {
    return internalFailure(exchange, error);
  }
  const found = findingsOf(facts);
  const superseded = supersededOf(found);
  const diagnoses: CompactDiagnosis[] = [];
  let hasCause = false;
  for (const finding of found.values()) {
    const diagnosis = toDiagnosis(finding, facts.secrets);
    if (diagnosis.severity === 'error' && diagnosis.confidence >= CAUSE_CONFIDENCE) hasCause = true;
    diagnoses.push(diagnosis);
  }
  if (diagnoses.length > 1) diagnoses.sort(hasCause ? byRankWithCause : byRank);
  // (The OAuth context adds lines only once an OAuth flow was seen.)
  if (context.oauth !== undefined)
    for (const line of oauthContextEvidence(facts))
      diagnoses[0]?.evidence.push(redactText(line, facts.secrets));
  const flow = flowUpTo(context, exchange, diagnoses[0]?.id);
  const platforms = findPlatforms(exchange, platformHints(facts));
  for (const platform of platforms)
    platform.evidence = redactEach(platform.evidence, facts.secrets);
  // Written key by key, in the order the JSON output shows them, rather than with spreads of
  // optional parts: this runs for every failure.
  const failure = {} as CompactFailure;
  if (exchange.id !== undefined) failure.id = exchange.id;
  failure.status = exchange.response.status;
  if (exchange.response.statusText) failure.statusText = exchange.response.statusText;
  failure.method = facts.method;
  failure.url = redactText(redactUrl(exchange.request.url), facts.secrets);
  failure.time = exchange.request.time;
  failure.diagnoses = diagnoses;
  failure.platforms = platforms;
  failure.challenges = facts.challenges.map((c) => ({
    header: facts.challengeHeader,
    scheme: c.scheme,
    params: { ...c.params },
    text: redactText(challengeText(c), facts.secrets),
  }));
  failure.credentials = failureCredentials(facts);
  failure.notes = notesOf(facts);
  if (flow) failure.flow = flow;
  if (superseded.length > 0)
    failure.superseded = superseded.map((finding) => toDiagnosis(finding, facts.secrets));
  return failure;
}

/** What the rules find in `facts`, by id (the first finding of an id is kept). */
function findingsOf(facts: Facts): Map<DiagnosisId, Finding> {
  const found = new Map<DiagnosisId, Finding>();
  // Only the rules that can find something in these facts (most need a part they lack).
  const rules = rulesFor(presentIn(facts));
  for (let i = 0; i < rules.length; i++) {
    let result: Finding | Finding[] | undefined;
    try {
      result = (rules[i] as Rule)(facts, found);
    } catch {
      // A rule bug must not hide the other diagnoses.
      result = undefined;
    }
    if (!result) continue;
    if (Array.isArray(result)) {
      for (const finding of result) if (!found.has(finding.id)) found.set(finding.id, finding);
    } else if (!found.has(result.id)) found.set(result.id, result);
  }
  return found;
}

const NO_FINDINGS: readonly Finding[] = [];

/** The findings others supersede, taken out of `found` (none for most failures). */
function supersededOf(found: Map<DiagnosisId, Finding>): readonly Finding[] {
  let supersedes = false;
  for (const finding of found.values()) if (finding.supersedes) supersedes = true;
  if (!supersedes) return NO_FINDINGS;
  const superseded: Finding[] = [];
  for (const finding of [...found.values()])
    for (const id of finding.supersedes ?? []) {
      const gone = found.get(id);
      if (gone && found.delete(id)) superseded.push(gone);
    }
  return superseded;
}

const NO_HINTS: PlatformHints = {};

/** The token issuers and key prefixes of the request, for findPlatforms (usually none). */
function platformHints(facts: Facts): PlatformHints {
  const issuers: string[] = [];
  for (const j of facts.jwts) {
    const iss = j.jwt?.payload?.iss;
    if (typeof iss === 'string') issuers.push(iss);
  }
  const keyPrefixes: string[] = [];
  for (const c of facts.sent) {
    // The key prefixes findPlatforms reads (Stripe's, GitHub's) all have a "_".
    if (!c.value.includes('_')) continue;
    const prefix = keyPrefixOf(c.value)?.prefix;
    if (prefix) keyPrefixes.push(prefix);
  }
  const provider = facts.said?.provider?.id;
  return issuers.length === 0 && keyPrefixes.length === 0 && provider === undefined
    ? NO_HINTS
    : { issuers, keyPrefixes, provider };
}

/** At most this many credentials are listed (a hostile request may carry thousands). */
const MAX_LISTED_CREDENTIALS = 50;

function failureCredentials(facts: Facts): FailureCredential[] {
  const listed = Math.min(facts.sent.length, MAX_LISTED_CREDENTIALS);
  const credentials: FailureCredential[] = new Array(listed);
  for (let i = 0; i < listed; i++) {
    const c = facts.sent[i] as Facts['sent'][number];
    credentials[i] = { where: c.label, value: c.display };
  }
  // (Scheme, user name and claims only when there is something to add: most cookies and keys
  // have none.)
  if (facts.authorizations.length > 0 || facts.jwts.length > 0)
    addCredentialDetails(facts, credentials);
  return credentials;
}

/** The scheme, user name and JWT claims of the credentials listed (`credentials[i]` is `facts.sent[i]`). */
function addCredentialDetails(facts: Facts, credentials: FailureCredential[]): void {
  for (let i = 0; i < credentials.length; i++) {
    const c = facts.sent[i] as Facts['sent'][number];
    const credential = credentials[i] as FailureCredential;
    const auth = authorizationOf(facts.authorizations, c);
    if (auth?.credentials) {
      if (auth.credentials.scheme) credential.scheme = auth.credentials.scheme;
      const username = auth.credentials.basic?.username ?? auth.credentials.digest?.username;
      if (username !== undefined) credential.username = username;
    }
    const jwt = jwtAt(facts.jwts, c.label)?.jwt;
    if (jwt)
      credential.jwt = { header: jwt.header, payload: jwt.payload, encrypted: jwt.encrypted };
  }
}

// (Searched in place rather than through maps built per failure: a request has one or two of
// each, and at most MAX_LISTED_CREDENTIALS credentials are looked up.)

/** The parsed Authorization line of the credential `c`, if it is one. */
function authorizationOf(
  authorizations: Facts['authorizations'],
  c: Facts['sent'][number],
): Facts['authorizations'][number] | undefined {
  for (const a of authorizations) if (a.credential === c) return a;
  return undefined;
}

/** The first JWT found at `where`. */
function jwtAt(jwts: Facts['jwts'], where: string): Facts['jwts'][number] | undefined {
  for (const j of jwts) if (j.where === where) return j;
  return undefined;
}

const NO_FIXES: readonly string[] = [];

/** Each text through the final redaction pass, in a new list. */
function redactEach(texts: readonly string[], secrets: Facts['secrets']): string[] {
  const out: string[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) out[i] = redactText(texts[i] as string, secrets);
  return out;
}

function toDiagnosis(finding: Finding, secrets: Facts['secrets']): CompactDiagnosis {
  const kind = DIAGNOSIS_KINDS[finding.id];
  const evidence = redactEach(finding.evidence, secrets);
  const cleanFixes = redactEach(finding.fixes ?? NO_FIXES, secrets);
  return {
    id: finding.id,
    family: kind.family,
    severity: finding.severity ?? kind.severity,
    confidence: Math.round(finding.confidence * 100) / 100,
    evidence,
    fixes: cleanFixes,
  };
}

function notesOf(facts: Facts): string[] {
  const notes: string[] = [];
  if (facts.stripped.length > 0)
    notes.push(`The source may have removed these headers: ${facts.stripped.join(', ')}.`);
  if (facts.masked.length > 0)
    notes.push(
      `These headers were masked in the source, so their format was not checked: ${facts.masked.join(', ')}.`,
    );
  if (!Number.isFinite(facts.requestTime)) notes.push('The request time is unknown.');
  return notes;
}

function internalFailure(exchange: Exchange, error: unknown): CompactFailure {
  const kind = DIAGNOSIS_KINDS['auth-required'];
  return {
    status: exchange.response.status,
    method: exchange.request.method,
    url: redactUrl(exchange.request.url),
    time: exchange.request.time,
    diagnoses: [
      {
        id: 'auth-required',
        family: kind.family,
        severity: kind.severity,
        confidence: 0.3,
        evidence: [
          `The exchange could not be analysed in detail (${error instanceof Error ? error.name : 'error'})`,
        ],
        fixes: [],
      },
    ],
    platforms: [],
    challenges: [],
    credentials: [],
    notes: [],
  };
}
