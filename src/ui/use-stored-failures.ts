// The background's failures, live: read from storage.session and read again on every change
// (./use-storage.ts).
import { browser } from '../platform/browser';
import { changesFailures, readTabs, type TabFailures } from '../storage/failures';
import { type FailureView, newestFirst, viewFromRecord } from './failure-view';
import { useStorage } from './use-storage';

/** Every stored failure of `tabId` (or of every tab when undefined) as views, newest first. */
export function viewsOfTabs(tabs: readonly TabFailures[]): FailureView[] {
  const views: FailureView[] = [];
  for (const tab of tabs)
    tab.failures.forEach((record, i) => {
      views.push(viewFromRecord(record, i));
    });
  return views.sort(newestFirst);
}

export function useStoredFailures(tabId: number | undefined): {
  views: FailureView[];
  loaded: boolean;
} {
  const { value, loaded } = useStorage(
    'session',
    async () => viewsOfTabs(await readTabs(browser.storage.session, tabId)),
    (changes) => changesFailures(changes, tabId),
    [tabId],
  );
  return { views: value ?? [], loaded };
}
