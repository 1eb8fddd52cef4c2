// No copy of a secret in anything 401 Doctor writes, in real Firefox ESR (puppeteer-core over
// WebDriver BiDi): a playground session whose server echoes the token and the session header
// in its 401 body. The report page's downloads (Markdown, JSON, Sanitized HAR) of the captured
// failure, and those of an imported recording of the same session (sanitized in its worker).
// BiDi does not hand over downloads here: the page's blobs are read as they are created.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { waitFor } from '../../scripts/browsers';
import { analyzeHar } from '../../src/core/har/analyze-har';
import { firefoxWith } from './support/browser-with-server';
import { copiesIn, echoedHar } from './support/echoed-secrets';

const scratch = mkdtempSync(join(tmpdir(), '401-doctor-secrets-'));

const env = firefoxWith(startPlayground);

/** Keeps the text of every blob the page creates (what a download would save), saves nothing. */
async function captureDownloads(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __saved: string[] };
    w.__saved = [];
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) void blob.text().then((text) => w.__saved.push(text));
      return create(blob);
    };
    HTMLAnchorElement.prototype.click = () => undefined;
  });
}

/** The text of each download the page offers: Markdown, JSON and the Sanitized HAR. */
async function downloads(page: Page): Promise<Record<string, string>> {
  await captureDownloads(page);
  const out: Record<string, string> = {};
  for (const action of ['download-md', 'download-json', 'export-har']) {
    const before = await page.evaluate(
      () => (window as unknown as { __saved: string[] }).__saved.length,
    );
    await page.click(`[data-action="${action}"]`);
    out[action] = await waitFor(`the ${action} download`, async () =>
      page.evaluate((n) => (window as unknown as { __saved: string[] }).__saved[n], before),
    );
  }
  return out;
}

test('a session whose server echoes the token: no download holds a copy of it', async () => {
  const page = await env.browser.browser.newPage();
  await page.goto(env.server.url);
  await page.click('[data-scenario="secret-echoed"]');
  await page.waitForSelector('[data-result="secret-echoed"]:not([data-status="pending"])');
  const tab = await waitFor(
    'the secret-echoed failure in storage',
    async () =>
      (await env.browser.storedTabs()).find((t) =>
        t.failures.some((f) => f.url.includes('/api/secret-echoed')),
      ),
    60_000,
  );
  expect(tab.failures.find((f) => f.url.includes('/api/secret-echoed'))?.diagnoses[0]?.id).toBe(
    'invalid-token',
  );

  const report = env.browser.extensionPage;
  // A tab behind another gets no animation frames in Firefox, and puppeteer's click waits for
  // some: in the background a click took 2–13 s, and now and then the test timed out.
  await report.bringToFront();
  await report.evaluate((id) => location.assign(`/report/index.html?tab=${id}`), tab.tabId);
  await waitFor('the report row', async () =>
    (await report.$$('.list .row').catch(() => [])).length === 1 ? true : undefined,
  );
  for (const [name, text] of Object.entries(await downloads(report)))
    expect(copiesIn(text), `report ${name}`).toEqual([]);

  // A recording of the same session, imported and sanitized in the page's worker.
  const path = join(scratch, 'echoed.har');
  writeFileSync(path, await echoedHar(env.server.url));
  const input = (await report.$(
    'input[data-import-input]',
  )) as ElementHandle<HTMLInputElement> | null;
  await input?.uploadFile(path);
  await waitFor(
    'the import message',
    async () => {
      const text = await report.$eval('[data-message]', (e) => e.textContent ?? '').catch(() => '');
      return text.includes('echoed.har') ? text : undefined;
    },
    60_000,
  );
  const imported = await downloads(report);
  for (const [name, text] of Object.entries(imported))
    expect(copiesIn(text), `imported ${name}`).toEqual([]);
  expect(imported['export-har']).toContain('invalid_token');
  const again = analyzeHar(imported['export-har'] ?? '');
  expect(again.ok && again.report.failures[0]?.diagnoses[0]?.id).toBe('invalid-token');
  await page.close();
});
