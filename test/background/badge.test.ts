import { fakeBrowser } from '@webext-core/fake-browser';
import { beforeEach, expect, test } from 'vitest';
import { badgeText, showBadge } from '../../src/background/badge';
import { browser } from '../../src/platform/browser';

beforeEach(() => fakeBrowser.reset());

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

test('the badge is set on the failing tab only', async () => {
  await showBadge(5, 3);
  expect(await browser.action.getBadgeText({ tabId: 5 })).toBe('3');
  expect(await browser.action.getBadgeText({ tabId: 6 })).toBe('');
  await showBadge(-1, 2); // requests outside tabs have no badge
  expect(await browser.action.getBadgeText({})).toBe('');
});
