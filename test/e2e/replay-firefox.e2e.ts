// Replay on the report page in real Firefox ESR (puppeteer-core over WebDriver BiDi; the
// extension's own tab navigates itself to the report page): the expired token replayed with a
// fresh one as the page is Fixed (200); a cross-origin request the page's CORS blocks fails as
// the page and succeeds from the extension; a POST asks first; hostile input stays text.
// Firefox reports no CORS preflights to extensions, so the playground's preflight scenario is
// never captured there: the CORS case edits a captured failure's URL to the cross origin.
import type { Page } from 'puppeteer-core';
import { describe, expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { waitFor } from '../../scripts/browsers';
import { firefoxWith } from './support/browser-with-server';
import { freshToken, inNewStoredTab } from './support/playground';

const env = firefoxWith(startPlayground);

/** Clicks a scenario in a new playground tab; resolves with the tab's id and the page. */
const runScenario = (id: string) =>
  inNewStoredTab(env.browser.storedTabs, id, async () => {
    const page = await env.browser.browser.newPage();
    await page.goto(env.server.url);
    await page.click(`[data-scenario="${id}"]`);
    return page;
  });

/** The extension's tab, on the report page of `tabId`, with the replay editor open. */
async function openReport(tabId: number): Promise<Page> {
  const report = env.browser.extensionPage;
  await report.bringToFront(); // clicks in a background tab wait for frames (secrets-firefox)
  await report.evaluate((id) => location.assign(`/report/index.html?tab=${id}`), tabId);
  await waitFor('the report rows', async () =>
    (await report.$('.list .row').catch(() => null)) ? true : undefined,
  );
  await report.click('[data-action="replay"]');
  await report.waitForSelector('[data-replay-editor]');
  return report;
}

/**
 * Sets a field's value as typing would end (one input event): puppeteer's Locator.fill types
 * character by character, which took longer than its timeout on a loaded machine.
 */
async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (element, text) => {
      const input = element as HTMLInputElement;
      input.focus();
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}

const attr = (page: Page, selector: string, name: string) =>
  page.$eval(selector, (e, n) => e.getAttribute(n), name).catch(() => null);

async function outcome(page: Page, mode: string) {
  const selector = `[data-replay-outcome="${mode}"]`;
  await page.waitForSelector(selector, { timeout: 30_000 });
  return {
    status: await attr(page, selector, 'data-replay-status'),
    verdict: await attr(page, selector, 'data-replay-verdict'),
    text: await page.$eval(selector, (e) => e.textContent ?? ''),
  };
}

describe('replay on the report page (Firefox)', () => {
  test('an expired token replayed as the page with a fresh one: Fixed (200), listed as a replay', async () => {
    const { tabId, page } = await runScenario('expired-jwt');
    const token = await freshToken(page);
    const report = await openReport(tabId);
    const field = '[data-replay-header="authorization"]';
    expect(await report.$eval(field, (e) => (e as HTMLInputElement).value)).toBe('');
    expect(await attr(report, field, 'type')).toBe('password');
    await fill(report, field, `Bearer ${token}`);
    await report.click('[data-action="replay-send"]');
    const result = await outcome(report, 'page');
    expect(result.status).toBe('200');
    expect(result.text).toContain('Fixed (200)');
    expect(await report.$eval('body', (e) => e.textContent ?? '')).not.toContain(token);
    const stored = await waitFor('the replay in storage', async () => {
      const tab = (await env.browser.storedTabs()).find((t) => t.tabId === tabId);
      return tab && tab.failures.length === 2 ? tab : undefined;
    });
    expect(stored.failures.map((f) => [f.status, f.replay?.mode ?? null]).sort()).toEqual([
      [200, 'page'],
      [401, null],
    ]);
    await page.close();
  });

  test('blocked by CORS as the page, fine from the extension: the outcome says the credential is fine', async () => {
    const { tabId, page } = await runScenario('expired-jwt');
    const token = await freshToken(page);
    const report = await openReport(tabId);
    // The cross origin answers the preflight of an Authorization header with 401.
    await fill(report, '[data-replay-url]', `${env.server.crossOrigin}/api/preflight-401`);
    await fill(report, '[data-replay-header="authorization"]', `Bearer ${token}`);
    await report.click('[data-action="replay-send"]');
    const asPage = await outcome(report, 'page');
    expect(asPage.status).toBe('0');
    expect(asPage.verdict).toBe('no-answer');
    await report.click('[data-replay-mode="extension"]');
    await report.click('[data-action="replay-send"]');
    const fromExtension = await outcome(report, 'extension');
    expect(fromExtension.status).toBe('200');
    expect(await report.$eval('[data-replay-policy]', (e) => e.textContent ?? '')).toMatch(
      /credential is fine.*\(CORS, cookies\) is the problem/,
    );
    await page.close();
  });

  test('a POST asks first; markup typed into the editor stays text', async () => {
    const { tabId, page } = await runScenario('bearer-undefined');
    const report = await openReport(tabId);
    await fill(report, '[data-replay-method]', 'POST');
    await report.click('[data-action="replay-send"]');
    await report.waitForSelector('[data-replay-confirm]');
    expect(await report.$('[data-replay-outcome]')).toBeNull();
    await report.click('[data-action="replay-cancel"]');
    await fill(report, '[data-replay-method]', 'GET');
    await fill(report, '[data-replay-url]', 'javascript:window.__pwned=true');
    await report.click('[data-action="replay-send"]');
    expect(await report.$eval('[data-replay-error]', (e) => e.textContent ?? '')).toMatch(
      /Only http/,
    );
    await fill(
      report,
      '[data-replay-url]',
      `${env.server.url}api/bearer-undefined?q=<img src=x onerror="window.__pwned=true">`,
    );
    await fill(
      report,
      '[data-replay-header="authorization"]',
      'Bearer <img src=x onerror="window.__pwned=true">',
    );
    await report.click('[data-action="replay-send"]');
    const result = await outcome(report, 'page');
    expect(result.status).toBe('401');
    expect(await report.$$eval('.detail img, .detail script', (e) => e.length)).toBe(0);
    expect(await report.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.close();
  });
});
