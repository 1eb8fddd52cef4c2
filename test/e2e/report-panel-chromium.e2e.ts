// The DevTools panel page in real Chromium, run as an ordinary tab with a stand-in `devtools`
// namespace (support/fake-devtools.ts): live failures of the inspected tab from
// storage.session, the DevTools theme, and enrichment by a network entry with its body.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { chromiumWithServer, outDir, testPageTab } from './support/browser-with-server';
import { installFakeDevtools } from './support/fake-devtools';

const env = chromiumWithServer();

test('the panel lists the inspected tab’s failures live, follows the dark theme, and a DevTools entry adds the raw request and body', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.server.origin}/`);
  await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
  const tab = await testPageTab(env.browser.storedTabs, env.server.origin);

  const panel = await env.browser.context.newPage();
  await panel.setViewportSize({ width: 1200, height: 700 });
  await panel.addInitScript(installFakeDevtools, { tabId: tab.tabId, theme: 'dark' as const });
  await panel.goto(env.browser.extensionUrl('panel/index.html'));
  await panel.waitForSelector('.doctor');
  expect(await panel.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect.poll(() => panel.locator('.list').getAttribute('data-count')).toBe('3');

  // Live: a new failure in the inspected tab appears without reloading the panel.
  await page.evaluate(() => fetch('/api/needs-token?live=1'));
  await expect
    .poll(() => panel.locator('.list').getAttribute('data-count'), { timeout: 30_000 })
    .toBe('4');

  // DevTools reports the API-key request, with its headers and body.
  const record = tab.failures.find((f) => f.url.includes('/api/needs-key'));
  if (!record) throw new Error('no needs-key failure');
  await panel.evaluate(
    ({ url, time }) =>
      (
        window as unknown as { __finishRequest: (entry: object, body: string) => void }
      ).__finishRequest(
        {
          startedDateTime: new Date(time).toISOString(),
          time: 5,
          request: {
            method: 'GET',
            url,
            headers: [
              { name: 'X-API-Key', value: 'wrong-key' },
              { name: 'Accept', value: '*/*' },
            ],
          },
          response: {
            status: 401,
            statusText: 'Unauthorized',
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            content: { size: 27, mimeType: 'application/json' },
          },
        },
        '{"error":"invalid api key"}',
      ),
    { url: record.url, time: record.time },
  );
  const row = panel.locator('.list .row').filter({ hasText: '/api/needs-key' });
  await row.click();
  await expect.poll(() => panel.locator('.detail').getAttribute('data-source')).toBe('devtools');
  expect(await panel.locator('[data-body]').textContent()).toContain('"error": "invalid api key"');
  const value = panel.locator('[data-credential="x-api-key header" i] [data-credential-value]');
  expect(await value.textContent()).not.toContain('wrong-key');
  await panel.locator('[data-credential="x-api-key header" i] [data-action="reveal"]').click();
  await expect.poll(() => value.textContent()).toContain('wrong-key');
  await panel.locator('[data-credential="x-api-key header" i] [data-action="reveal"]').click();
  await expect.poll(() => value.textContent()).not.toContain('wrong-key');
  await panel.screenshot({ path: join(outDir(), 'panel-chromium.png') });

  // Nothing the panel saw was written anywhere.
  const stored = await env.browser.worker.evaluate(async () =>
    JSON.stringify([await chrome.storage.session.get(null), await chrome.storage.local.get(null)]),
  );
  expect(stored).not.toContain('wrong-key');
  await panel.close();
  await page.close();
});
