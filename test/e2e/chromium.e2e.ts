// Real Debian Chromium with the built extension (dist/chrome), as a user runs it.
import { describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import type { TabFailures } from '../../src/storage/failures';
import { tabsFromSnapshot } from '../../src/storage/failures';
import { chromiumWithServer } from './support/browser-with-server';
import { expectNothingRan } from './support/nothing-ran';

const env = chromiumWithServer();

describe('Chromium: a page whose 4 requests get 3 × 401', () => {
  test('captures exactly the 3 failures, shows badge 3 on that tab and lists them in the popup', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });

    let tab: TabFailures | undefined;
    await expect
      .poll(async () => {
        tab = (await env.browser.storedTabs()).find((t) =>
          t.failures.some((f) => f.url.startsWith(env.server.origin)),
        );
        return tab?.failures.length;
      })
      .toBe(3);
    const failures = tab?.failures ?? [];
    expect(failures.map((f) => new URL(f.url).pathname).sort()).toEqual([
      '/api/needs-key',
      '/api/needs-token',
      '/api/needs-token',
    ]);
    expect(failures.every((f) => f.status === 401 && f.method === 'GET')).toBe(true);
    // What each request carried (Authorization is visible to webRequest with extraHeaders).
    const carried = Object.fromEntries(
      failures.map((f) => [
        new URL(f.url).search.includes('second') ? 'undefined' : new URL(f.url).pathname,
        f.carried,
      ]),
    );
    expect(carried).toEqual({
      '/api/needs-token': [],
      undefined: ['authorization'],
      '/api/needs-key': ['api-key'],
    });

    // No credential value is kept anywhere, only the kinds.
    const everything = await env.browser.worker.evaluate(async () =>
      JSON.stringify([
        await chrome.storage.session.get(null),
        await chrome.storage.local.get(null),
      ]),
    );
    expect(everything).not.toContain('good-token');
    expect(everything).not.toContain('wrong-key');

    const tabId = tab?.tabId ?? -1;
    await expect
      .poll(() =>
        env.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
      )
      .toBe('3');

    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    // The popup opened as a tab is itself the active tab: the failures are under "Other tabs".
    const rows = popup.locator('[data-section="other"] li.failure');
    await expect.poll(() => rows.count()).toBe(3);
    const targets = await rows.locator('.target').allTextContents();
    expect(targets.map((t) => t.replace(/\?.*/, '')).sort()).toEqual([
      `${new URL(env.server.origin).host}/api/needs-key`,
      `${new URL(env.server.origin).host}/api/needs-token`,
      `${new URL(env.server.origin).host}/api/needs-token`,
    ]);
    expect(await popup.locator('li.failure .status').allTextContents()).toEqual([
      '401',
      '401',
      '401',
    ]);
    await popup.close();
    await page.close();
  });

  test('a new navigation starts the tab badge again; a successful request never appears', async () => {
    const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    // This page's tab: the one that was not there before.
    const tabId = await waitFor(
      'the new tab in storage',
      async () =>
        (await env.browser.storedTabs()).find(
          (t) => !before.has(t.tabId) && t.sinceNavigation === 3,
        )?.tabId,
    );
    await page.reload();
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    await expect
      .poll(
        async () =>
          (await env.browser.storedTabs()).find((t) => t.tabId === tabId)?.failures.length,
      )
      .toBe(6);
    const tab = (await env.browser.storedTabs()).find((t) => t.tabId === tabId);
    expect(tab?.sinceNavigation).toBe(3);
    expect(
      await env.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
    ).toBe('3');
    expect(tab?.failures.some((f) => f.url.includes('/api/ok'))).toBe(false);
    await page.close();
  });

  test('markup and script from the server, the URL or the token are shown as text in the popup', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/hostile`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    const row = popup.locator('li.failure').filter({ hasText: '/api/hostile' });
    await expect.poll(() => row.count()).toBe(1);
    await row.locator('button.toggle').click();
    await expect.poll(() => row.locator('.details [data-diagnosis]').count()).toBeGreaterThan(0);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('<img src=x onerror=window.__pwned=true>');
    await expectNothingRan(popup, 'li.failure');
    await popup.close();
    await page.close();
  });

  test('stopping the service worker loses no record; the restarted worker goes on counting', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    // Read storage from an extension page: the worker handle dies with the worker.
    const reader = await env.browser.context.newPage();
    await reader.goto(env.browser.extensionUrl('popup/index.html'));
    const tabs = async () =>
      tabsFromSnapshot(await reader.evaluate(() => chrome.storage.session.get(null)));
    const before = await waitFor('the failures of this page', async () =>
      (await tabs()).find((t) => t.sinceNavigation === 3 && t.failures.length === 3),
    );

    const internals = await env.browser.context.newPage();
    await internals.goto('chrome://serviceworker-internals/');
    await internals.getByText('Stop', { exact: true }).first().click();
    const status = async () => {
      // biome-ignore lint/performance/useDomNodeTextContent: the status line is laid out from several nodes
      const text = await internals.locator('body').innerText();
      return /Running Status: (\w+)/.exec(text)?.[1];
    };
    await waitFor('the worker to stop', async () =>
      (await status()) === 'STOPPED' ? true : undefined,
    );
    expect((await tabs()).find((t) => t.tabId === before.tabId)?.failures).toHaveLength(3);

    await page.reload();
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    const after = await waitFor('the failures after the restart', async () =>
      (await tabs()).find((t) => t.tabId === before.tabId && t.failures.length === 6),
    );
    expect(after.sinceNavigation).toBe(3);
    expect(after.failures.slice(0, 3).map((f) => f.id)).toEqual(before.failures.map((f) => f.id));
    await internals.reload();
    expect(await status()).toBe('RUNNING');
    for (const p of [internals, reader, page]) await p.close();
  });
});
