// The playground's OAuth corner in real Chromium with the extension: each flow against the real
// provider (oidc-provider) ends with the scenario's diagnosis first in the popup, for the
// request the scenario is about. Request bodies come from webRequest.onBeforeRequest.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type OAuthCorner, startOAuthCorner } from '../../playground/oauth-corner';
import { type ChromiumSession, launchChromium, waitFor } from '../../scripts/browsers';
import { failingPath, OAUTH_SCENARIOS, popupRows, runOAuthScenario } from './support/oauth';

const DIST = resolve(import.meta.dirname, '../../dist/chrome');

let chromium: ChromiumSession;
let corner: OAuthCorner;

beforeAll(async () => {
  corner = await startOAuthCorner();
  chromium = await launchChromium(DIST);
});
afterAll(async () => {
  await chromium?.close();
  await corner?.close();
});

test.each(OAUTH_SCENARIOS.map((s) => [s.id, s] as const))(
  '%s: the popup shows the expected diagnosis first',
  async (_id, scenario) => {
    const page = await chromium.context.newPage();
    try {
      const log = await runOAuthScenario(page, corner.url, scenario.id);
      expect(log).toContain(`→ ${scenario.expectedStatus}`);
      const popup = await chromium.context.newPage();
      await popup.goto(chromium.extensionUrl('popup/index.html'));
      const rows = await waitFor('the popup row', async () => {
        const found = await popup.evaluate(popupRows);
        return found.some(([target]) => target.includes(failingPath(scenario))) ? found : undefined;
      });
      // Only the request the scenario is about failed: the token endpoint's 400 is context.
      expect(rows).toEqual([
        [expect.stringContaining(failingPath(scenario)), scenario.expectedDiagnosis],
      ]);
      await popup.close();
      if (scenario.id === 'refresh-reused') {
        // The report page's flow view: the flow's steps from the tab's context, ending here.
        const tabId = await waitFor(
          'the tab in storage',
          async () =>
            (await chromium.storedTabs()).find((t) =>
              t.failures.some((f) => f.url.includes('/api/profile')),
            )?.tabId,
        );
        const report = await chromium.context.newPage();
        await report.goto(chromium.extensionUrl(`report/index.html?tab=${tabId}`));
        const flow = report.locator('.detail [data-section="oauth-flow"] tr');
        await expect.poll(() => flow.count(), { timeout: 30_000 }).toBeGreaterThan(5);
        const kinds = await flow.evaluateAll((rows) =>
          rows.map((r) => r.getAttribute('data-kind')),
        );
        expect(kinds.slice(0, 3)).toEqual(['discovery', 'authorize', 'callback']);
        expect(kinds).toContain('token');
        expect(await flow.last().getAttribute('data-current')).toBe('yes');
        await report.close();
      }
    } finally {
      // Closing the tab forgets its failures: the next scenario's popup shows its own only.
      await page.close();
    }
  },
);
