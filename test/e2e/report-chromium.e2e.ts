// The report page (report/index.html), the panel's UI as an ordinary extension page, in real
// Chromium: captured playground failures, HAR import (recorded and generated), copy as cURL,
// reports, hostile input.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Playground, startPlayground } from '../../playground/server';
import { type ChromiumSession, launchChromium, waitFor } from '../../scripts/browsers';
import { analyzeHar } from '../../src/core/har/analyze-har';
import { type AuthServer, startAuthServer } from './support/auth-server';
import { hostileHar, largeHar } from './support/generated-har';
import { expectNothingRan } from './support/nothing-ran';
import { clickable, expectedDiagnoses, scenarioOfPath } from './support/scenarios';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/chrome');
const FIXTURES = join(ROOT, 'test/fixtures/har');
const OUT = join(ROOT, 'out');
const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const TOOL = { name: '401-doctor', version: VERSION };
const NOT_IN_CHROMIUM = new Set(['proxy-407']);

let chromium: ChromiumSession;
let playground: Playground;
let server: AuthServer;
const scratch = mkdtempSync(join(tmpdir(), '401-doctor-report-'));

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  playground = await startPlayground();
  server = await startAuthServer();
  chromium = await launchChromium(DIST);
});
afterAll(async () => {
  await chromium?.close();
  await playground?.close();
  await server?.close();
});

async function openReport(query = ''): Promise<Page> {
  const page = await chromium.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(chromium.extensionUrl(`report/index.html${query}`));
  await page.waitForSelector('.doctor');
  return page;
}

async function importHar(page: Page, path: string): Promise<void> {
  await page.locator('[data-import-input]').setInputFiles(path);
}

const rows = (page: Page) => page.locator('.list .row');
const detail = (page: Page) => page.locator('.detail');

describe('report page: captured failures', () => {
  test('each playground scenario, opened as report/index.html?tab=<id>, shows its expected diagnosis first', async () => {
    const expected = expectedDiagnoses(NOT_IN_CHROMIUM);
    const tabOf: Record<string, number> = {};
    for (const scenario of clickable) {
      const before = new Set((await chromium.storedTabs()).map((t) => t.tabId));
      const page = await chromium.context.newPage();
      await page.goto(playground.url);
      await page.click(`[data-scenario="${scenario.id}"]`);
      await page.waitForSelector(`[data-result="${scenario.id}"]:not([data-status="pending"])`, {
        state: 'attached',
      });
      if (!(scenario.id in expected)) continue;
      tabOf[scenario.id] = await waitFor(
        `the tab of ${scenario.id} in storage`,
        async () => (await chromium.storedTabs()).find((t) => !before.has(t.tabId))?.tabId,
        60_000,
      );
    }
    expect(Object.keys(tabOf).sort()).toEqual(Object.keys(expected).sort());

    const report = await openReport();
    for (const [scenario, tabId] of Object.entries(tabOf)) {
      await report.goto(chromium.extensionUrl(`report/index.html?tab=${tabId}`));
      await expect.poll(() => rows(report).count(), { timeout: 30_000 }).toBeGreaterThan(0);
      const first = rows(report).first();
      const target = (await first.locator('.target').textContent()) ?? '';
      expect(scenarioOfPath(target, Object.keys(expected))).toBe(scenario);
      expect(await first.getAttribute('data-diagnosis')).toBe(expected[scenario]);
      // The detail view opens on the first row: diagnoses, most likely first.
      await expect
        .poll(() =>
          detail(report)
            .locator('[data-section="diagnoses"] [data-diagnosis]')
            .first()
            .getAttribute('data-diagnosis'),
        )
        .toBe(expected[scenario]);
      expect(await detail(report).locator('.fixes li').count()).toBeGreaterThan(0);
    }

    // The expired token, through the keyboard: focus the list, Enter opens the details.
    await report.goto(chromium.extensionUrl(`report/index.html?tab=${tabOf['expired-jwt']}`));
    await expect.poll(() => rows(report).count()).toBeGreaterThan(0);
    await report.locator('.list').focus();
    await report.keyboard.press('Home');
    await report.keyboard.press('Enter');
    await expect.poll(() => report.locator('.detail-pane').getAttribute('data-open')).toBe('yes');
    const evidence =
      (await detail(report).locator('[data-diagnosis="jwt-expired"] .evidence').textContent()) ??
      '';
    expect(evidence).toMatch(/exp/);
    // A stored record holds masked values only: the detail view decodes what it was given, or says
    // it cannot be revealed.
    const credentials = detail(report).locator('[data-section="credentials"]');
    expect(
      await credentials
        .locator('[data-jwt-claims], [data-masked-only], [data-cannot-reveal]')
        .count(),
    ).toBeGreaterThan(0);
    expect((await credentials.textContent()) ?? '').not.toMatch(
      /eyJ[\w-]{20,}\.[\w-]{10,}\.[\w-]{10,}/,
    );
    await report.screenshot({ path: join(OUT, 'report-chromium.png') });

    // Without ?tab: every tab's failures, newest first.
    await report.goto(chromium.extensionUrl('report/index.html'));
    await expect
      .poll(() => report.locator('.list').getAttribute('data-count'))
      .toBe(String(Object.keys(expected).length));
    const times = await report.evaluate(() =>
      [...document.querySelectorAll('.list .row .time')].map((e) => e.textContent ?? ''),
    );
    expect([...times].sort().reverse()).toEqual(times);

    // Filters: by diagnosis, then by text.
    await report.selectOption('[data-filter="diagnosis"]', 'jwt-expired');
    await expect.poll(() => rows(report).count()).toBe(1);
    await report.selectOption('[data-filter="diagnosis"]', '');
    await report.fill('[data-filter="text"]', 'basic');
    await expect.poll(() => rows(report).count()).toBe(2);
    await report.close();
  });

  test('markup and script from the server, the URL or the token are shown as text', async () => {
    const before = new Set((await chromium.storedTabs()).map((t) => t.tabId));
    const page = await chromium.context.newPage();
    await page.goto(`${server.origin}/hostile`);
    await page.waitForSelector('body[data-done="yes"]', { state: 'attached' });
    const tabId = await waitFor(
      'the hostile tab in storage',
      async () =>
        (await chromium.storedTabs()).find(
          (t) => !before.has(t.tabId) && t.failures.some((f) => f.url.includes('/api/hostile')),
        )?.tabId,
    );
    const report = await openReport(`?tab=${tabId}`);
    await expect.poll(() => rows(report).count()).toBeGreaterThan(0);
    const text = (await report.locator('.doctor').textContent()) ?? '';
    expect(text).toContain('onerror=window.__pwned=true');
    await expectNothingRan(report, '.doctor');
    // Clear forgets the tab's failures in the background too (records and badge).
    await report.click('[data-action="clear"]');
    await expect.poll(() => report.locator('[data-empty]').count()).toBe(1);
    await expect
      .poll(async () => (await chromium.storedTabs()).some((t) => t.tabId === tabId))
      .toBe(false);
    await report.close();
    await page.close();
  });
});

describe('report page: HAR import', () => {
  test('each recorded HAR lists the failures the command line finds; its JSON report is the CLI’s', async () => {
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.har'))) {
      // A fresh page for each file: with 15 recorded files, the eleventh JSON download clicked
      // on one page never started (each file passes alone).
      const report = await openReport();
      try {
        const path = join(FIXTURES, name);
        const cli = analyzeHar(readFileSync(path, 'utf8'), { tool: TOOL });
        if (!cli.ok) throw new Error(cli.error);
        await importHar(report, path);
        await expect
          .poll(() => report.locator('[data-message]').textContent(), { timeout: 30_000 })
          .toContain(name);
        expect(await report.locator('.list').getAttribute('data-count')).toBe(
          String(cli.report.failures.length),
        );
        if (cli.report.failures.length === 0) continue;
        expect(await rows(report).first().getAttribute('data-diagnosis')).toBe(
          cli.report.failures[0]?.diagnoses[0]?.id,
        );
        const download = report.waitForEvent('download');
        await report.click('[data-action="download-json"]');
        const saved = await (await download).path();
        expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual(
          JSON.parse(JSON.stringify(cli.report)),
        );
      } finally {
        await report.close();
      }
    }
  });

  test('an imported session decodes the JWT (claims, EXPIRED), masks the token, reveals it on demand; cURL is masked', async () => {
    const path = join(FIXTURES, 'example-session.har');
    const raw = readFileSync(path, 'utf8');
    // The token of the first entry diagnosed jwt-expired (the file holds several tokens).
    const analysed = analyzeHar(raw, { tool: TOOL });
    if (!analysed.ok) throw new Error(analysed.error);
    const index =
      analysed.report.failures.find((f) => f.diagnoses.some((d) => d.id === 'jwt-expired'))
        ?.index ?? -1;
    const har = JSON.parse(raw) as {
      log: { entries: Array<{ request: { headers: Array<{ name: string; value: string }> } }> };
    };
    const header = har.log.entries[index]?.request.headers.find(
      (h) => h.name.toLowerCase() === 'authorization',
    );
    const token = header?.value.replace(/^Bearer /, '') ?? '';
    expect(token).not.toBe('');
    const report = await openReport();
    await importHar(report, path);
    await expect
      .poll(() => report.locator('[data-message]').textContent(), { timeout: 30_000 })
      .toContain('example-session.har');
    const expired = rows(report).filter({
      has: report.locator('xpath=self::*[@data-diagnosis="jwt-expired"]'),
    });
    await expect.poll(() => expired.count()).toBeGreaterThan(0);
    await expired.first().click();
    const claims = detail(report).locator('[data-jwt-claims]').first();
    await expect.poll(() => claims.count()).toBe(1);
    expect(await claims.locator('[data-claim="exp"]').getAttribute('data-marker')).toBe('EXPIRED');
    expect(await claims.locator('[data-claim="exp"]').textContent()).toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
    );
    const value = detail(report).locator(
      '[data-credential="Authorization header"] [data-credential-value]',
    );
    expect(await value.textContent()).not.toContain(token);
    expect(await value.textContent()).toMatch(/^Bearer eyJ/);
    const curl = detail(report).locator('[data-copy="curl"]');
    expect(await curl.textContent()).toContain('Authorization: Bearer eyJh');
    expect(await curl.textContent()).not.toContain(token);
    // Copy as cURL puts the same masked text on the clipboard (recorded at the clipboard API).
    await report.evaluate(() => {
      const copied: string[] = [];
      (window as unknown as { __copied: string[] }).__copied = copied;
      navigator.clipboard.writeText = async (text: string) => {
        copied.push(text);
      };
    });
    await detail(report).locator('[data-action="copy-curl"]').click();
    await expect.poll(() => report.locator('[data-message]').textContent()).toBe('Copied cURL.');
    const copied = await report.evaluate(
      () => (window as unknown as { __copied: string[] }).__copied,
    );
    expect(copied).toHaveLength(1);
    expect(copied[0]).toBe(await curl.textContent());
    expect(copied[0]).not.toContain(token);
    // Reveal, on demand, then hide again.
    await detail(report)
      .locator('[data-credential="Authorization header"] [data-action="reveal"]')
      .click();
    await expect.poll(() => value.textContent()).toContain(token);
    expect(await curl.textContent()).toContain(token);
    await detail(report)
      .locator('[data-credential="Authorization header"] [data-action="reveal"]')
      .click();
    await expect.poll(() => value.textContent()).not.toContain(token);
    await detail(report).locator('[data-section="credentials"]').scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(OUT, 'report-har-chromium.png') });

    // The sanitized HAR: no token, no signature, and it still analyses the same way.
    const download = report.waitForEvent('download');
    await report.click('[data-action="export-har"]');
    const sanitized = readFileSync(await (await download).path(), 'utf8');
    expect(sanitized).not.toContain(token);
    expect(sanitized).not.toContain(token.split('.')[2]);
    const again = analyzeHar(sanitized, { tool: TOOL });
    expect(again.ok && again.report.failures.map((f) => f.diagnoses[0]?.id)).toEqual(
      analysed.report.failures.map((f) => f.diagnoses[0]?.id),
    );

    // The Markdown report names every failure's most likely cause and holds no secret.
    const markdownDownload = report.waitForEvent('download');
    await report.click('[data-action="download-md"]');
    const markdown = readFileSync(await (await markdownDownload).path(), 'utf8');
    expect(markdown).toContain('`jwt-expired`');
    expect(markdown).not.toContain(token);
    await report.close();
  });

  test('a generated HAR with 10 000 failures imports with progress, the page keeps answering, the list stays virtual', async () => {
    const path = join(scratch, 'large.har');
    writeFileSync(path, JSON.stringify(largeHar(10_000)));
    const report = await openReport();
    await importHar(report, path);
    await report.waitForSelector('[data-progress]', { timeout: 30_000 });
    // While the worker analyses, the page answers at once.
    let answered = 0;
    while ((await report.locator('[data-progress]').count()) > 0) {
      const started = Date.now();
      await report.evaluate(() => document.title);
      expect(Date.now() - started).toBeLessThan(2000);
      answered++;
      await report.waitForTimeout(100);
    }
    expect(answered).toBeGreaterThan(0);
    await expect
      .poll(() => report.locator('.list').getAttribute('data-count'), { timeout: 120_000 })
      .toBe('10000');
    expect(await rows(report).count()).toBeLessThan(200);
    // Scrolled to the middle, the rows there are rendered, and still only a window of them.
    await report.locator('.list').evaluate((list) => {
      list.scrollTop = 5000 * 24;
    });
    await expect
      .poll(() => report.locator('.row[data-index="5000"]').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await rows(report).count()).toBeLessThan(200);
    await report.locator('.list').focus();
    await report.keyboard.press('End');
    await expect
      .poll(() => report.locator('.row[aria-selected="true"]').getAttribute('data-index'))
      .toBe('9999');
    await report.keyboard.press('ArrowUp');
    await expect
      .poll(() => report.locator('.row[aria-selected="true"]').getAttribute('data-index'))
      .toBe('9998');
    // Filter by host.
    await report.selectOption('[data-filter="host"]', 'api7.example.test');
    await expect.poll(() => report.locator('.list').getAttribute('data-count')).toBe('500');
    await report.close();
  });

  test('a hostile HAR (markup in URL, token, challenge and body), dropped on the page, renders as text', async () => {
    const har = JSON.stringify(hostileHar());
    const report = await openReport();
    // Drag and drop: a file dropped anywhere on the page is imported.
    await report.evaluate((content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([content], 'hostile.har', { type: 'application/json' }));
      const target = document.querySelector('.doctor') as HTMLElement;
      target.dispatchEvent(
        new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }),
      );
      target.dispatchEvent(
        new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }),
      );
    }, har);
    await expect.poll(() => rows(report).count(), { timeout: 30_000 }).toBe(1);
    await rows(report).first().click();
    await expect
      .poll(() => report.locator('[data-body]').textContent())
      .toContain('<script>window.__pwned = true</script>');
    const text = (await report.locator('.doctor').textContent()) ?? '';
    expect(text).toContain('onerror=window.__pwned=true');
    await expectNothingRan(report, '.doctor');
    await report.close();
  });
});
