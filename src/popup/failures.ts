import { DEFAULT_SETTINGS } from '../settings/settings';
import { type CountPolicy, severityOf, whyNotCounted } from '../storage/counted';
import type { FailureRecord, TabFailures } from '../storage/failures';
import { matchesFilter, NO_FILTER } from '../ui/filter-failures';

export interface PopupSection {
  title: string;
  current: boolean;
  /** The failures to act on (what the badge counts). */
  failures: FailureRecord[];
  /** Expected 401s (signed-out probes, handshake steps): a quiet, collapsed group. */
  expected: FailureRecord[];
  /** Failures of requests made by third-party frames, grouped under the frame's site. */
  thirdParty: Array<{ site: string; failures: FailureRecord[] }>;
  /** How many failures are muted (kept for the full report, not listed here). */
  muted: number;
}

/** The quiet group's heading: "Expected while signed out: 3" when they are all signed-out checks. */
export function expectedTitle(expected: readonly FailureRecord[]): string {
  const probes = expected.every((f) => f.diagnoses.some((d) => d.id === 'signed-out-probe'));
  return `${probes ? 'Expected while signed out' : 'Expected, not counted'}: ${expected.length}`;
}

const CALM: CountPolicy = DEFAULT_SETTINGS;

/**
 * The current tab's failures first, then every other tab's, newest first in each, so the popup
 * is never empty while failures exist anywhere. `query` keeps only the matching failures. In
 * each section, what `policy` does not count (storage/counted.ts) is set apart: expected 401s
 * in a quiet group, third-party frames under their site, muted ones only counted.
 */
export function popupSections(
  tabs: TabFailures[],
  currentTabId: number | undefined,
  limit = 100,
  query = '',
  policy: CountPolicy = CALM,
): PopupSection[] {
  const current: FailureRecord[] = [];
  const others: FailureRecord[] = [];
  for (const tab of tabs) {
    const matching = query
      ? tab.failures.filter((f) => matchesFilter(f, { ...NO_FILTER, text: query }))
      : tab.failures;
    (tab.tabId === currentTabId ? current : others).push(...matching);
  }
  const newestFirst = (a: FailureRecord, b: FailureRecord) => b.time - a.time;
  const sections: PopupSection[] = [];
  for (const [title, isCurrent, all] of [
    ['This tab', true, current],
    ['Other tabs', false, others],
  ] as const) {
    if (all.length === 0) continue;
    all.sort(newestFirst);
    const section: PopupSection = {
      title,
      current: isCurrent,
      failures: [],
      expected: [],
      thirdParty: [],
      muted: 0,
    };
    for (const failure of all.slice(0, limit)) {
      const why = whyNotCounted({ ...failure, severity: severityOf(failure.diagnoses) }, policy);
      if (why === 'muted') section.muted++;
      else if (why === 'expected') section.expected.push(failure);
      else if (why === 'third-party' && failure.thirdPartyFrame) {
        const site = failure.thirdPartyFrame;
        const group = section.thirdParty.find((g) => g.site === site);
        if (group) group.failures.push(failure);
        else section.thirdParty.push({ site, failures: [failure] });
      } else section.failures.push(failure);
    }
    sections.push(section);
  }
  return sections;
}
