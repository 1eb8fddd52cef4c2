import { hasFormatProblem } from './authorization-format';
import { type AuthorizationFact, challengeText, type Facts } from './facts';
import { isAuthorizationOf, NEED, needs } from './needs';
import { type Challenge, PROBLEM_CODES, type Problem } from './parsers';
import type { Finding, Rule } from './types';

const BASIC_IDS = ['basic-not-encoded', 'basic-malformed', 'basic-charset'] as const;

function problemDiagnosis(code: string): string | undefined {
  return (PROBLEM_CODES as Record<string, { diagnosis?: string }>)[code]?.diagnosis;
}

function challengeOf(facts: Facts, scheme: string): Challenge | undefined {
  return facts.challenges.find((c) => c.scheme.toLowerCase() === scheme);
}

/** The first Authorization line of `scheme` (parsed as such, or reading as such when not parsed). */
function authOfScheme(facts: Facts, scheme: 'basic' | 'digest'): AuthorizationFact | undefined {
  for (const a of facts.authorizations) if (isAuthorizationOf(a, scheme)) return a;
  return undefined;
}

const basicAuth = (facts: Facts) => authOfScheme(facts, 'basic');
const digestAuth = (facts: Facts) => authOfScheme(facts, 'digest');

/** The parser's Basic problems. */
const basicProblems: Rule = (facts) => {
  const auth = basicAuth(facts);
  if (!auth || auth.problems.length === 0) return undefined;
  const findings: Finding[] = [];
  for (const id of BASIC_IDS) {
    const problems = auth.problems.filter((p) => problemDiagnosis(p.code) === id);
    if (problems.length === 0) continue;
    // (Pushed, not spread: the spread's iteration was thrown away at a new array map.)
    const evidence = [`${auth.credential.label}: ${auth.credential.display}`];
    for (let i = 0; i < problems.length; i++) evidence.push((problems[i] as Problem).message);
    if (id === 'basic-charset') {
      const challenge = challengeOf(facts, 'basic');
      const utf8 = (challenge?.params.charset ?? '').toLowerCase() === 'utf-8';
      // Non-ASCII with an announced UTF-8 charset and valid UTF-8 bytes is fine.
      if (utf8 && auth.credentials?.basic?.encoding === 'utf-8') continue;
      evidence.push(
        challenge
          ? `The challenge ${utf8 ? 'announces charset="UTF-8"' : 'does not announce charset="UTF-8"'}: ${challengeText(challenge)}`
          : 'The server sent no Basic challenge naming a charset',
      );
      if (auth.credentials?.basic)
        evidence.push(`The credentials were read as ${auth.credentials.basic.encoding}`);
    }
    findings.push({ id, confidence: id === 'basic-charset' ? 0.6 : 0.92, evidence });
  }
  return findings;
};

/** Well-formed Basic credentials refused: wrong user name or password. */
const basicRejected: Rule = (facts, found) => {
  if (facts.status !== 401 && facts.status !== 407) return undefined;
  const auth = basicAuth(facts);
  if (!auth) return undefined;
  if (hasFormatProblem(found) || found.has('scheme-mismatch')) return undefined;
  if (found.has('basic-not-encoded') || found.has('basic-malformed')) return undefined;
  const user = auth.credentials?.basic?.username;
  const evidence = [
    auth.credential.masked
      ? `${auth.credential.label}: Basic credentials were sent (masked in this file)`
      : `${auth.credential.label}: Basic credentials for user "${user ?? '?'}" (password hidden)`,
  ];
  const challenge = challengeOf(facts, 'basic');
  if (challenge)
    evidence.push(
      `The server answered ${facts.status} and challenged again: ${challengeText(challenge)}`,
    );
  else evidence.push(`The server answered ${facts.status}`);
  return { id: 'basic-rejected', confidence: found.has('basic-charset') ? 0.6 : 0.85, evidence };
};

const staleNonce: Rule = (facts) => {
  let challenge: Challenge | undefined;
  for (const c of facts.challenges)
    if (c.digest?.stale) {
      challenge = c;
      break;
    }
  if (!challenge) return undefined;
  return {
    id: 'digest-stale-nonce',
    confidence: 0.9,
    evidence: [
      `${facts.challengeHeader}: ${challengeText(challenge)}`,
      'stale=true: the nonce expired, the password was accepted',
    ],
  };
};

/** Realm, URI, algorithm or qop of the Digest response differ from the challenge or the request. */
const digestMismatch: Rule = (facts) => {
  const auth = digestAuth(facts);
  const params = auth?.credentials?.params;
  if (!auth || !params || auth.credential.masked) return undefined;
  const challenges = facts.challenges.filter((c) => c.scheme.toLowerCase() === 'digest');
  const evidence: string[] = [];
  const invalidExt = auth.problems.filter((p) => problemDiagnosis(p.code) === 'digest-mismatch');
  evidence.push(...invalidExt.map((p) => p.message));
  if (challenges.length > 0) {
    const realms = challenges.map((c) => c.params.realm);
    if (params.realm !== undefined && !realms.includes(params.realm))
      evidence.push(
        `realm="${params.realm}" in the response, the challenge says realm="${realms.join('" / "')}"`,
      );
    const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
    const offered = challenges.map((c) =>
      (c.digest?.algorithm ?? c.params.algorithm ?? 'MD5').toUpperCase(),
    );
    if (!offered.includes(algorithm))
      evidence.push(
        `algorithm=${algorithm} in the response, the challenge offers ${offered.join(', ')}`,
      );
    const qop = params.qop?.toLowerCase();
    const qops = challenges.flatMap((c) => c.digest?.qop ?? []);
    if (qop && qops.length > 0 && !qops.includes(qop))
      evidence.push(`qop=${qop} in the response, the challenge offers ${qops.join(', ')}`);
  }
  const uri = params.uri;
  if (uri !== undefined && facts.url) {
    const requestUri = `${facts.url.path}${facts.url.query ? `?${facts.url.query}` : ''}`;
    const sameUri =
      uri === requestUri || uri === facts.exchange.request.url || uri === facts.url.path;
    if (!sameUri) evidence.push(`uri="${uri}" in the response, the request is for ${requestUri}`);
  }
  if (evidence.length === 0) return undefined;
  return {
    id: 'digest-mismatch',
    confidence: 0.85,
    evidence: [`${auth.credential.label}: ${auth.credential.display}`, ...evidence],
  };
};

const digestRejected: Rule = (facts, found) => {
  if (facts.status !== 401 && facts.status !== 407) return undefined;
  const auth = digestAuth(facts);
  if (
    !auth ||
    found.has('digest-stale-nonce') ||
    found.has('digest-mismatch') ||
    hasFormatProblem(found)
  )
    return undefined;
  const user = auth.credentials?.digest?.username ?? auth.credentials?.params.username;
  const challenge = challengeOf(facts, 'digest');
  return {
    id: 'digest-rejected',
    confidence: 0.8,
    evidence: [
      `${auth.credential.label}: Digest response for user "${user ?? '?'}" matching the request`,
      challenge
        ? `The server answered ${facts.status} with a new challenge, not stale: ${challengeText(challenge)}`
        : `The server answered ${facts.status}`,
    ],
  };
};

const REFUSED = NEED.status401 | NEED.status407;

export const basicDigestRules: readonly Rule[] = [
  // (The scheme bits are what basicAuth, digestAuth and the stale test look for.)
  needs(NEED.basic, basicProblems),
  needs(NEED.basic, basicRejected, REFUSED),
  needs(NEED.digestChallenge, staleNonce),
  needs(NEED.digest, digestMismatch),
  needs(NEED.digest, digestRejected, REFUSED),
];
