// The badge past the history bounds: a tab keeps at most `perTab` records (and all tabs
// `total`), but the badge counts every failure since the tab's last navigation. The store keeps
// a tally of the evicted ones, grouped so that the count policy (expected, muted, third-party)
// still applies to them, including a mute added or undone after they were evicted.
import { beforeEach, describe, expect, test } from 'vitest';
import { showBadge, tabTally } from '../../src/background/badge';
import { createStore } from '../../src/background/store';
import type { Mute } from '../../src/settings/mutes';
import { DEFAULT_SETTINGS } from '../../src/settings/settings';
import { addEvicted, MAX_EVICTED_GROUPS, tally } from '../../src/storage/counted';
import type { EvictedGroup, StoredFailure, TabIndex } from '../../src/storage/failures';
import { fakeDiagnosis, fakeFailure, resetFakeFailures } from '../support/fake-failure';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let fake: FakeNativeBrowser;
beforeEach(() => {
  fake = fakeNativeBrowser();
  resetFakeFailures();
});

const calm = DEFAULT_SETTINGS;
const probe = () =>
  fakeFailure({
    url: 'https://app.example.test/api/me',
    diagnoses: [fakeDiagnosis({ id: 'signed-out-probe', severity: 'info' })],
  });
const user = (n: number, tabId = 1) =>
  fakeFailure({ tabId, url: `https://api.example.test/users/${n}` });
const order = (tabId = 1) => fakeFailure({ tabId, url: 'https://api.example.test/orders' });

/** Adds failures in bursts (as a page firing them at once does); the tab's last index. */
async function addAll(
  store: ReturnType<typeof createStore>,
  failures: StoredFailure[],
): Promise<TabIndex> {
  let last: TabIndex | undefined;
  for (let i = 0; i < failures.length; i += 250) {
    const burst = await Promise.all(failures.slice(i, i + 250).map((f) => store.add(f)));
    last = burst[burst.length - 1];
  }
  return last as TabIndex;
}

async function badge(index: TabIndex, policy = calm): Promise<string | undefined> {
  await showBadge(fake.browser.action, index, policy);
  return fake.badgeText.get(index.tabId);
}

describe('the badge past the history bounds', () => {
  test('1 000 failures in one tab read 999+, though the tab keeps 200', async () => {
    const store = createStore(fake.browser.storage.session);
    const index = await addAll(
      store,
      Array.from({ length: 1000 }, (_, n) => user(n)),
    );
    expect(index.entries).toHaveLength(200);
    expect(index.sinceNavigation).toBe(1000);
    expect(tabTally(index, calm).counted).toBe(1000);
    expect(await badge(index)).toBe('999+');
    // All of them went to one group: the endpoint, ids as `*`.
    expect(index.evicted).toEqual([[800, 'error', 'GET', 'https://api.example.test/users/*', 0]]);
  });

  test('250 counted and 50 expected: the badge counts 250, the title says 50 expected', async () => {
    const store = createStore(fake.browser.storage.session);
    const failures: StoredFailure[] = [];
    for (let n = 0; n < 300; n++) failures.push(n % 6 === 0 ? probe() : user(n));
    const index = await addAll(store, failures);
    expect(index.entries).toHaveLength(200);
    expect(await badge(index)).toBe('250');
    expect(fake.buttonTitle.get(1)).toContain('250 authentication failures');
    expect(fake.buttonTitle.get(1)).toContain('50 expected');
    expect(await badge(index, { ...calm, countExpected: true })).toBe('300');
  });

  test('a mute added after eviction removes the evicted failures too, and its undo brings them back', async () => {
    const store = createStore(fake.browser.storage.session, { perTab: 20, total: 100 });
    const failures = [
      ...Array.from({ length: 60 }, (_, n) => user(n)),
      ...[1, 2, 3].map(() => order()),
    ];
    const index = await addAll(store, failures);
    expect(index.entries).toHaveLength(20);
    expect(await badge(index)).toBe('63');
    const endpoint: Mute = {
      kind: 'endpoint',
      method: 'GET',
      host: 'api.example.test',
      path: '/users/*',
    };
    expect(await badge(index, { ...calm, mutes: [endpoint] })).toBe('3');
    expect(tabTally(index, { ...calm, mutes: [endpoint] }).muted).toBe(60);
    expect(await badge(index, { ...calm, mutes: [{ kind: 'site', site: 'example.test' }] })).toBe(
      '',
    );
    // Undone: counted again.
    expect(await badge(index, calm)).toBe('63');
    // A POST to the same path is another endpoint.
    expect(await badge(index, { ...calm, mutes: [{ ...endpoint, method: 'POST' }] })).toBe('63');
  });

  test('third-party frames stay out of the count once evicted, unless the option counts them', async () => {
    const store = createStore(fake.browser.storage.session, { perTab: 5, total: 100 });
    const index = await addAll(store, [
      ...Array.from({ length: 10 }, () =>
        fakeFailure({ url: 'https://ads.tracker.test/bid', thirdPartyFrame: 'tracker.test' }),
      ),
      ...Array.from({ length: 5 }, (_, n) => user(n)),
    ]);
    expect(index.entries).toHaveLength(5);
    expect(await badge(index)).toBe('5');
    expect(tabTally(index, calm).thirdParty).toBe(10);
    expect(await badge(index, { ...calm, countThirdPartyFrames: true })).toBe('15');
  });

  test('a navigation starts the count again, evicted failures included', async () => {
    const store = createStore(fake.browser.storage.session, { perTab: 10, total: 100 });
    await addAll(
      store,
      Array.from({ length: 30 }, (_, n) => user(n)),
    );
    const navigated = await store.navigated(1);
    expect(navigated.evicted).toBeUndefined();
    expect(await badge(navigated)).toBe('');
    const next = await store.add(order());
    expect(await badge(next)).toBe('1');
    // Older failures evicted now are from before the navigation: not counted.
    const more = await addAll(
      store,
      Array.from({ length: 12 }, () => order()),
    );
    expect(more.entries).toHaveLength(10);
    expect(await badge(more)).toBe('13');
  });

  test('the tally survives the service worker being stopped (it is in storage.session)', async () => {
    await addAll(
      createStore(fake.browser.storage.session, { perTab: 10, total: 100 }),
      Array.from({ length: 40 }, (_, n) => user(n)),
    );
    const afterRestart = createStore(fake.browser.storage.session, { perTab: 10, total: 100 });
    const index = await afterRestart.add(order());
    expect(index.entries).toHaveLength(10);
    expect(await badge(index)).toBe('41');
  });

  test('failures evicted by the bound on all tabs count too', async () => {
    const store = createStore(fake.browser.storage.session, { perTab: 100, total: 10 });
    await addAll(
      store,
      Array.from({ length: 8 }, (_, n) => user(n, 1)),
    );
    const two = await addAll(
      store,
      Array.from({ length: 8 }, (_, n) => user(n, 2)),
    );
    const [one] = (await store.indexes()).filter((t) => t.tabId === 1);
    expect((one?.entries.length ?? 0) + two.entries.length).toBe(10);
    expect(await badge(one as TabIndex)).toBe('8');
    expect(await badge(two)).toBe('8');
  });

  test('a replay after eviction is listed but not counted', async () => {
    const store = createStore(fake.browser.storage.session, { perTab: 5, total: 100 });
    await addAll(
      store,
      Array.from({ length: 8 }, (_, n) => user(n)),
    );
    const index = await store.add(
      fakeFailure({ replay: { of: 'capture:1:r8', mode: 'extension' } }),
    );
    expect(index.entries.map(([id]) => id)).toEqual(['r9', 'r5', 'r6', 'r7', 'r8']);
    expect(await badge(index)).toBe('8');
  });
});

describe('evicted groups', () => {
  const entry = (url: string, method = 'GET') => ['x', 0, 'error', method, url] as const;

  test('past MAX_EVICTED_GROUPS endpoints, failures are grouped by origin: site mutes still apply', () => {
    const groups: EvictedGroup[] = [];
    for (let n = 0; n < MAX_EVICTED_GROUPS + 50; n++)
      addEvicted(groups, [...entry(`https://a${n % 3}.example.test/page-${n}`)]);
    addEvicted(groups, [...entry('not a url')]);
    expect(groups.length).toBeLessThanOrEqual(MAX_EVICTED_GROUPS + 6);
    const countables = groups.map(([times, severity, method, url]) => ({
      times,
      severity,
      method,
      url,
    }));
    expect(tally(countables, calm).counted).toBe(MAX_EVICTED_GROUPS + 51);
    // Every a1 failure is muted by its site, whether it kept its endpoint or not.
    const a1 = Math.ceil((MAX_EVICTED_GROUPS + 50 - 1) / 3);
    expect(
      tally(countables, { ...calm, mutes: [{ kind: 'site', site: 'a1.example.test' }] }).muted,
    ).toBe(a1);
  });
});
