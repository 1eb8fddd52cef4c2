/**
 * Authorization header format: placeholder-token, empty-credentials, missing-scheme,
 * duplicated-scheme, quoted-token, malformed-authorization, scheme-mismatch,
 * multiple-authorization. The credential parser reports the problems (each with a stable
 * code that names its diagnosis); these rules turn them into findings with evidence.
 */
import type { DiagnosisId } from '../diagnosis-kinds';
import { challengeText, type Facts } from './facts';
import { NEED, needs } from './needs';
import { PROBLEM_CODES, type Problem } from './parsers';
import type { Finding, Rule } from './types';

/** The format problems of the credential itself (one Authorization header's value). */
export const CREDENTIAL_FORMAT_IDS: readonly DiagnosisId[] = [
  'placeholder-token',
  'empty-credentials',
  'missing-scheme',
  'duplicated-scheme',
  'quoted-token',
  'malformed-authorization',
];

const FORMAT_IDS: ReadonlySet<DiagnosisId> = new Set<DiagnosisId>([
  ...CREDENTIAL_FORMAT_IDS,
  'multiple-authorization',
]);

const CONFIDENCE: Partial<Record<DiagnosisId, number>> = {
  'placeholder-token': 0.97,
  'empty-credentials': 0.97,
  'missing-scheme': 0.9,
  'duplicated-scheme': 0.95,
  'quoted-token': 0.9,
  'malformed-authorization': 0.85,
  'multiple-authorization': 0.85,
};

/** The diagnosis a parser problem points to, when it is one of this family's. */
export function diagnosisOfProblem(problem: Problem): DiagnosisId | undefined {
  const entry = PROBLEM_CODES[problem.code] as { diagnosis?: string } | undefined;
  const id = entry?.diagnosis as DiagnosisId | undefined;
  return id;
}

/** The parser's problems with the Authorization header, one finding per diagnosis id. */
const formatProblems: Rule = (facts) => {
  // (No finding without a problem the parser reported: most credentials parse cleanly.)
  if (!anyProblem(facts.authorizations)) return undefined;
  return formatFindings(facts);
};

/** formatProblems' findings, once a line has a problem. */
function formatFindings(facts: Facts): Finding[] {
  const byId = new Map<DiagnosisId, Finding>();
  for (const auth of facts.authorizations) {
    // A Basic value that is not base64 is basic-not-encoded, not also a bad token68.
    const basicProblem = hasBasicProblem(auth.problems);
    for (const problem of auth.problems) {
      const id = diagnosisOfProblem(problem);
      if (!id || !FORMAT_IDS.has(id)) continue;
      if (basicProblem && id === 'malformed-authorization') continue;
      // Surrounding whitespace alone is tolerated by most servers: a warning.
      const warningOnly = problem.severity === 'warning';
      let finding = byId.get(id);
      if (finding === undefined) {
        finding = {
          id,
          confidence: warningOnly ? 0.4 : (CONFIDENCE[id] ?? 0.8),
          evidence: [`${auth.credential.label}: ${auth.credential.display}`],
        };
        if (warningOnly) finding.severity = 'warning';
      }
      if (!warningOnly && finding.severity === 'warning') {
        delete finding.severity;
        finding.confidence = CONFIDENCE[id] ?? 0.8;
      }
      if (finding.evidence.length < 8) finding.evidence.push(problem.message);
      byId.set(id, finding);
    }
  }
  if (byId.has('missing-scheme') && facts.challenges.length > 0) {
    const finding = byId.get('missing-scheme') as Finding;
    const schemes = facts.challenges.map((c) => c.scheme);
    finding.evidence.push(`The server asks for: ${schemes.join(', ')}`);
    finding.fixes = [`Send \`Authorization: ${schemes[0]} <token>\`.`];
  } else if (byId.has('missing-scheme')) {
    (byId.get('missing-scheme') as Finding).confidence = 0.75;
  }
  // At a token endpoint the Authorization header is the client's authentication (RFC 6749
  // §2.3.1): when the server refuses the client, oauth-client-auth-failed says more (it names an
  // empty or malformed pair too), so the header's format comes second.
  if (facts.token !== undefined)
    for (const finding of byId.values()) finding.confidence = Math.min(finding.confidence, 0.9);
  return [...byId.values()];
}

function anyProblem(authorizations: Facts['authorizations']): boolean {
  for (const auth of authorizations) if (auth.problems.length > 0) return true;
  return false;
}

function hasBasicProblem(problems: readonly Problem[]): boolean {
  for (const p of problems) if (diagnosisOfProblem(p)?.startsWith('basic-')) return true;
  return false;
}

/** Several Authorization lines: the parser sees each line alone, so count them here. */
const multipleLines: Rule = (facts, found) => {
  if (facts.authorizations.length < 2 || found.has('multiple-authorization')) return undefined;
  return {
    id: 'multiple-authorization',
    confidence: 0.9,
    evidence: [
      `${facts.authorizations.length} ${facts.authorizations[0]?.credential.label ?? 'Authorization header'} lines were sent:`,
      ...facts.authorizations.slice(0, 5).map((auth) => `  ${auth.credential.display}`),
      ...(facts.authorizations.length > 5
        ? [`  ... and ${facts.authorizations.length - 5} more`]
        : []),
    ],
  };
};

/** The scheme sent is not among the schemes the server's challenges offer. */
const schemeMismatch: Rule = (facts, found) => {
  if (facts.challenges.length === 0 || facts.authorizations.length !== 1) return undefined;
  for (const id of FORMAT_IDS) if (found.has(id)) return undefined;
  const auth = facts.authorizations[0];
  // A masked credential (sanitized file) still shows its scheme: `Basic •••`.
  const scheme =
    auth?.credentials?.scheme ??
    (auth?.credential.masked
      ? /^\s*([A-Za-z][\w-]*)\s+\S/.exec(auth.credential.value)?.[1]
      : undefined);
  if (!auth || !scheme) return undefined;
  const offered = facts.challenges.map((c) => c.scheme.toLowerCase());
  if (offered.includes(scheme.toLowerCase())) return undefined;
  const evidence = [
    `Sent: ${auth.credential.label} with scheme ${scheme}`,
    `The server's ${facts.challengeHeader} offers: ${facts.challenges.map(challengeText).join('; ')}`,
  ];
  // A server that says the token itself is invalid or expired has read it under this scheme:
  // its challenge lists one scheme it takes, not all (Salesforce challenges `Token` and takes
  // `Bearer` and `OAuth`).
  const readIt = saysTokenRefused(facts);
  if (readIt)
    evidence.push(`But the server's words are about the token itself (${readIt}): it read it`);
  return {
    id: 'scheme-mismatch',
    confidence: readIt ? 0.5 : 0.85,
    evidence,
    fixes: [
      `Use the scheme the server asks for: ${facts.challenges.map((c) => c.scheme).join(' or ')}.`,
    ],
  };
};

/**
 * What a provider's own message said about the token itself (Salesforce's "Session expired or
 * invalid", read as invalid-token), if it did. Not a bare RFC 6750 `invalid_token` code, which
 * also covers a malformed token.
 */
function saysTokenRefused(facts: Facts): string | undefined {
  const said = facts.said;
  // A provider's own message; not a generic phrase or a bare error code, and not words that
  // allow for no token at all ("missing or invalid").
  if (
    said?.diagnosis !== 'invalid-token' ||
    said.provider === undefined ||
    /missing|not provided|required/i.test(said.quote)
  )
    return undefined;
  return `${said.provider.name}: "${said.quote}"`;
}

export const authorizationFormatRules: readonly Rule[] = [
  needs(NEED.authorization, formatProblems),
  needs(NEED.authorization, multipleLines),
  needs(NEED.authorization | NEED.challenge, schemeMismatch),
];

/** True when a format problem already explains the failure. */
export function hasFormatProblem(found: ReadonlyMap<DiagnosisId, Finding>): boolean {
  for (const id of FORMAT_IDS)
    if (found.get(id)?.severity !== 'warning' && found.has(id)) return true;
  return false;
}
