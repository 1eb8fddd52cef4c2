// Calm on everyday browsing, in real Firefox ESR: a signed-out page's session check is expected
// and not counted, a real mistake next to it is; muting it from the popup empties the badge and
// undo brings it back; the report page (the panel's second home) mutes too.
import { describe, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import type { TabFailures } from '../../src/storage/failures';
import { firefoxWithServer } from './support/browser-with-server';

const env = firefoxWithServer();

/** Opens a test page in a new tab; resolves with its stored failures once all are there. */
async function openPage(path: string, expected: number) {
  const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
  const page = await env.browser.browser.newPage();
  await page.goto(`${env.server.origin}${path}`);
  await page.waitForSelector('body[data-done="yes"]');
  const tab = await waitFor(`the failures of ${path}`, async () => {
    const found = (await env.browser.storedTabs()).find((t) => !before.has(t.tabId));
    return found && found.failures.length === expected ? found : undefined;
  });
  return { page, tab: tab as TabFailures };
}

const action = (method: 'getBadgeText' | 'getTitle', tabId: number) =>
  env.browser.extensionPage.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: the extension page's own WebExtension global
    (m, id) => (globalThis as any).browser.action[m]({ tabId: id }) as Promise<string>,
    method,
    tabId,
  );

/** Waits until `read` gives `want` (the background updates the badge a moment later). */
const until = <T>(what: string, read: () => Promise<T>, want: T) =>
  waitFor(what, async () => ((await read()) === want ? true : undefined), 10_000);

/** Clicks the first element matching `selector` in the extension page (by its DOM, as a user). */
const click = (selector: string) =>
  env.browser.extensionPage.evaluate((s) => {
    const element = document.querySelector(s) as HTMLElement | null;
    element?.click();
    return element !== null;
  }, selector);

const count = (selector: string) =>
  env.browser.extensionPage.evaluate((s) => document.querySelectorAll(s).length, selector);

describe('Firefox ESR: expected 401s stay quiet, real mistakes stand out', () => {
  test('a signed-out page that only probes its session leaves the badge empty', async () => {
    const { page, tab } = await openPage('/only-probe', 1);
    expect(tab.failures[0]?.diagnoses[0]?.id).toBe('signed-out-probe');
    // The title is set with the badge: once it names the expected failure, the badge is final.
    await waitFor('the title', async () =>
      (await action('getTitle', tab.tabId)).includes('1 expected') ? true : undefined,
    );
    expect(await action('getBadgeText', tab.tabId)).toBe('');
    await page.close();
  });

  test('the probe plus one real mistake shows badge 1; muting it from the popup empties the badge, undo brings it back; the report page mutes too', async () => {
    const { page, tab } = await openPage('/signed-out', 2);
    expect(tab.failures.map((f) => f.diagnoses[0]?.id).sort()).toEqual([
      'placeholder-token',
      'signed-out-probe',
    ]);
    await until('badge 1', () => action('getBadgeText', tab.tabId), '1');

    await env.browser.extensionPage.evaluate(() => location.assign('/popup/index.html'));
    // The test page or the extension's own tab may be the active one: either section.
    const counted = 'section > ol.failures > li.failure';
    await waitFor('the popup rows', async () => ((await count(counted)) === 1 ? true : undefined));
    expect(
      await env.browser.extensionPage.evaluate(
        () => document.querySelector('details[data-group="expected"] summary')?.textContent,
      ),
    ).toBe('Expected while signed out: 1');
    await click(`${counted} button.toggle`);
    await waitFor('the mute button', async () =>
      (await click(`${counted} [data-action="mute-endpoint"]`)) ? true : undefined,
    );
    await until('badge empty', () => action('getBadgeText', tab.tabId), '');
    await waitFor('the row gone', async () => ((await count(counted)) === 0 ? true : undefined));
    expect(await click('[data-toast] [data-action="undo"]')).toBe(true);
    await until('badge 1 again', () => action('getBadgeText', tab.tabId), '1');
    await waitFor('the row back', async () => ((await count(counted)) === 1 ? true : undefined));

    // The report page, the panel's second home: mute from the detail view, marked muted.
    await env.browser.extensionPage.evaluate(
      (id) => location.assign(`/report/index.html?tab=${id}`),
      tab.tabId,
    );
    await waitFor('the report rows', async () => ((await count('.row')) === 2 ? true : undefined));
    await env.browser.extensionPage.evaluate(() => {
      const row = [...document.querySelectorAll('.row')].find((r) =>
        r.textContent?.includes('/api/orders/'),
      );
      row?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    await waitFor('the mute button of the orders failure', async () =>
      (await env.browser.extensionPage.evaluate(() =>
        document.querySelector('.detail-pane .detail .url')?.textContent?.includes('/api/orders/'),
      ))
        ? true
        : undefined,
    );
    expect(await click('.detail-pane [data-action="mute-endpoint"]')).toBe(true);
    await until('badge empty', () => action('getBadgeText', tab.tabId), '');
    await waitFor('marked muted', async () =>
      (await count('.row[data-muted="yes"]')) === 1 ? true : undefined,
    );
    expect(await click('[data-toast] [data-action="undo"]')).toBe(true);
    await until('badge 1 again', () => action('getBadgeText', tab.tabId), '1');
    await page.close();
  });

  test('a failure of a request made by a third-party frame is grouped under its site and does not colour the badge', async () => {
    const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
    const page = await env.browser.browser.newPage();
    await page.goto(`${env.server.origin}/framed`);
    const tab = await waitFor('the frame failure', async () =>
      (await env.browser.storedTabs()).find((t) => !before.has(t.tabId) && t.failures.length === 1),
    );
    expect(tab.failures[0]?.thirdPartyFrame).toBe('localhost');
    await waitFor('the title', async () =>
      (await action('getTitle', tab.tabId)).includes('1 from third-party frames')
        ? true
        : undefined,
    );
    expect(await action('getBadgeText', tab.tabId)).toBe('');
    await page.close();
  });
});
