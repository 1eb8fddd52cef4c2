// No copy of a secret in anything 401 Doctor writes, in real Chromium: a playground session
// whose server echoes the token and the session header in its 401 body. The report page's
// downloads (Markdown, JSON, Sanitized HAR), the DevTools panel's (which holds the raw request
// and the body), and the Sanitized HAR of an imported recording of the same session.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { waitFor } from '../../scripts/browsers';
import { analyzeHar } from '../../src/core/har/analyze-har';
import { chromiumWith } from './support/browser-with-server';
import { copiesIn, echoedExchange, echoedHar } from './support/echoed-secrets';
import { installFakeDevtools } from './support/fake-devtools';

const scratch = mkdtempSync(join(tmpdir(), '401-doctor-secrets-'));

const env = chromiumWith(startPlayground);

/** The text of each download the page offers: Markdown, JSON and the Sanitized HAR. */
async function downloads(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const action of ['download-md', 'download-json', 'export-har']) {
    const download = page.waitForEvent('download');
    await page.click(`[data-action="${action}"]`);
    out[action] = readFileSync(await (await download).path(), 'utf8');
  }
  return out;
}

test('a session whose server echoes the token: no download holds a copy of it', async () => {
  const page = await env.browser.context.newPage();
  await page.goto(env.server.url);
  await page.click('[data-scenario="secret-echoed"]');
  await page.waitForSelector('[data-result="secret-echoed"]:not([data-status="pending"])', {
    state: 'attached',
  });
  const tab = await waitFor(
    'the secret-echoed failure in storage',
    async () =>
      (await env.browser.storedTabs()).find((t) =>
        t.failures.some((f) => f.url.includes('/api/secret-echoed')),
      ),
    60_000,
  );
  const record = tab.failures.find((f) => f.url.includes('/api/secret-echoed'));
  expect(record?.diagnoses[0]?.id).toBe('invalid-token');

  // The report page: stored records (masked at capture).
  const report = await env.browser.context.newPage();
  await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tab.tabId}`));
  await expect.poll(() => report.locator('.list .row').count(), { timeout: 30_000 }).toBe(1);
  for (const [name, text] of Object.entries(await downloads(report)))
    expect(copiesIn(text), `report ${name}`).toEqual([]);
  await report.close();

  // The panel: DevTools hands it the raw request and the echoing body.
  const panel = await env.browser.context.newPage();
  await panel.addInitScript(installFakeDevtools, { tabId: tab.tabId, theme: 'default' as const });
  await panel.goto(env.browser.extensionUrl('panel/index.html'));
  await expect.poll(() => panel.locator('.list').getAttribute('data-count')).toBe('1');
  const exchange = await echoedExchange(env.server.url);
  expect(copiesIn(exchange.body).length).toBeGreaterThan(0);
  await panel.evaluate(
    ({ url, time, requestHeaders, responseHeaders, body }) =>
      (
        window as unknown as { __finishRequest: (entry: object, body: string) => void }
      ).__finishRequest(
        {
          startedDateTime: new Date(time).toISOString(),
          time: 5,
          request: { method: 'GET', url, headers: requestHeaders },
          response: {
            status: 401,
            statusText: 'Unauthorized',
            headers: responseHeaders,
            content: { size: body.length, mimeType: 'application/json' },
          },
        },
        body,
      ),
    {
      url: record?.url ?? '',
      time: record?.time ?? Date.now(),
      requestHeaders: exchange.requestHeaders,
      responseHeaders: exchange.responseHeaders,
      body: exchange.body,
    },
  );
  await panel.locator('.list .row').first().click();
  await expect.poll(() => panel.locator('.detail').getAttribute('data-source')).toBe('devtools');
  // The body is shown, its copies of the secrets masked.
  const shown = (await panel.locator('[data-body]').textContent()) ?? '';
  expect(shown).toContain('invalid_token');
  expect(copiesIn(shown)).toEqual([]);
  const fromPanel = await downloads(panel);
  for (const [name, text] of Object.entries(fromPanel))
    expect(copiesIn(text), `panel ${name}`).toEqual([]);
  // The panel's Sanitized HAR still has the body (masked) and analyses the same way.
  expect(fromPanel['export-har']).toContain('invalid_token');
  const again = analyzeHar(fromPanel['export-har'] ?? '');
  expect(again.ok && again.report.failures[0]?.diagnoses[0]?.id).toBe('invalid-token');
  await panel.close();

  // A recording of the same session, imported: the worker's Sanitized HAR.
  const path = join(scratch, 'echoed.har');
  writeFileSync(path, await echoedHar(env.server.url));
  const imported = await env.browser.context.newPage();
  await imported.goto(env.browser.extensionUrl('report/index.html'));
  await imported.locator('[data-import-input]').setInputFiles(path);
  await expect
    .poll(() => imported.locator('[data-message]').textContent(), { timeout: 30_000 })
    .toContain('echoed.har');
  for (const [name, text] of Object.entries(await downloads(imported)))
    expect(copiesIn(text), `imported ${name}`).toEqual([]);
  await imported.close();
  await page.close();
});
