import type { Severity } from '../core/catalogue';
import { browser } from '../platform/browser';
import type { TabFailures } from './store';

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
export function worstSeverity(tab: TabFailures): Severity {
  let worst: Severity = 'info';
  const counted = tab.sinceNavigation > 0 ? tab.failures.slice(-tab.sinceNavigation) : [];
  for (const failure of counted) {
    const severity = failure.diagnoses[0]?.severity ?? 'error';
    if (RANK[severity] > RANK[worst]) worst = severity;
  }
  return worst;
}

/** Shows the tab's failures since its last navigation; a tab closed meanwhile is ignored. */
export async function showBadge(tab: TabFailures): Promise<void> {
  if (tab.tabId < 0) return;
  try {
    await browser.action.setBadgeBackgroundColor({
      tabId: tab.tabId,
      color: BADGE_COLORS[worstSeverity(tab)],
    });
    await browser.action.setBadgeText({ tabId: tab.tabId, text: badgeText(tab.sinceNavigation) });
  } catch {
    // The tab is gone: nothing to show.
  }
}
