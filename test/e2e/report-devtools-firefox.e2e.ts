// The real DevTools panel in real Firefox ESR. WebDriver BiDi cannot reach the toolbox, so this
// test speaks Marionette (support/marionette.ts): the add-on is installed temporarily, the
// auth server's page loads in a content tab, and chrome-context scripts open the toolbox on
// that tab, select the 401 Doctor panel and read the panel document (support/firefox-devtools.ts),
// then run axe-core in it.
import { expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { startAuthServer } from './support/auth-server';
import { AXE_SOURCE, type AxeViolation, expectNoBlocking, RUN_AXE } from './support/axe';
import {
  evaluateInExtensionPanel,
  open401DoctorPanel,
  type PanelSnapshot,
  readExtensionPanel,
} from './support/firefox-devtools';
import { marionetteWith, openWindow, testPageDone } from './support/firefox-extension';

const env = marionetteWith(startAuthServer);

test('the panel in the DevTools toolbox lists the inspected tab’s failures, and a new one live', async () => {
  const { firefox } = env.browser;
  const url = `${env.server.origin}/`;
  await openWindow(firefox, { url });
  await testPageDone(firefox);

  const toolId = await open401DoctorPanel(firefox, url);
  expect(toolId).toMatch(/^webext-devtools-panel-/);

  const read = () => readExtensionPanel(firefox, url, toolId);
  const listing = (count: string) =>
    waitFor(
      `the panel listing ${count} failures`,
      async () => {
        const panel = await read();
        return panel?.count === count && panel.rows.length === Number(count) ? panel : undefined;
      },
      60_000,
    );
  const paths = (panel: PanelSnapshot) =>
    panel.rows.map(
      (row) => new URL(row.url).pathname + new URL(row.url).search.replace(/\d+/, 'N'),
    );

  const panel = await listing('3');
  expect(panel.href).toMatch(/^moz-extension:\/\/[^/]+\/panel\/index\.html$/);
  expect(panel.rows.map((row) => [row.status, row.cell])).toEqual([
    ['401', '401'],
    ['401', '401'],
    ['401', '401'],
  ]);
  expect(panel.rows.every((row) => row.url.startsWith(env.server.origin))).toBe(true);
  expect(paths(panel).sort()).toEqual([
    '/api/needs-key?n=N',
    '/api/needs-token?n=N',
    '/api/needs-token?n=N&second',
  ]);

  // A failure after the panel opened shows up without reopening it.
  await firefox.setContext('content');
  await firefox.execute(
    `return fetch('/api/needs-key?live=1', { headers: { 'X-API-Key': 'wrong-key' } }).then((r) => r.status)`,
  );
  await firefox.setContext('chrome');
  const live = await listing('4');
  expect(paths(live)).toContain('/api/needs-key?live=N');

  // axe-core in the panel as the toolbox shows it (the a11y e2e files check its other home).
  const violations = await evaluateInExtensionPanel<AxeViolation[]>(
    firefox,
    url,
    toolId,
    AXE_SOURCE,
    RUN_AXE,
  );
  expect(violations).toBeDefined();
  expectNoBlocking('the DevTools panel', violations ?? []);
});
