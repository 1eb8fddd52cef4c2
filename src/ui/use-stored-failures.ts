// The background's failures, live: read from storage.session and read again on every change.
import { useEffect, useState } from 'preact/hooks';
import { browser, type Storage } from '../platform/browser';
import { changesFailures, readTabs, type TabFailures } from '../storage/failures';
import { type FailureView, newestFirst, viewFromRecord } from './failure-view';

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
  const [views, setViews] = useState<FailureView[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let alive = true;
    const reload = async () => {
      const tabs = await readTabs(browser.storage.session, tabId);
      if (!alive) return;
      setViews(viewsOfTabs(tabs));
      setLoaded(true);
    };
    const onChanged = (changes: Record<string, Storage.StorageChange>, area: string) => {
      if (area === 'session' && changesFailures(changes, tabId)) void reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    void reload();
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [tabId]);

  return { views, loaded };
}
