import { expect, test } from 'vitest';
import { expectedTitle, popupSections } from '../../src/popup/failures';
import type { FailureRecord, TabFailures } from '../../src/storage/failures';
import { matchesFilter, NO_FILTER } from '../../src/ui/filter-failures';
import { fakeDiagnosis, fakeFailure } from '../support/fake-failure';

const failure = (id: string, tabId: number, time: number) =>
  fakeFailure({ id, tabId, time, url: `https://example.test/${id}` });
const tab = (tabId: number, ...failures: FailureRecord[]): TabFailures => ({
  tabId,
  failures,
  sinceNavigation: failures.length,
});

test('the current tab comes first, then the other tabs, newest first in each', () => {
  const sections = popupSections(
    [
      tab(1, failure('a', 1, 10), failure('b', 1, 30)),
      tab(2, failure('c', 2, 20), failure('d', 2, 5)),
    ],
    2,
  );
  expect(sections.map((s) => [s.title, s.failures.map((f) => f.id)])).toEqual([
    ['This tab', ['c', 'd']],
    ['Other tabs', ['b', 'a']],
  ]);
});

test('never empty while failures exist anywhere; empty without any', () => {
  expect(popupSections([tab(1, failure('a', 1, 1))], 9).map((s) => s.current)).toEqual([false]);
  expect(popupSections([tab(1)], 1)).toEqual([]);
  expect(popupSections([], undefined)).toEqual([]);
});

test('shows at most `limit` rows a section', () => {
  const many = Array.from({ length: 30 }, (_, i) => failure(`f${i}`, 1, i));
  expect(popupSections([tab(1, ...many)], 1, 10)[0]?.failures).toHaveLength(10);
});

test("the popup filters with the report page's filter: every word, by status, host, path or diagnosis", () => {
  const typed = (text: string) => ({ ...NO_FILTER, text });
  const expired: FailureRecord = {
    ...failure('x', 1, 1),
    url: 'https://api.example.test/v1/orders',
    diagnoses: [fakeDiagnosis({ confidence: 0.9 })],
  };
  expect(matchesFilter(expired, typed(''))).toBe(true);
  expect(matchesFilter(expired, typed('JWT-EXPIRED orders'))).toBe(true);
  expect(matchesFilter(expired, typed('401 api.example'))).toBe(true);
  expect(matchesFilter(expired, typed('orders 407'))).toBe(false);
  const sections = popupSections([tab(1, expired, failure('other', 1, 2))], 1, 100, 'expired');
  expect(sections[0]?.failures.map((f) => f.id)).toEqual(['x']);
});

test('expected 401s go to a quiet group, third-party frames under their site, muted ones only counted', () => {
  const probe = fakeFailure({
    id: 'probe',
    tabId: 1,
    time: 5,
    url: 'https://app.example.test/api/me',
    diagnoses: [fakeDiagnosis({ id: 'signed-out-probe', severity: 'info' })],
  });
  const bug = fakeFailure({
    id: 'bug',
    tabId: 1,
    time: 4,
    url: 'https://app.example.test/api/orders/1',
    diagnoses: [fakeDiagnosis({ id: 'placeholder-token', severity: 'error' })],
  });
  const ad = fakeFailure({
    id: 'ad',
    tabId: 1,
    time: 3,
    url: 'https://bid.ads.test/x',
    thirdPartyFrame: 'ads.test',
    diagnoses: [fakeDiagnosis({ id: 'no-credentials', severity: 'error' })],
  });
  const noisy = fakeFailure({
    id: 'noisy',
    tabId: 1,
    time: 2,
    url: 'https://app.example.test/api/poll/77',
    diagnoses: [fakeDiagnosis({ id: 'no-credentials', severity: 'error' })],
  });
  const policy = {
    countExpected: false,
    countThirdPartyFrames: false,
    mutes: [
      { kind: 'endpoint' as const, method: 'GET', host: 'app.example.test', path: '/api/poll/*' },
    ],
  };
  const [section] = popupSections([tab(1, probe, bug, ad, noisy)], 1, 100, '', policy);
  expect(section?.failures.map((f) => f.id)).toEqual(['bug']);
  expect(section?.expected.map((f) => f.id)).toEqual(['probe']);
  expect(expectedTitle(section?.expected ?? [])).toBe('Expected while signed out: 1');
  expect(section?.thirdParty).toEqual([{ site: 'ads.test', failures: [ad] }]);
  expect(section?.muted).toBe(1);
  // The options count them all again.
  const [all] = popupSections([tab(1, probe, bug, ad, noisy)], 1, 100, '', {
    countExpected: true,
    countThirdPartyFrames: true,
    mutes: [],
  });
  expect(all?.failures.map((f) => f.id)).toEqual(['probe', 'bug', 'ad', 'noisy']);
});
