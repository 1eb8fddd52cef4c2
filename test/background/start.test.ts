// The background as a whole, started on a fake of the browser's own API object (Chrome's
// contract for messages, JSON-copied storage): webRequest events in, stored failures, badge
// and replies out.
import { beforeEach, describe, expect, test } from 'vitest';
import { startBackground } from '../../src/background/start';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../src/settings/settings';
import { readTabs } from '../../src/storage/failures';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';
import { until } from '../support/until';

let fake: FakeNativeBrowser;
beforeEach(() => {
  fake = fakeNativeBrowser();
});

let nextId = 0;
/** One request through webRequest as the browser reports it: sent, then completed. */
function request(
  tabId: number,
  url: string,
  statusCode: number,
  requestHeaders: Record<string, string> = {},
  responseHeaders: Record<string, string> = {},
): void {
  const requestId = String(++nextId);
  const timeStamp = Date.now();
  const list = (headers: Record<string, string>) =>
    Object.entries(headers).map(([name, value]) => ({ name, value }));
  fake.browser.webRequest.onSendHeaders.fire({
    requestId,
    tabId,
    type: 'xmlhttprequest',
    method: 'GET',
    url,
    timeStamp,
    requestHeaders: list(requestHeaders),
  });
  fake.browser.webRequest.onCompleted.fire({
    requestId,
    tabId,
    type: 'xmlhttprequest',
    method: 'GET',
    url,
    statusCode,
    timeStamp: timeStamp + 5,
    responseHeaders: list(responseHeaders),
  });
}

describe('startBackground(browser)', () => {
  test('registers every listener at once, with the options the capture needs', () => {
    startBackground(fake.browser);
    const { webRequest, tabs, runtime, permissions } = fake.browser;
    expect(webRequest.onSendHeaders.added).toEqual([
      { filter: { urls: ['<all_urls>'] }, extraInfoSpec: ['requestHeaders', 'extraHeaders'] },
    ]);
    expect(webRequest.onCompleted.added[0]?.extraInfoSpec).toEqual([
      'responseHeaders',
      'extraHeaders',
    ]);
    expect(webRequest.onBeforeRedirect.added).toHaveLength(1);
    expect(webRequest.onErrorOccurred.added).toHaveLength(1);
    expect(tabs.onRemoved.listeners).toHaveLength(1);
    expect(runtime.onMessage.listeners).toHaveLength(1);
    expect(runtime.onInstalled.listeners).toHaveLength(1);
    expect(permissions.onAdded.listeners).toHaveLength(1);
  });

  test('a 401 is diagnosed, stored in storage.session and counted on the tab badge', async () => {
    startBackground(fake.browser);
    request(3, 'https://api.example.test/ok', 200);
    request(
      3,
      'https://api.example.test/me',
      401,
      { Authorization: 'Bearer undefined' },
      { 'WWW-Authenticate': 'Bearer realm="api"' },
    );
    const secret = 'tok_0123456789abcdefghijklmnopqrstuvwxyz';
    request(3, 'https://api.example.test/you', 401, { Authorization: `Bearer ${secret}` });
    await until(() => fake.badgeText.get(3) === '2');
    const [tab] = await readTabs(fake.browser.storage.session, 3);
    expect(tab?.failures.map((f) => [f.status, f.carried])).toEqual([
      [401, ['authorization']],
      [401, ['authorization']],
    ]);
    expect(tab?.failures[0]?.diagnoses[0]?.id).toBe('placeholder-token');
    expect(fake.badgeColor.get(3)).toBe('#c62828');
    // The raw token never reaches storage: only what the core masked.
    expect(JSON.stringify([...fake.browser.storage.session.data])).not.toContain(secret);
  });

  test('"clear" is answered through sendResponse (Chrome ignores a returned Promise)', async () => {
    startBackground(fake.browser);
    request(4, 'https://api.example.test/a', 401);
    await until(() => fake.badgeText.get(4) === '1');
    expect(await fake.sendMessage({ type: 'clear', tabId: 4 })).toEqual({
      ok: true,
      value: { cleared: 1 },
    });
    expect(await readTabs(fake.browser.storage.session, 4)).toEqual([]);
    await until(() => fake.badgeText.get(4) === '');
    // Not a message of ours: no answer, the channel is not kept open.
    expect(await fake.sendMessage({ type: 'unknown' })).toBeUndefined();
  });

  test('settings from storage.local apply: an ignored host is not captured', async () => {
    await fake.browser.storage.local.set({
      [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, ignoreHosts: ['ignored.example.test'] },
    });
    startBackground(fake.browser);
    await new Promise((resolve) => setTimeout(resolve, 10));
    request(5, 'https://ignored.example.test/a', 401);
    request(5, 'https://api.example.test/b', 401);
    await until(() => fake.badgeText.get(5) === '1');
    const [tab] = await readTabs(fake.browser.storage.session, 5);
    expect(tab?.failures.map((f) => f.url)).toEqual(['https://api.example.test/b']);
  });

  test('a closed tab is forgotten; a first install opens the welcome page', async () => {
    startBackground(fake.browser);
    request(6, 'https://api.example.test/a', 401);
    await until(() => fake.badgeText.get(6) === '1');
    fake.browser.tabs.onRemoved.fire(6);
    await until(async () => (await readTabs(fake.browser.storage.session, 6)).length === 0);
    fake.browser.runtime.onInstalled.fire({ reason: 'update' });
    fake.browser.runtime.onInstalled.fire({ reason: 'install' });
    expect(fake.openedTabs).toEqual(['chrome-extension://fake-id/welcome/index.html']);
  });

  test('notification clicks are listened to once the permission is granted later', async () => {
    startBackground(fake.browser);
    expect(fake.browser.notifications).toBeUndefined();
    fake.grantNotifications();
    expect(fake.notifications.onClicked.listeners).toHaveLength(1);
    fake.browser.permissions.onAdded.fire(); // granted again: still one listener
    expect(fake.notifications.onClicked.listeners).toHaveLength(1);
    fake.notificationClicked('unknown-notification');
    await until(() => fake.openedTabs.length === 1);
    expect(fake.openedTabs).toEqual(['chrome-extension://fake-id/report/index.html']);
  });

  test('a signed-out probe next to one real mistake shows 1; muting the mistake empties the badge, undoing brings it back', async () => {
    startBackground(fake.browser);
    request(11, 'https://app.example.test/api/me', 401);
    request(11, 'https://app.example.test/api/orders/42', 401, {
      Authorization: 'Bearer undefined',
    });
    await until(() => fake.badgeText.get(11) === '1');
    expect(fake.buttonTitle.get(11)).toContain('1 expected');
    const [tab] = await readTabs(fake.browser.storage.session, 11);
    expect(tab?.failures.map((f) => f.diagnoses[0]?.id)).toEqual([
      'signed-out-probe',
      'placeholder-token',
    ]);
    const mute = {
      kind: 'endpoint',
      method: 'GET',
      host: 'app.example.test',
      path: '/api/orders/*',
    };
    await fake.browser.storage.local.set({
      [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, mutes: [mute] },
    });
    await until(() => fake.badgeText.get(11) === '');
    expect(fake.buttonTitle.get(11)).toContain('1 muted');
    await fake.browser.storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, mutes: [] } });
    await until(() => fake.badgeText.get(11) === '1');
  });

  test('a page that only probes leaves the badge empty; a retry with a token at once turns the probe into a counted failure', async () => {
    startBackground(fake.browser);
    request(12, 'https://app.example.test/api/session', 401);
    await until(async () => (await readTabs(fake.browser.storage.session, 12)).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fake.badgeText.get(12) ?? '').toBe('');
    request(12, 'https://app.example.test/api/session', 200, {
      Authorization: 'Bearer abcdefghijklmnop0123',
    });
    await until(() => fake.badgeText.get(12) === '1');
    const [tab] = await readTabs(fake.browser.storage.session, 12);
    expect(tab?.failures[0]?.diagnoses[0]?.id).toBe('no-credentials');
  });

  test('expected 401s never notify; the real mistake next to them does', async () => {
    fake = fakeNativeBrowser({ notifications: true });
    await fake.browser.storage.local.set({
      [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, notifications: true },
    });
    startBackground(fake.browser);
    await new Promise((resolve) => setTimeout(resolve, 10));
    request(13, 'https://app.example.test/api/me', 401);
    request(13, 'https://intranet.example.test/', 401, {}, { 'WWW-Authenticate': 'Negotiate' });
    await until(
      async () => (await readTabs(fake.browser.storage.session, 13))[0]?.failures.length === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 1700)); // past the notifier's burst window
    expect(fake.shown.size).toBe(0);
    request(13, 'https://app.example.test/api/orders/1', 401, {
      Authorization: 'Bearer undefined',
    });
    await until(() => fake.shown.size === 1, 4000);
    expect([...fake.shown.values()][0]?.title).toContain('/api/orders/1');
  });
});
