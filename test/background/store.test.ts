import { beforeEach, describe, expect, test } from 'vitest';
import { createStore } from '../../src/background/store';
import { CATALOGUE } from '../../src/core/catalogue';

import {
  changesFailures,
  type FailureRecord,
  readRecent,
  readTabs,
} from '../../src/storage/failures';
import { fakeFailure, resetFakeFailures } from '../support/fake-failure';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let browser: FakeNativeBrowser['browser'];
beforeEach(() => {
  browser = fakeNativeBrowser().browser;
  resetFakeFailures();
});

/** What a page reads back: every tab's failures. */
const stored = () => readTabs(browser.storage.session);

describe('failure store in storage.session', () => {
  test('keeps failures per tab, oldest first, and counts them for the badge', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 1 }));
    await store.add(fakeFailure({ tabId: 2 }));
    const tab1 = await store.add(fakeFailure({ tabId: 1 }));
    expect(tab1.entries.map(([id]) => id)).toEqual(['r1', 'r3']);
    expect(tab1.sinceNavigation).toBe(2);
    const tabs = await stored();
    expect(tabs.map((t) => [t.tabId, t.failures.length]).sort()).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  test('survives the service worker being stopped: a new store reads what the old one wrote', async () => {
    await createStore(browser.storage.session).add(fakeFailure({ tabId: 7 }));
    const afterRestart = createStore(browser.storage.session);
    const tab = await afterRestart.add(fakeFailure({ tabId: 7 }));
    expect(tab.entries.map(([id]) => id)).toEqual(['r1', 'r2']);
    expect(tab.sinceNavigation).toBe(2);
    expect((await stored())[0]?.failures).toHaveLength(2);
  });

  test('bounds each tab, dropping its oldest failures', async () => {
    const store = createStore(browser.storage.session, { perTab: 3, total: 100 });
    for (let i = 0; i < 5; i++) await store.add(fakeFailure());
    const [tab] = await stored();
    expect(tab?.failures.map((f) => f.id)).toEqual(['r3', 'r4', 'r5']);
    expect(tab?.sinceNavigation).toBe(5);
  });

  test('bounds all tabs together, dropping the oldest failure of any tab', async () => {
    const store = createStore(browser.storage.session, { perTab: 10, total: 4 });
    await store.add(fakeFailure({ tabId: 1 })); // r1, oldest
    await store.add(fakeFailure({ tabId: 2 }));
    await store.add(fakeFailure({ tabId: 1 }));
    await store.add(fakeFailure({ tabId: 2 }));
    await store.add(fakeFailure({ tabId: 3 })); // pushes r1 out
    await store.add(fakeFailure({ tabId: 3 })); // pushes r2 out
    const ids = (await stored()).flatMap((t) => t.failures.map((f) => f.id)).sort();
    expect(ids).toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  test('loses nothing when failures arrive faster than storage answers', async () => {
    const store = createStore(browser.storage.session);
    await Promise.all(Array.from({ length: 50 }, () => store.add(fakeFailure({ tabId: 4 }))));
    const [tab] = await stored();
    expect(tab?.failures).toHaveLength(50);
    expect(tab?.sinceNavigation).toBe(50);
  });

  test('a top-level navigation restarts the badge count but keeps the history', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure());
    await store.add(fakeFailure());
    const tab = await store.navigated(1);
    expect(tab.sinceNavigation).toBe(0);
    expect(tab.entries).toHaveLength(2);
    expect((await stored())[0]?.failures).toHaveLength(2);
    expect((await store.add(fakeFailure())).sinceNavigation).toBe(1);
  });

  test('forgets a tab when it closes', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 1 }));
    await store.add(fakeFailure({ tabId: 2 }));
    await store.removeTab(1);
    expect((await stored()).map((t) => t.tabId)).toEqual([2]);
  });

  test('ignores foreign or damaged keys in the storage area', async () => {
    await browser.storage.session.set({ 'tab:9': { broken: true }, other: 1 });
    const store = createStore(browser.storage.session);
    expect(await stored()).toEqual([]);
    expect((await store.add(fakeFailure({ tabId: 9 }))).entries).toHaveLength(1);
  });

  test('each failure is its own key: a new failure does not rewrite the tab history', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 3 }));
    const written: string[] = [];
    browser.storage.onChanged.addListener((changes) => written.push(...Object.keys(changes)));
    await store.add(fakeFailure({ tabId: 3 }));
    expect(written.sort()).toEqual(['f:3:r2', 'tab:3']); // the directory of tabs is unchanged
  });

  test('a page reads one tab, or all, from storage; and knows which changes concern it', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 1 }));
    await store.add(fakeFailure({ tabId: 2 }));
    expect(
      (await readTabs(browser.storage.session, 2)).map((t) => t.failures.map((f) => f.id)),
    ).toEqual([['r2']]);
    expect(await readTabs(browser.storage.session, 7)).toEqual([]);
    expect((await readTabs(browser.storage.session)).length).toBe(2);
    expect(changesFailures({ 'tab:2': {}, 'f:2:x': {} }, 2)).toBe(true);
    expect(changesFailures({ 'tab:1': {} }, 2)).toBe(false);
    expect(changesFailures({ 'ctx:1': {} })).toBe(false);
  });

  test('clearing removes the records and the index of the tab', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 1 }));
    await store.add(fakeFailure({ tabId: 2 }));
    const cleared = await store.clear(1);
    expect(cleared.map((t) => t.tabId)).toEqual([1]);
    expect(Object.keys(await browser.storage.session.get(null)).sort()).toEqual([
      'f:2:r2',
      'tab:2',
      'tabs',
    ]);
    expect(await browser.storage.session.get('tabs')).toEqual({ tabs: [2] });
  });

  test('the popup reads only the newest failures of this tab and of the others, and the total', async () => {
    const store = createStore(browser.storage.session);
    for (let i = 0; i < 5; i++) await store.add(fakeFailure({ tabId: 1 }));
    for (let i = 0; i < 4; i++) await store.add(fakeFailure({ tabId: 2 }));
    await store.add(fakeFailure({ tabId: 3 }));
    const recent = await readRecent(browser.storage.session, 2, 3);
    expect(recent.total).toBe(10);
    const ids = (tabId: number) =>
      recent.tabs.find((t) => t.tabId === tabId)?.failures.map((f) => f.id);
    expect(ids(2)).toEqual(['r7', 'r8', 'r9']); // newest 3 of this tab
    expect([...(ids(1) ?? []), ...(ids(3) ?? [])]).toEqual(['r4', 'r5', 'r10']); // newest 3 of the others
    // The popup asks for its tab while the indexes are read: the same answer.
    expect(await readRecent(browser.storage.session, Promise.resolve(2), 3)).toEqual(recent);
    await store.removeTab(3);
    expect((await readRecent(browser.storage.session, 2, 3)).total).toBe(9);
  });

  test('diagnoses are stored without the catalogue words and read back whole', async () => {
    const store = createStore(browser.storage.session);
    const compact = {
      id: 'jwt-expired' as const,
      family: 'jwt' as const,
      severity: 'error' as const,
      confidence: 0.95,
      evidence: ['exp = 1 (1970-01-01 00:00:01 UTC)'],
      fixes: ['Refresh the token in the interceptor.'],
    };
    await store.add(fakeFailure({ tabId: 4, diagnoses: [compact] }));
    const raw = (await browser.storage.session.get('f:4:r1'))['f:4:r1'] as FailureRecord;
    expect(raw.diagnoses[0]).toEqual(compact);
    expect((await readTabs(browser.storage.session, 4))[0]?.failures[0]?.diagnoses).toEqual([
      {
        ...compact,
        title: CATALOGUE['jwt-expired'].title,
        explanation: CATALOGUE['jwt-expired'].explanation,
        fixes: ['Refresh the token in the interceptor.', ...CATALOGUE['jwt-expired'].fixes],
      },
    ]);
  });
});
