import type { Severity } from '../core/catalogue';
import type { BackgroundBrowser } from '../platform/api';
import {
  type CountPolicy,
  countableOf,
  countableOfGroup,
  notCountedText,
  type Tally,
  tally,
} from '../storage/counted';
import { keptSinceNavigation, type TabIndex } from '../storage/failures';

/**
 * Badge colour by the worst severity among the counted failures' top diagnoses; each holds the
 * badge's white text at 4.5:1 or more.
 */
export const BADGE_COLORS: Record<Severity, string> = {
  error: '#c62828',
  warning: '#8a5300',
  info: '#5f6368',
};

/** Counts every failure (what the badge did before the count policy existed; tests). */
export const COUNT_ALL: CountPolicy = {
  countExpected: true,
  countThirdPartyFrames: true,
  mutes: [],
};

/** About four characters fit on the badge. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}

/**
 * The toolbar button's title for a tab: what the badge counts, in words, and what it left out
 * (expected 401s, muted, third-party frames: storage/counted.ts). Screen readers read the
 * button's title, not its badge, and the badge's colour alone says nothing to them.
 */
export function badgeTitle(count: number, worst: Severity, left?: Tally): string {
  const notCounted = left ? notCountedText(left) : '';
  const tail = notCounted ? `. Not counted: ${notCounted}` : '';
  if (count <= 0)
    return `401 Doctor: no authentication failures in this tab since it loaded${tail}`;
  const failures = `${count} authentication failure${count === 1 ? '' : 's'}`;
  return `401 Doctor: ${failures} in this tab since it loaded; the most serious: ${worst}${tail}`;
}

/**
 * The failures since the tab's last navigation, tallied under `policy` (storage/counted.ts):
 * the kept ones and those the history bounds evicted.
 */
export function tabTally(tab: TabIndex, policy: CountPolicy): Tally {
  const kept = keptSinceNavigation(tab);
  const since = kept > 0 ? tab.entries.slice(-kept) : [];
  return tally([...since.map(countableOf), ...(tab.evicted ?? []).map(countableOfGroup)], policy);
}

/** The worst severity of the counted failures since the tab's last navigation. */
export function worstSeverity(tab: TabIndex, policy: CountPolicy = COUNT_ALL): Severity {
  return tabTally(tab, policy).worst;
}

function look(counted: Tally): { text: string; color: string; title: string } {
  return {
    text: badgeText(counted.counted),
    color: BADGE_COLORS[counted.worst],
    title: badgeTitle(counted.counted, counted.worst, counted),
  };
}

/**
 * Shows the tab's counted failures since its last navigation (badge text, colour and the
 * button's title); a tab closed meanwhile is ignored.
 */
export async function showBadge(
  action: BackgroundBrowser['action'],
  tab: TabIndex,
  policy: CountPolicy = COUNT_ALL,
): Promise<void> {
  if (tab.tabId < 0) return;
  const shown = look(tabTally(tab, policy));
  try {
    await action.setBadgeBackgroundColor({ tabId: tab.tabId, color: shown.color });
    await action.setBadgeText({ tabId: tab.tabId, text: shown.text });
    await action.setTitle({ tabId: tab.tabId, title: shown.title });
  } catch {
    // The tab is gone: nothing to show.
  }
}

/**
 * Badge updates for bursts of failures: each tab's badge is set once for the latest state,
 * and only when its text, colour or title changes (every set is a call into the browser's UI).
 * `policy` is read at each update: the background changes it with the settings.
 */
export function createBadges(
  show: (tab: TabIndex, policy: CountPolicy) => Promise<void>,
  policy: () => CountPolicy = () => COUNT_ALL,
) {
  const latest = new Map<number, TabIndex>();
  const shown = new Map<number, string>();
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const current = policy();
    for (const tab of latest.values()) {
      const now = look(tabTally(tab, current));
      const key = `${now.text}|${now.color}|${now.title}`;
      if (shown.get(tab.tabId) === key) continue;
      shown.set(tab.tabId, key);
      void show(tab, current);
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
