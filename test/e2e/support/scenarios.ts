import { scenarios } from '../../../playground/scenarios';

/** Scenario id → the diagnosis it should show first, for the scenarios the browser captures. */
export function expectedDiagnoses(notCaptured: ReadonlySet<string>): Record<string, string> {
  const expected: Record<string, string> = {};
  for (const s of scenarios) {
    if (s.requiresPrompt || !s.expectedDiagnosis || notCaptured.has(s.id)) continue;
    // 403s that carry credentials (forbidden-403 does) are about auth: captured by default.
    if ([401, 403, 407].includes(s.expectedStatus)) expected[s.id] = s.expectedDiagnosis;
  }
  return expected;
}

/**
 * The scenario a popup row's `host/path` belongs to. The URL is shown redacted (a secret that
 * appears inside it, like the Basic password in /api/basic-wrong-password, is masked), so the
 * id is matched by its start.
 */
export function scenarioOfPath(path: string, ids: readonly string[]): string {
  const start = /\/api\/([\w-]+)/.exec(path)?.[1] ?? '';
  return ids.find((id) => start !== '' && id.startsWith(start)) ?? path;
}

/** The scenarios "Run all" and automation may click (no browser login dialog). */
export const clickable = scenarios.filter((s) => !s.requiresPrompt);
