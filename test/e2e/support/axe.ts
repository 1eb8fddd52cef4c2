// axe-core in the real-browser tests: its source is evaluated in the extension page (no script
// file is added to the extension), then `axe.run` checks the page against WCAG 2.1 A and AA
// and axe's best practices. A run fails on any serious or critical violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';

/** axe-core's browser build, evaluated as a script in the page under test. */
export const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** What the tests keep of a violation: enough to find and fix it from the failure message. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * An expression (for evaluate, after AXE_SOURCE) that runs axe on the whole document and
 * resolves with its violations as plain data.
 */
export const RUN_AXE = `(async () => {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
    resultTypes: ['violations'],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? '',
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
  }));
})()`;

/** The violations a run must not have: serious and critical. */
export const blocking = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

/** One line per violation and node, for a failing test's message. */
export const describeViolations = (where: string, violations: AxeViolation[]) =>
  violations
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${where}: [${v.impact}] ${v.id} (${v.help}) at ${n.target}: ${n.summary}`,
      ),
    )
    .join('\n');

/** A page or frame, of Playwright or puppeteer-core: it evaluates script text. */
interface EvaluatesScript {
  evaluate(script: string): Promise<unknown>;
}

/** axe's violations (all impacts) on the page or frame as it is now. */
export async function axeViolations(target: EvaluatesScript): Promise<AxeViolation[]> {
  await target.evaluate(AXE_SOURCE);
  return (await target.evaluate(RUN_AXE)) as AxeViolation[];
}

/** Fails, naming each node, if `violations` has a serious or critical one. */
export const expectNoBlocking = (where: string, violations: AxeViolation[]) =>
  expect(describeViolations(where, blocking(violations))).toBe('');
