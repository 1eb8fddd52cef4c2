import { browser } from '../platform/browser';

const BADGE_COLOR = '#c62828';

/** About four characters fit on the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

/** Shows the tab's failure count; errors (a tab closed meanwhile) are expected and ignored. */
export async function showBadge(tabId: number, count: number): Promise<void> {
  if (tabId < 0) return;
  try {
    await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
    await browser.action.setBadgeText({ tabId, text: badgeText(count) });
  } catch {
    // The tab is gone: nothing to show.
  }
}
