import type { FailureRecord, TabFailures } from '../background/store';

export interface PopupSection {
  title: string;
  current: boolean;
  failures: FailureRecord[];
}

/**
 * The current tab's failures first, then every other tab's, newest first in each, so the popup
 * is never empty while failures exist anywhere.
 */
export function popupSections(
  tabs: TabFailures[],
  currentTabId: number | undefined,
  limit = 100,
): PopupSection[] {
  const current: FailureRecord[] = [];
  const others: FailureRecord[] = [];
  for (const tab of tabs) (tab.tabId === currentTabId ? current : others).push(...tab.failures);
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
