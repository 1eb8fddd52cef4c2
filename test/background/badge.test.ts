import { beforeEach, expect, test } from 'vitest';
import {
  BADGE_COLORS,
  badgeText,
  badgeTitle,
  createBadges,
  showBadge,
  worstSeverity,
} from '../../src/background/badge';
import type { Severity } from '../../src/core/catalogue';
import { DEFAULT_SETTINGS } from '../../src/settings/settings';
import type { IndexEntry, TabIndex } from '../../src/storage/failures';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let fake: FakeNativeBrowser;
beforeEach(() => {
  fake = fakeNativeBrowser();
});

const tab = (sinceNavigation: number, ...severities: Severity[]): TabIndex => ({
  tabId: 5,
  entries: severities.map((severity, i) => [`r${i}`, i, severity]),
  sinceNavigation,
});

test('badge text is the count, empty at zero, and fits in four characters', () => {
  expect([0, 1, 42, 999, 1000, 123456].map(badgeText)).toEqual([
    '',
    '1',
    '42',
    '999',
    '999+',
    '999+',
  ]);
});

test('the colour follows the worst top diagnosis since the last navigation', () => {
  expect(worstSeverity(tab(2, 'error', 'info', 'warning'))).toBe('warning');
  expect(worstSeverity(tab(3, 'error', 'info', 'warning'))).toBe('error');
  expect(worstSeverity(tab(0, 'error'))).toBe('info');
});

test('the badge is set on the failing tab only, with its colour', async () => {
  await showBadge(fake.browser.action, tab(2, 'warning', 'warning'));
  expect(fake.badgeText.get(5)).toBe('2');
  expect(fake.badgeText.has(6)).toBe(false);
  expect(fake.badgeColor.get(5)).toBe(BADGE_COLORS.warning);
  // requests outside tabs have no badge
  await showBadge(fake.browser.action, { ...tab(1, 'error'), tabId: -1 });
  expect([...fake.badgeText.keys()]).toEqual([5]);
  // a tab closed meanwhile: the browser refuses, nothing throws
  fake.closedTabs.add(5);
  await expect(showBadge(fake.browser.action, tab(1, 'error'))).resolves.toBeUndefined();
});

test('a burst sets each tab badge once, with its latest count; an unchanged badge is not set again', async () => {
  const shownTabs: TabIndex[] = [];
  const badges = createBadges(async (t) => {
    shownTabs.push(t);
  });
  for (let n = 1; n <= 5; n++) badges.update({ ...tab(n, ...Array(n).fill('error')), tabId: 1 });
  badges.update({ ...tab(1, 'warning'), tabId: 2 });
  badges.update({ ...tab(1, 'error'), tabId: -1 }); // outside tabs: no badge
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(shownTabs.map((t) => [t.tabId, t.sinceNavigation])).toEqual([
    [1, 5],
    [2, 1],
  ]);
  badges.update({ ...tab(5, ...Array(5).fill('error')), tabId: 1 }); // same look
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(shownTabs).toHaveLength(2);
  badges.forget(1); // navigated: Firefox may have reset it
  badges.update({ ...tab(5, ...Array(5).fill('error')), tabId: 1 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(shownTabs).toHaveLength(3);
});

test('the button’s title says in words what the badge counts, per tab', async () => {
  expect(badgeTitle(0, 'info')).toBe(
    '401 Doctor: no authentication failures in this tab since it loaded',
  );
  expect(badgeTitle(1, 'error')).toBe(
    '401 Doctor: 1 authentication failure in this tab since it loaded; the most serious: error',
  );
  await showBadge(fake.browser.action, tab(2, 'warning', 'info'));
  expect(fake.buttonTitle.get(5)).toBe(
    '401 Doctor: 2 authentication failures in this tab since it loaded; the most serious: warning',
  );
  expect(fake.buttonTitle.has(6)).toBe(false);
});

test('every badge colour holds white text at 4.5:1 or more (WCAG AA)', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const color of Object.values(BADGE_COLORS))
    expect(1.05 / (luminance(color) + 0.05), color).toBeGreaterThanOrEqual(4.5);
});

// What the badge counts: failures a developer would act on (src/storage/counted.ts).
const calm = DEFAULT_SETTINGS;
const entry = (
  id: string,
  severity: Severity,
  url: string,
  thirdPartyFrame?: string,
  method = 'GET',
): IndexEntry =>
  thirdPartyFrame
    ? [id, 0, severity, method, url, thirdPartyFrame]
    : [id, 0, severity, method, url];

test('a signed-out probe (info) next to one real mistake: badge 1, red, a title that says what it left out', async () => {
  const index: TabIndex = {
    tabId: 7,
    sinceNavigation: 2,
    entries: [
      entry('probe', 'info', 'https://app.example.test/api/me'),
      entry('bug', 'error', 'https://app.example.test/api/orders'),
    ],
  };
  await showBadge(fake.browser.action, index, calm);
  expect(fake.badgeText.get(7)).toBe('1');
  expect(fake.badgeColor.get(7)).toBe(BADGE_COLORS.error);
  expect(fake.buttonTitle.get(7)).toContain('1 authentication failure in this tab');
  expect(fake.buttonTitle.get(7)).toContain('1 expected');
  // The option counts them again.
  await showBadge(fake.browser.action, index, { ...calm, countExpected: true });
  expect(fake.badgeText.get(7)).toBe('2');
});

test('a page that only probes leaves the badge empty', async () => {
  const index: TabIndex = {
    tabId: 8,
    sinceNavigation: 1,
    entries: [entry('probe', 'info', 'https://app.example.test/api/me')],
  };
  await showBadge(fake.browser.action, index, calm);
  expect(fake.badgeText.get(8)).toBe('');
  expect(fake.buttonTitle.get(8)).toContain('no authentication failures');
});

test('muted endpoints and sites, and third-party frames, are not counted', async () => {
  const index: TabIndex = {
    tabId: 9,
    sinceNavigation: 4,
    entries: [
      entry('a', 'error', 'https://api.example.test/users/42'),
      entry('b', 'error', 'https://api.example.test/users/43'),
      entry('c', 'error', 'https://ads.tracker.test/bid', 'tracker.test'),
      entry('d', 'warning', 'https://cdn.other.test/x'),
    ],
  };
  const mutes = [
    { kind: 'endpoint' as const, method: 'GET', host: 'api.example.test', path: '/users/*' },
  ];
  await showBadge(fake.browser.action, index, { ...calm, mutes });
  expect(fake.badgeText.get(9)).toBe('1');
  expect(worstSeverity(index, { ...calm, mutes })).toBe('warning');
  expect(fake.buttonTitle.get(9)).toMatch(/1 from third-party frames, 2 muted/);
  await showBadge(fake.browser.action, index, {
    ...calm,
    countThirdPartyFrames: true,
    mutes: [{ kind: 'site', site: 'other.test' }],
  });
  expect(fake.badgeText.get(9)).toBe('3');
});

test('indexes written before entries carried method and URL still count as before', async () => {
  await showBadge(fake.browser.action, tab(2, 'error', 'warning'), calm);
  expect(fake.badgeText.get(5)).toBe('2');
});
