// Every playground scenario in real Chromium with the extension: the popup shows the
// diagnosis the scenario expects, first, for exactly the requests that failed.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { chromiumWith, outDir } from './support/browser-with-server';
import { clickable, expectedDiagnoses, scenarioOfPath } from './support/scenarios';

// Chromium turns a 407 from an origin server (not a proxy) into a network error before
// webRequest reports a status (net::ERR_UNEXPECTED_PROXY_AUTH): nothing to capture there.
const NOT_IN_CHROMIUM = new Set(['proxy-407']);

const env = chromiumWith(startPlayground);

test('each scenario, alone in its tab, shows its expected diagnosis first in the popup; the control does not appear, the 403 that carried a token does', async () => {
  // One tab per scenario: diagnoses use the tab's history, and the table says what each
  // scenario alone should give (after the control succeeds with a token, a request without
  // one is rightly "credentials-not-forwarded").
  for (const scenario of clickable) {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url);
    await page.click(`[data-scenario="${scenario.id}"]`);
    await page.waitForSelector(`[data-result="${scenario.id}"]:not([data-status="pending"])`, {
      state: 'attached',
    });
  }

  const expected = expectedDiagnoses(NOT_IN_CHROMIUM);
  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionUrl('popup/index.html'));
  const rows = popup.locator('li.failure');
  await expect.poll(() => rows.count()).toBe(Object.keys(expected).length);

  const shown: Record<string, string | null> = {};
  for (const row of await rows.all()) {
    const path = (await row.locator('.target').textContent()) ?? '';
    shown[scenarioOfPath(path, Object.keys(expected))] = await row
      .locator('[data-diagnosis]')
      .getAttribute('data-diagnosis');
  }
  expect(shown).toEqual(expected);

  // Keyboard: open the expired token's row; every diagnosis shows its evidence and fixes.
  const expired = rows.filter({ hasText: '/api/expired-jwt' });
  await expired.locator('button.toggle').focus();
  await popup.keyboard.press('Enter');
  const details = expired.locator('.details [data-diagnosis]');
  await expect.poll(() => details.count()).toBeGreaterThan(0);
  expect(await details.first().getAttribute('data-diagnosis')).toBe('jwt-expired');
  expect(await details.first().locator('.evidence').textContent()).toMatch(/exp/);
  expect(await details.first().locator('.fixes li').count()).toBeGreaterThan(0);
  await popup.setViewportSize({ width: 460, height: 720 });
  await expired.scrollIntoViewIfNeeded();
  await popup.screenshot({ path: join(outDir(), 'popup-expanded.png') });
  await popup.close();
});

test('the signed-out page asks who is signed in: listed as signed-out-probe, the badge stays empty', async () => {
  const before = new Set((await env.browser.storedTabs()).map((t) => t.tabId));
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.url}signed-out`);
  await page.waitForSelector('body[data-done="401"]', { state: 'attached' });
  expect(await page.locator('#state a').textContent()).toBe('Sign in');
  let tabId = -1;
  await expect
    .poll(async () => {
      const tab = (await env.browser.storedTabs()).find((t) => !before.has(t.tabId));
      tabId = tab?.tabId ?? -1;
      return tab?.failures.map((f) => f.diagnoses[0]?.id);
    })
    .toEqual(['signed-out-probe']);
  const title = () =>
    env.browser.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
  await expect.poll(title).toContain('1 expected');
  expect(
    await env.browser.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
  ).toBe('');
  await page.close();
});
