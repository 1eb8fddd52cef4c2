import type { Severity } from '../core/catalogue';
import type { BackgroundBrowser } from '../platform/api';
import type { TabIndex } from '../storage/failures';

/**
 * Badge colour by the worst severity among the counted failures' top diagnoses; each holds the
 * badge's white text at 4.5:1 or more.
 */
export const BADGE_COLORS: Record<Severity, string> = {
  error: '#c62828',
  warning: '#8a5300',
  info: '#5f6368',
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** About four characters fit on the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

/**
 * The toolbar button's title for a tab: what the badge counts, in words. Screen readers read
 * the button's title, not its badge, and the badge's colour alone says nothing to them.
 */
export function badgeTitle(count: number, worst: Severity): string {
  if (count <= 0) return '401 Doctor: no authentication failures in this tab since it loaded';
  const failures = `${count} authentication failure${count === 1 ? '' : 's'}`;
  return `401 Doctor: ${failures} in this tab since it loaded; the most serious: ${worst}`;
}

/** The worst top-diagnosis severity of the failures since the tab's last navigation. */
export function worstSeverity(tab: TabIndex): Severity {
  let worst: Severity = 'info';
  const counted = tab.sinceNavigation > 0 ? tab.entries.slice(-tab.sinceNavigation) : [];
  for (const [, , severity] of counted) if (RANK[severity] > RANK[worst]) worst = severity;
  return worst;
}

/**
 * Shows the tab's failures since its last navigation (badge text, colour and the button's title);
 * a tab closed meanwhile is ignored.
 */
export async function showBadge(action: BackgroundBrowser['action'], tab: TabIndex): Promise<void> {
  if (tab.tabId < 0) return;
  try {
    const worst = worstSeverity(tab);
    await action.setBadgeBackgroundColor({ tabId: tab.tabId, color: BADGE_COLORS[worst] });
    await action.setBadgeText({ tabId: tab.tabId, text: badgeText(tab.sinceNavigation) });
    await action.setTitle({ tabId: tab.tabId, title: badgeTitle(tab.sinceNavigation, worst) });
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
