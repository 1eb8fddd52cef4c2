import type { Severity } from '../core/catalogue';
import type { BackgroundBrowser } from '../platform/api';
import type { TabIndex } from '../storage/failures';

/** Badge colour by the worst severity among the counted failures' top diagnoses. */
export const BADGE_COLORS: Record<Severity, string> = {
  error: '#c62828',
  warning: '#b26a00',
  info: '#5f6368',
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** About four characters fit on the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

/** The worst top-diagnosis severity of the failures since the tab's last navigation. */
export function worstSeverity(tab: TabIndex): Severity {
  let worst: Severity = 'info';
  const counted = tab.sinceNavigation > 0 ? tab.entries.slice(-tab.sinceNavigation) : [];
  for (const [, , severity] of counted) if (RANK[severity] > RANK[worst]) worst = severity;
  return worst;
}

/** Shows the tab's failures since its last navigation; a tab closed meanwhile is ignored. */
export async function showBadge(action: BackgroundBrowser['action'], tab: TabIndex): Promise<void> {
  if (tab.tabId < 0) return;
  try {
    await action.setBadgeBackgroundColor({
      tabId: tab.tabId,
      color: BADGE_COLORS[worstSeverity(tab)],
    });
    await action.setBadgeText({ tabId: tab.tabId, text: badgeText(tab.sinceNavigation) });
  } catch {
    // The tab is gone: nothing to show.
  }
}

/**
 * Badge updates for bursts of failures: each tab's badge is set once for the latest state,
 * and only when its text or colour changes (every set is a call into the browser's UI).
 */
export function createBadges(show: (tab: TabIndex) => Promise<void>) {
  const latest = new Map<number, TabIndex>();
  const shown = new Map<number, string>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    for (const tab of latest.values()) {
      const look = `${badgeText(tab.sinceNavigation)}|${worstSeverity(tab)}`;
      if (shown.get(tab.tabId) === look) continue;
      shown.set(tab.tabId, look);
      void show(tab);
    }
    latest.clear();
  }

  return {
    update(tab: TabIndex): void {
      if (tab.tabId < 0) return;
      latest.set(tab.tabId, tab);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    },
    /** The tab closed (or navigated and Firefox reset it): nothing is known to be shown. */
    forget(tabId: number): void {
      shown.delete(tabId);
    },
  };
}
