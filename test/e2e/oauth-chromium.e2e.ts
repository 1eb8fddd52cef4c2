// The playground's OAuth corner in real Chromium with the extension: each flow against the real
// provider (oidc-provider) ends with the scenario's diagnosis first in the popup, for the
// request the scenario is about, and the report page's flow view shows the flow (for
// refresh-and-retry, the refresh and the retry after the failure). Request bodies come from
// webRequest.onBeforeRequest.
import { expect, test } from 'vitest';
import { startOAuthCorner } from '../../playground/oauth-corner';
import { waitFor } from '../../scripts/browsers';
import { chromiumWith } from './support/browser-with-server';
import {
  FLOW_CHECKS,
  type FlowRow,
  failingPath,
  OAUTH_SCENARIOS,
  popupRows,
  reportFlowRows,
  runOAuthScenario,
} from './support/oauth';

const env = chromiumWith(startOAuthCorner);

test.each(OAUTH_SCENARIOS.map((s) => [s.id, s] as const))(
  '%s: the expected diagnosis first in the popup (and the flow view, for the flow scenarios)',
  async (_id, scenario) => {
    const { browser: chromium, server: corner } = env;
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
      const flowCheck = FLOW_CHECKS[scenario.id];
      if (flowCheck) {
        // The report page's flow view: the flow's steps from the tab's context.
        const tabId = await waitFor(
          'the tab in storage',
          async () =>
            (await chromium.storedTabs()).find((t) =>
              t.failures.some((f) => f.url.includes(failingPath(scenario))),
            )?.tabId,
        );
        const report = await chromium.context.newPage();
        await report.goto(chromium.extensionUrl(`report/index.html?tab=${tabId}`));
        let rows: FlowRow[] = [];
        await waitFor(
          'the flow view',
          async () => {
            rows = await report.evaluate(reportFlowRows).catch(() => []);
            return flowCheck(rows) || undefined;
          },
          30_000,
        ).catch(() => expect(rows).toBe('the flow view of the scenario'));
        await report.close();
      }
    } finally {
      // Closing the tab forgets its failures: the next scenario's popup shows its own only.
      await page.close();
    }
  },
);
