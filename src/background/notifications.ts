// Desktop notifications: off by default; the options page asks for the optional
// `notifications` permission when the user turns them on. Failures that arrive close together
// become one notification; an endpoint is announced at most once a minute (notify-plan.ts).
import type { BackgroundBrowser } from '../platform/api';
import type { StoredFailure } from '../storage/failures';
import { createNotifyPlanner } from './notify-plan';

/** Failures within this window are announced together. */
const BURST_MS = 1500;

/** The full report of a tab (the report page), or of every tab. */
export function reportUrl(
  runtime: Pick<BackgroundBrowser['runtime'], 'getURL'>,
  tabId?: number,
): string {
  return runtime.getURL(
    `report/index.html${tabId !== undefined && tabId >= 0 ? `?tab=${tabId}` : ''}`,
  );
}

export function createNotifier(browser: BackgroundBrowser, enabled: () => boolean) {
  const planner = createNotifyPlanner();
  const tabOfNotification = new Map<string, number>();
  let burst: StoredFailure[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    const records = burst;
    burst = [];
    scheduled = false;
    // Without the permission the namespace is missing (Chrome) or refuses (Firefox).
    if (!enabled() || !browser.notifications) return;
    const planned = planner.plan(records, Date.now());
    if (!planned) return;
    try {
      const id = await browser.notifications.create({
        type: 'basic', // Firefox supports only "basic", and no buttons
        iconUrl: browser.runtime.getURL('icons/icon-128.png'), // Chrome requires an icon
        title: planned.title,
        message: planned.message,
      });
      tabOfNotification.set(id, planned.tabId);
    } catch {
      // Permission revoked meanwhile: nothing to show.
    }
  }

  return {
    failed(record: StoredFailure): void {
      if (!enabled()) return;
      burst.push(record);
      if (!scheduled) {
        scheduled = true;
        setTimeout(() => void flush(), BURST_MS);
      }
    },

    /** A notification was clicked: open the report of its tab. */
    async clicked(notificationId: string): Promise<void> {
      const tabId = tabOfNotification.get(notificationId);
      tabOfNotification.delete(notificationId);
      await browser.tabs.create({ url: reportUrl(browser.runtime, tabId) });
      await browser.notifications?.clear(notificationId);
    },
  };
}
