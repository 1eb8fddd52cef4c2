// Replay on the report page in real Chromium: an expired token replayed with a fresh one is
// Fixed (200); a CORS-blocked request fails as the page and succeeds from the extension, and the
// outcome says so; a POST asks first; hostile input stays text. Writes out/replay-chromium.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { startPlayground } from '../../playground/server';
import { axeViolations, expectNoBlocking } from './support/axe';
import { chromiumWith, outDir } from './support/browser-with-server';
import { expectNothingRan } from './support/nothing-ran';
import { freshToken, inNewStoredTab } from './support/playground';

const env = chromiumWith(startPlayground);

/** Clicks a scenario in a new playground tab; resolves with the tab's id and the page. */
const runScenario = (id: string) =>
  inNewStoredTab(env.browser.storedTabs, id, async () => {
    const page = await env.browser.context.newPage();
    await page.goto(env.server.url);
    await page.click(`[data-scenario="${id}"]`);
    await page.waitForSelector(`[data-result="${id}"]:not([data-status="pending"])`, {
      state: 'attached',
    });
    return page;
  });

async function openReport(tabId: number): Promise<Page> {
  const report = await env.browser.context.newPage();
  await report.setViewportSize({ width: 1280, height: 900 });
  await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tabId}`));
  await report.waitForSelector('.list .row');
  await report.click('[data-action="replay"]');
  await report.waitForSelector('[data-replay-editor]');
  return report;
}

describe('replay on the report page (Chromium)', () => {
  test('an expired token replayed as the page with a fresh one: Fixed (200), listed as a replay', async () => {
    const { tabId, page } = await runScenario('expired-jwt');
    const token = await freshToken(page);
    const report = await openReport(tabId);
    const field = report.locator('[data-replay-header="authorization"]');
    // The capture held the token masked only: an empty field, masked while typing.
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('type')).toBe('password');
    // The suggestion for jwt-expired shows the old token's claims for reference.
    await report.click('[data-suggestion="paste-fresh-token"] button');
    expect(await report.locator('[data-replay-claims]').textContent()).toContain('"exp"');
    await field.fill(`Bearer ${token}`);
    expect(await report.locator('[data-replay-mode="page"]').isChecked()).toBe(true);
    await report.click('[data-action="replay-send"]');
    const outcome = report.locator('[data-replay-outcome="page"]');
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.getAttribute('data-replay-status')).toBe('200');
    expect(await outcome.locator('[data-replay-headline]').textContent()).toBe('Fixed (200)');
    expect(await outcome.textContent()).toContain('No longer found: jwt-expired');
    // The token typed never shows as text.
    expect(await report.locator('body').textContent()).not.toContain(token);
    // The replay is in the tab's list, marked as one, and not twice (the capture left it).
    await expect
      .poll(() => report.locator('.list .row[data-replay="page"]').count(), { timeout: 15_000 })
      .toBe(1);
    const stored = (await env.browser.storedTabs()).find((t) => t.tabId === tabId);
    expect(stored?.failures.map((f) => [f.status, f.replay?.mode ?? null]).sort()).toEqual([
      [200, 'page'],
      [401, null],
    ]);
    expect(JSON.stringify(stored)).not.toContain(token);
    await report.locator('[data-replay-outcome="page"]').scrollIntoViewIfNeeded();
    await report.screenshot({ path: join(outDir(), 'replay-chromium.png') });
    // The open editor and its outcome, checked by axe-core like every page.
    expectNoBlocking('the replay editor', await axeViolations(report));
    await report.close();
    await page.close();
  });

  test('a diagnosis card offers its suggested edit next to the fix: "Replay with this fix" opens the editor with it applied', async () => {
    const { tabId, page } = await runScenario('expired-jwt');
    const report = await env.browser.context.newPage();
    await report.goto(env.browser.extensionUrl(`report/index.html?tab=${tabId}`));
    await report.waitForSelector('.list .row');
    // The editor is closed; the jwt-expired card carries the button, after its fix steps.
    expect(await report.locator('[data-replay-editor]').count()).toBe(0);
    const card = report.locator('.detail section[data-diagnosis="jwt-expired"]');
    const button = card.locator(
      '[data-card-suggestion="paste-fresh-token"] [data-action="replay-with-fix"]',
    );
    expect(await button.textContent()).toBe('Replay with this fix: Paste a fresh token');
    // Keyboard: focus the button and press Enter.
    await button.focus();
    await report.keyboard.press('Enter');
    await report.waitForSelector('[data-replay-editor]');
    const field = report.locator('[data-replay-header="authorization"]');
    // The edit is applied (the scheme, ready for the fresh token) and the field has the focus.
    expect(await field.inputValue()).toBe('Bearer ');
    await expect
      .poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 5_000 })
      .toBe(true);
    expect(await report.locator('[data-replay-claims]').textContent()).toContain('"exp"');
    await report.close();
    await page.close();
  });

  test('a CORS-blocked request: fails as the page, works from the extension, and the outcome says why', async () => {
    const { tabId, page } = await runScenario('preflight-401');
    const token = await freshToken(page);
    const report = await openReport(tabId);
    await report.locator('[data-replay-header="authorization"]').fill(`Bearer ${token}`);
    await report.click('[data-action="replay-send"]');
    const asPage = report.locator('[data-replay-outcome="page"]');
    await asPage.waitFor({ timeout: 30_000 });
    expect(await asPage.getAttribute('data-replay-status')).toBe('0');
    expect(await asPage.getAttribute('data-replay-verdict')).toBe('no-answer');
    await report.check('[data-replay-mode="extension"]');
    await report.click('[data-action="replay-send"]');
    const fromExtension = report.locator('[data-replay-outcome="extension"]');
    await fromExtension.waitFor({ timeout: 30_000 });
    expect(await fromExtension.getAttribute('data-replay-status')).toBe('200');
    expect(await report.locator('[data-replay-policy]').textContent()).toMatch(
      /credential is fine.*\(CORS, cookies\) is the problem/,
    );
    await report.close();
    await page.close();
  });

  test('a POST asks for confirmation first; hostile input stays text and runs nothing', async () => {
    const { tabId, page } = await runScenario('bearer-undefined');
    const report = await openReport(tabId);
    await report.locator('[data-replay-method]').fill('POST');
    await report.click('[data-action="replay-send"]');
    await report.waitForSelector('[data-replay-confirm]');
    expect(await report.locator('[data-replay-confirm]').textContent()).toMatch(
      /server will act on it again/,
    );
    expect(await report.locator('[data-replay-outcome]').count()).toBe(0);
    await report.click('[data-action="replay-cancel"]');
    expect(await report.locator('[data-replay-confirm]').count()).toBe(0);
    await report.locator('[data-replay-method]').fill('GET');

    // A script URL is refused before anything is sent.
    const url = report.locator('[data-replay-url]');
    const original = await url.inputValue();
    await url.fill('javascript:window.__pwned=true');
    await report.click('[data-action="replay-send"]');
    expect(await report.locator('[data-replay-error]').textContent()).toMatch(/Only http/);

    // Markup in header values and names, and in the URL: sent or refused, shown as text.
    await url.fill(`${original}&q=<img src=x onerror="window.__pwned=true">`);
    await report
      .locator('[data-replay-header="authorization"]')
      .fill('Bearer <img src=x onerror="window.__pwned=true">');
    await report.click('[data-action="replay-add-header"]');
    const names = report.locator('[data-replay-row] input[aria-label$="name"]');
    await names.last().fill('<script>window.__pwned=true</script>');
    await report.locator('[data-replay-row] input[data-replay-header]').last().fill('<b>x</b>');
    await report.click('[data-action="replay-send"]');
    const outcome = report.locator('[data-replay-outcome="page"]');
    await outcome.waitFor({ timeout: 30_000 });
    // The browser refuses the header name: no answer, said as text.
    expect(await outcome.getAttribute('data-replay-status')).toBe('0');
    await expectNothingRan(report, '.detail');
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await report.close();
    await page.close();
  });
});
