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

/**
 * Which tab each shown notification is about, in storage.session: a click may come after the
 * service worker was stopped and started again (docs/browser-notes.md#worker-lifetime). Only
 * the newest few are kept (a notification not clicked is forgotten).
 */
export const NOTIFICATIONS_KEY = 'notifications';
const REMEMBERED = 20;

export function createNotifier(browser: BackgroundBrowser, enabled: () => boolean) {
  const planner = createNotifyPlanner();
  const area = browser.storage.session;
  let burst: StoredFailure[] = [];
  let scheduled = false;

  async function tabsOfNotifications(): Promise<Record<string, number>> {
    const stored = (await area.get(NOTIFICATIONS_KEY))[NOTIFICATIONS_KEY];
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, number>) : {};
  }

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
      const tabs = Object.entries(await tabsOfNotifications()).slice(1 - REMEMBERED);
      await area.set({ [NOTIFICATIONS_KEY]: Object.fromEntries([...tabs, [id, planned.tabId]]) });
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
      const tabs = await tabsOfNotifications().catch(() => ({}) as Record<string, number>);
      const tabId = Object.hasOwn(tabs, notificationId) ? tabs[notificationId] : undefined;
      if (tabId !== undefined) {
        delete tabs[notificationId];
        await area.set({ [NOTIFICATIONS_KEY]: tabs }).catch(() => undefined);
      }
      await browser.tabs.create({ url: reportUrl(browser.runtime, tabId) });
      await browser.notifications?.clear(notificationId);
    },
  };
}
