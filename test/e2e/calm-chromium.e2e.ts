// Calm on everyday browsing, in real Chromium: a signed-out page's session check is expected
// and not counted, a real mistake next to it is; muting from the popup and from the panel (its
// second home, the report page) removes a failure from the badge, and undo brings it back.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import type { TabFailures } from '../../src/storage/failures';
import { axeViolations, expectNoBlocking } from './support/axe';
import { chromiumWithServer } from './support/browser-with-server';

/** axe on the page as it is now (the new controls open): no serious or critical violation. */
const expectAccessible = async (page: Page, where: string) =>
  expectNoBlocking(where, await axeViolations(page));

const env = chromiumWithServer();

/** Opens a test page in a new tab; resolves with its stored failures once all are there. */
async function openPage(path: string): Promise<{ page: Page; tab: TabFailures }> {
  const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.origin}${path}`);
  await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
  const expected = path === '/signed-out' ? 2 : 1;
  let tab: TabFailures | undefined;
  await expect
    .poll(async () => {
      tab = (await env.browser.storedTabs()).find((t) => !before.has(t.tabId));
      return tab?.failures.length;
    })
    .toBe(expected);
  return { page, tab: tab as TabFailures };
}

const badge = (tabId: number) =>
  env.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
const title = (tabId: number) =>
  env.browser.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);

describe('Chromium: expected 401s stay quiet, real mistakes stand out', () => {
  test('a signed-out page that only probes its session leaves the badge empty', async () => {
    const { page, tab } = await openPage('/only-probe');
    expect(tab.failures[0]?.diagnoses[0]?.id).toBe('signed-out-probe');
    // The title is set with the badge: once it names the expected failure, the badge is final.
    await expect.poll(() => title(tab.tabId)).toContain('1 expected');
    expect(await badge(tab.tabId)).toBe('');
    expect(await title(tab.tabId)).toContain('no authentication failures');
    await page.close();
  });

  test('the probe plus one real mistake shows badge 1; muting the mistake from the popup empties it, undo brings it back', async () => {
    const { page, tab } = await openPage('/signed-out');
    const ids = Object.fromEntries(
      tab.failures.map((f) => [new URL(f.url).pathname.split('/')[2], f.diagnoses[0]?.id]),
    );
    expect(ids).toEqual({ me: 'signed-out-probe', orders: 'placeholder-token' });
    await expect.poll(() => badge(tab.tabId)).toBe('1');
    expect(await title(tab.tabId)).toMatch(/1 authentication failure[\s\S]*1 expected/);

    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    // The popup opened as a tab is itself the active tab: the failures are under "Other tabs".
    const section = popup.locator('[data-section="other"]').first();
    const counted = section.locator(':scope > ol.failures > li.failure');
    await expect.poll(() => counted.count()).toBe(1);
    expect(await counted.locator('.target').textContent()).toContain('/api/orders/');
    const quiet = section.locator('details[data-group="expected"]');
    expect(await quiet.locator('summary').textContent()).toBe('Expected while signed out: 1');
    expect(await quiet.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

    // Mute the endpoint, from the keyboard: Why, then the mute button.
    await counted.locator('button.toggle').focus();
    await popup.keyboard.press('Enter');
    await counted.locator('[data-action="mute-endpoint"]').focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('[data-toast]').textContent()).toContain('/api/orders/*');
    await expect.poll(() => badge(tab.tabId)).toBe('');
    await expect.poll(() => counted.count()).toBe(0);
    expect(await section.locator('[data-muted-count]').getAttribute('data-muted-count')).toBe('1');
    await quiet.locator('summary').click(); // the quiet group opens like any disclosure
    await expectAccessible(popup, 'popup with the toast and the quiet group open');
    // Still stored, for the panel.
    expect(
      (await env.browser.storedTabs()).find((t) => t.tabId === tab.tabId)?.failures,
    ).toHaveLength(2);

    await popup.locator('[data-toast] [data-action="undo"]').click();
    await expect.poll(() => badge(tab.tabId)).toBe('1');
    await expect.poll(() => counted.count()).toBe(1);
    await popup.close();
    await page.close();
  });

  test('muting from the panel (the report page) marks the failure muted there and empties the badge; undo brings it back; the options page lists and removes mutes', async () => {
    const { page, tab } = await openPage('/signed-out');
    await expect.poll(() => badge(tab.tabId)).toBe('1');
    const report = await env.browser.context.newPage();
    await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tab.tabId}`));
    const row = report.locator('.row', { hasText: '/api/orders/' });
    await row.click();
    await report.locator('.detail-pane [data-action="mute-endpoint"]').click();
    await expect.poll(() => badge(tab.tabId)).toBe('');
    await expect.poll(() => row.getAttribute('data-muted')).toBe('yes');
    expect(await report.locator('.detail-pane [data-muted="yes"]').textContent()).toContain(
      'Muted',
    );
    await expectAccessible(report, 'report page with a muted failure and the toast');
    await report.locator('[data-toast] [data-action="undo"]').click();
    await expect.poll(() => badge(tab.tabId)).toBe('1');
    await expect.poll(() => row.getAttribute('data-muted')).toBe(null);

    // Mute the whole site, then remove it from the options page.
    await report.locator('.detail-pane [data-action="mute-site"]').click();
    await expect.poll(() => badge(tab.tabId)).toBe('');
    const options = await env.browser.context.newPage();
    await options.goto(env.browser.extensionUrl('options/index.html'));
    const listed = options.locator('[data-mute]');
    await expect.poll(() => listed.count()).toBe(1);
    expect(await listed.getAttribute('data-mute')).toContain('127.0.0.1');
    await listed.getByRole('button', { name: /Remove the mute/ }).click();
    await expect.poll(() => badge(tab.tabId)).toBe('1');
    await expect.poll(() => options.locator('[data-mutes="none"]').count()).toBe(1);
    for (const p of [options, report, page]) await p.close();
  });

  test('a failure of a request made by a third-party frame is grouped under its site and does not colour the badge', async () => {
    const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
    const page = await env.browser.context.newPage();
    await page.goto(`${env.server.origin}/framed`);
    let tab: TabFailures | undefined;
    await expect
      .poll(async () => {
        tab = (await env.browser.storedTabs()).find((t) => !before.has(t.tabId));
        return tab?.failures.length;
      })
      .toBe(1);
    const failure = tab?.failures[0];
    expect(new URL(failure?.url ?? '').host).toContain('localhost');
    expect(failure?.thirdPartyFrame).toBe('localhost');
    const tabId = tab?.tabId ?? -1;
    await expect.poll(() => title(tabId)).toContain('1 from third-party frames');
    expect(await badge(tabId)).toBe('');
    const popup = await env.browser.context.newPage();
    await popup.goto(env.browser.extensionUrl('popup/index.html'));
    const group = popup.locator('details[data-group="third-party"][data-site="localhost"]');
    await expect
      .poll(() => group.locator('summary').textContent())
      .toBe('From third-party frames of localhost: 1');
    await popup.close();
    await page.close();
  });
});
