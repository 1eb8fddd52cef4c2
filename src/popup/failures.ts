import type { FailureRecord, TabFailures } from '../storage/failures';

export interface PopupSection {
  title: string;
  current: boolean;
  failures: FailureRecord[];
}

/**
 * The current tab's failures first, then every other tab's, newest first in each, so the popup
 * is never empty while failures exist anywhere. `query` keeps only the matching failures.
 */
export function popupSections(
  tabs: TabFailures[],
  currentTabId: number | undefined,
  limit = 100,
  query = '',
): PopupSection[] {
  const current: FailureRecord[] = [];
  const others: FailureRecord[] = [];
  for (const tab of tabs) {
    const matching = query ? tab.failures.filter((f) => matchesFilter(f, query)) : tab.failures;
    (tab.tabId === currentTabId ? current : others).push(...matching);
  }
  const newestFirst = (a: FailureRecord, b: FailureRecord) => b.time - a.time;
  current.sort(newestFirst);
  others.sort(newestFirst);
  const sections: PopupSection[] = [];
  if (current.length)
    sections.push({ title: 'This tab', current: true, failures: current.slice(0, limit) });
  if (others.length)
    sections.push({ title: 'Other tabs', current: false, failures: others.slice(0, limit) });
  return sections;
}

/**
 * Whether a failure matches what the user typed: every word must appear in its status, method,
 * host and path, or its diagnoses' ids and titles (case-insensitive).
 */
export function matchesFilter(failure: FailureRecord, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    String(failure.status),
    failure.method,
    failure.url,
    ...failure.diagnoses.flatMap((d) => [d.id, d.title]),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}
