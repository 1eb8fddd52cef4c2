/**
 * Other statuses and the fallback: proxy-auth-required (407), forbidden-not-unauthorized
 * (403), auth-required (nothing more specific applies). These run last.
 */
import { DIAGNOSIS_KINDS } from '../diagnosis-kinds';
import { challengeText, type Facts } from './facts';
import { NEED, needs } from './needs';
import type { Found, Rule } from './types';

/** Below this, an error finding is a guess: the fallback still says what it knows. */
const SURE_ENOUGH = 0.5;

/** True when an error-severity finding at least `SURE_ENOUGH` explains the failure. */
function hasError(found: Found): boolean {
  for (const finding of found.values()) {
    const severity = finding.severity ?? DIAGNOSIS_KINDS[finding.id].severity;
    if (severity === 'error' && finding.confidence >= SURE_ENOUGH) return true;
  }
  return false;
}

const proxyAuth: Rule = (facts) => {
  if (facts.status !== 407) return undefined;
  const evidence = [
    facts.challenges.length > 0
      ? `Proxy-Authenticate: ${facts.challenges.map(challengeText).join('; ')}`
      : 'The 407 response has no Proxy-Authenticate header',
  ];
  const sent = facts.sent.find((c) => c.kind === 'proxy-authorization');
  evidence.push(
    sent
      ? `Proxy-Authorization was sent (${sent.display}) and refused`
      : 'No Proxy-Authorization header was sent',
  );
  // Credentials in Authorization are for the origin server: a proxy reads Proxy-Authorization
  // only (RFC 9110 sections 11.6.2 and 11.7.2), and forwards Authorization untouched.
  const origin = sent ? undefined : facts.sent.find((c) => c.kind === 'authorization');
  if (origin)
    evidence.push(
      `The request carried Authorization (${origin.display}), which is for the origin server: the proxy reads only Proxy-Authorization, so if these are the proxy's credentials they went in the wrong header`,
    );
  if (facts.exchange.gaps?.browserAuthInvisible)
    evidence.push('Proxy credentials the browser adds itself are not recorded in HAR files');
  return { id: 'proxy-auth-required', confidence: 0.95, evidence };
};

const forbidden: Rule = (facts, found) => {
  if (facts.status !== 403 || hasError(found)) return undefined;
  const evidence = [
    `Status 403${facts.exchange.response.statusText ? ` ${facts.exchange.response.statusText}` : ''}`,
  ];
  evidence.push(...sentAndSaid(facts));
  return { id: 'forbidden-not-unauthorized', confidence: 0.7, evidence };
};

/**
 * The generic fallback: only when nothing else was found at all (an expected 401, a missing
 * challenge or an encrypted token already say more than "authentication is required").
 */
const authRequired: Rule = (facts, found) => {
  if (facts.status === 403 || facts.status === 407 || found.size > 0) return undefined;
  const evidence = [`Status ${facts.status}`];
  if (facts.challenges.length > 0)
    evidence.push(`${facts.challengeHeader}: ${facts.challenges.map(challengeText).join('; ')}`);
  evidence.push(...sentAndSaid(facts));
  return { id: 'auth-required', confidence: 0.5, evidence };
};

/** What the request carried and what the body said: the facts behind the generic diagnoses. */
function sentAndSaid(facts: Facts): string[] {
  const carried = facts.sent.map((c) => c.label);
  const lines = [
    carried.length > 0
      ? `The request carried: ${carried.join(', ')}`
      : 'The request carried no credentials',
  ];
  if (facts.bodyMessage) lines.push(`Body says: "${facts.bodyMessage}"`);
  return lines;
}

export const otherStatusesRules: readonly Rule[] = [
  needs(NEED.status407, proxyAuth),
  needs(NEED.status403, forbidden),
  authRequired,
];
