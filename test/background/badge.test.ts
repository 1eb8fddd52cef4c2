import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, expect, test } from 'vitest';
import { BADGE_COLORS, badgeText, showBadge, worstSeverity } from '../../src/background/badge';
import type { FailureRecord, TabFailures } from '../../src/background/store';
import type { Severity } from '../../src/core/catalogue';
import { browser } from '../../src/platform/browser';

beforeEach(() => fakeBrowser.reset());

const failureWith = (severity: Severity | undefined): FailureRecord => ({
  id: Math.random().toString(36),
  tabId: 5,
  method: 'GET',
  url: 'https://example.test/',
  status: 401,
  time: 0,
  type: 'xmlhttprequest',
  carried: [],
  platforms: [],
  diagnoses: severity
    ? [
        {
          id: 'auth-required',
          family: 'other-statuses',
          severity,
          confidence: 0.5,
          title: '',
          explanation: '',
          evidence: [],
          fixes: [],
        },
      ]
    : [],
});
const tab = (sinceNavigation: number, ...severities: (Severity | undefined)[]): TabFailures => ({
  tabId: 5,
  failures: severities.map(failureWith),
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
  expect(worstSeverity(tab(1, undefined))).toBe('error'); // undiagnosed: still a failure
  expect(worstSeverity(tab(0, 'error'))).toBe('info');
});

test('the badge is set on the failing tab only, with its colour', async () => {
  await showBadge(tab(2, 'warning', 'warning'));
  expect(await browser.action.getBadgeText({ tabId: 5 })).toBe('2');
  expect(await browser.action.getBadgeText({ tabId: 6 })).toBe('');
  const [r, g, b] = await browser.action.getBadgeBackgroundColor({ tabId: 5 });
  expect(`#${[r, g, b].map((n) => (n ?? 0).toString(16).padStart(2, '0')).join('')}`).toBe(
    BADGE_COLORS.warning,
  );
  await showBadge({ ...tab(1, 'error'), tabId: -1 }); // requests outside tabs have no badge
  expect(await browser.action.getBadgeText({})).toBe('');
});
