// The options page and the popup's own controls, in real Chromium with the extension.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { chromiumWithServer } from './support/browser-with-server';

const env = chromiumWithServer();

/** A new tab on the test server that fetches `path`. */
async function fetchFrom(
  path: string,
  headers: Record<string, string> = {},
  origin = env.server.origin,
): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${origin}/missing-page-${Math.random()}`);
  await page.evaluate(([p, h]) => fetch(p, { headers: h }).then((r) => r.status), [
    path,
    headers,
  ] as const);
  return page;
}

const capturedUrls = async () =>
  (await env.browser.storedTabs()).flatMap((tab) =>
    tab.failures.map((f) => new URL(f.url).pathname),
  );

describe('options page', () => {
  test('a 403 about auth is captured by default; any other 403 only once the user asks', async () => {
    // Tabs stay open: closing a tab forgets its failures.
    const pages = [
      await fetchFrom('/api/forbidden/before'),
      await fetchFrom('/api/forbidden/with-token', { Authorization: 'Bearer good-token' }),
      await fetchFrom('/api/needs-token/marker'),
    ];
    await waitFor('the marker 401', async () =>
      (await capturedUrls()).includes('/api/needs-token/marker') ? true : undefined,
    );
    expect(await capturedUrls()).not.toContain('/api/forbidden/before');
    expect(await capturedUrls()).toContain('/api/forbidden/with-token');

    const options = await env.browser.context.newPage();
    await options.goto(env.browser.extensionUrl('options/index.html'));
    await options.locator('input[name="status-403"]').check();
    await waitFor('the setting saved', async () => {
      const stored = await env.browser.worker.evaluate(() => chrome.storage.local.get('settings'));
      return (stored.settings as { extraStatuses?: Record<string, boolean> })?.extraStatuses?.[403]
        ? true
        : undefined;
    });
    // No credentials, no challenge, no auth error named: captured now that 403s are on.
    pages.push(await fetchFrom('/api/forbidden/after'));
    await waitFor('the 403', async () =>
      (await capturedUrls()).includes('/api/forbidden/after') ? true : undefined,
    );
    // Signed in, and still refused: the server knows who it is and says no.
    const withToken = (await env.browser.storedTabs())
      .flatMap((t) => t.failures)
      .find((f) => f.url.includes('/api/forbidden/with-token'));
    expect(withToken?.diagnoses[0]?.id).toBe('forbidden-not-unauthorized');
    for (const page of [options, ...pages]) await page.close();
  });

  test('an ignored host is not captured; settings hold no secret', async () => {
    const options = await env.browser.context.newPage();
    await options.goto(env.browser.extensionUrl('options/index.html'));
    await options.locator('textarea[name="ignoreHosts"]').fill(new URL(env.server.origin).host);
    await options.locator('textarea[name="ignoreHosts"]').blur();
    await waitFor('the host saved', async () => {
      const stored = await env.browser.worker.evaluate(() => chrome.storage.local.get('settings'));
      return ((stored.settings as { ignoreHosts?: string[] })?.ignoreHosts ?? []).length > 0
        ? true
        : undefined;
    });
    const ignored = await fetchFrom('/api/needs-token/ignored');
    // The same server under another host name is still watched.
    const control = await fetchFrom(
      '/api/needs-key/control',
      {},
      env.server.origin.replace('127.0.0.1', 'localhost'),
    );
    await waitFor('the control', async () =>
      (await capturedUrls()).includes('/api/needs-key/control') ? true : undefined,
    );
    expect(await capturedUrls()).not.toContain('/api/needs-token/ignored');
    await ignored.close();
    await control.close();
    // Back to watching everything.
    await options.locator('textarea[name="ignoreHosts"]').fill('');
    await options.locator('textarea[name="ignoreHosts"]').blur();
    const local = JSON.stringify(
      await env.browser.worker.evaluate(() => chrome.storage.local.get(null)),
    );
    expect(local).not.toMatch(/Bearer|good-token|wrong-key/);
    await options.close();
  });
});

describe('popup controls', () => {
  test('filter narrows the list; clear forgets every failure and empties the badge', async () => {
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    const tab = await waitFor('the page failures', async () =>
      (await env.browser.storedTabs()).find((t) => t.sinceNavigation === 3),
    );
    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    await popup.locator('input.filter').fill('needs-key');
    await expect.poll(() => popup.locator('li.failure').count()).toBe(1);
    await popup.locator('input.filter').fill('');
    await popup.locator('[data-action="clear"]').click();
    await expect.poll(async () => (await env.browser.storedTabs()).length).toBe(0);
    await expect
      .poll(() =>
        env.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tab.tabId),
      )
      .toBe('');
    await popup.locator('[data-empty]').waitFor();
    await popup.close();
    await page.close();
  });
});
