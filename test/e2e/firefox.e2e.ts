// Real Debian Firefox ESR with the built extension (dist/firefox) installed as a temporary
// add-on over WebDriver BiDi, as a user runs it.
import { describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import type { TabFailures } from '../../src/storage/failures';
import { firefoxWithServer } from './support/browser-with-server';

const env = firefoxWithServer();

describe('Firefox ESR: a page whose 4 requests get 3 × 401', () => {
  test('captures exactly the 3 failures with what each request carried', async () => {
    const page = await env.browser.browser.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-done="yes"]');

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
    const undefinedBearer = failures.find((f) => f.url.includes('second'));
    expect(undefinedBearer?.carried).toEqual(['authorization']);
    expect(tab?.sinceNavigation).toBe(3);
    const badge = await env.browser.extensionPage.evaluate(
      // biome-ignore lint/suspicious/noExplicitAny: the extension page's own WebExtension global
      (tabId) => (globalThis as any).browser.action.getBadgeText({ tabId }),
      tab?.tabId ?? -1,
    );
    expect(badge).toBe('3');

    // The popup, opened in the extension's own tab (same-origin navigation by the page).
    await env.browser.extensionPage.evaluate(() => location.assign('/popup/index.html'));
    const rows = await waitFor('the popup rows', async () => {
      const found = await env.browser.extensionPage
        .$$eval('li.failure .target', (items) => items.map((item) => item.textContent ?? ''))
        .catch(() => []);
      return found.length >= 3 ? found : undefined;
    });
    const host = new URL(env.server.origin).host;
    expect(rows.map((row) => row.replace(/\?.*/, '')).sort()).toEqual([
      `${host}/api/needs-key`,
      `${host}/api/needs-token`,
      `${host}/api/needs-token`,
    ]);
    await page.close();
  });

  test('the badge survives navigation: a document answered 401 counts 1 on its tab', async () => {
    // Firefox clears a tab's badge when a navigation commits. The count restarts when the
    // document is requested and the document's own 401 completes after the commit, so the
    // badge set for it stays (seen here: no re-set on tabs.onUpdated is needed).
    const page = await env.browser.browser.newPage();
    await page.goto(`${env.server.origin}/api/needs-token?document`);
    const tab = await waitFor('the document failure', async () =>
      (await env.browser.storedTabs()).find((t) =>
        t.failures.some((f) => f.url.includes('?document')),
      ),
    );
    const badge = () =>
      env.browser.extensionPage.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: the extension page's own WebExtension global
        (tabId) => (globalThis as any).browser.action.getBadgeText({ tabId }),
        tab.tabId,
      );
    await waitFor('badge 1', async () => ((await badge()) === '1' ? true : undefined), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await badge()).toBe('1');
    await page.close();
  });
});
