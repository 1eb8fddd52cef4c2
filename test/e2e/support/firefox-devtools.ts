// Firefox's real DevTools toolbox, scripted from the chrome context over Marionette. These
// are Firefox internals (gDevTools, the toolbox, webext-panels.xhtml), not an API: if an ESR
// update moves them, the test using them says so first.
import { waitFor } from '../../../scripts/browsers';
import type { Marionette } from './marionette';

/** What the panel document shows, read inside the panel's own (extension) process. */
export interface PanelSnapshot {
  href: string;
  /** `.list`'s data-count, if the list is rendered. */
  count?: string;
  rows: { status: string; cell: string; url: string }[];
}

// The DevTools loader: gDevTools is a CommonJS module of DevTools, not an ES module.
const GDEVTOOLS = `
  const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
  const { gDevTools } = require('devtools/client/framework/devtools');
  const win = Services.wm.getMostRecentWindow('navigator:browser');
`;

/**
 * Selects the tab showing `url`, opens the toolbox on it and waits for the extension's panel
 * (its tool id is `webext-devtools-panel-…`, registered once the extension's devtools page
 * has run), then selects it. Resolves with the tool id, or undefined while not there yet.
 */
const showExtensionPanel = (m: Marionette, url: string, label: string) =>
  m.execute<string | undefined>(
    `
    const [url, label] = arguments;
    ${GDEVTOOLS}
    return (async () => {
      const tab = win.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === url);
      if (!tab) return undefined;
      win.gBrowser.selectedTab = tab;
      const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: 'webconsole' });
      const tool = toolbox.getAdditionalTools().find((d) => d.label === label);
      if (!tool) return undefined;
      await toolbox.selectTool(tool.id);
      return toolbox.currentToolId === tool.id ? tool.id : undefined;
    })();
  `,
    [url, label],
  );

/**
 * Opens the toolbox on the tab showing `url` and selects the 401 Doctor panel (waiting up to
 * 60 s for it); resolves with its tool id. Leaves the chrome context selected.
 */
export async function open401DoctorPanel(m: Marionette, url: string): Promise<string> {
  await m.setContext('chrome');
  return waitFor(
    'the 401 Doctor panel in the toolbox',
    () => showExtensionPanel(m, url, '401 Doctor'),
    60_000,
  );
}

/**
 * A chrome-context script (for execute, with `url`, `toolId` and then `names` as its arguments)
 * that loads `frameScript` (a function's source) as a frame script into the panel's <browser>,
 * with `NAME` and each of `names` defined as constants before it, and resolves with the data the
 * frame script sends under NAME, or with `onTimeout` after `timeoutMs`. Undefined while the panel
 * is not loaded. The toolbox shows an extension panel as an iframe
 * (chrome://browser/content/webext-panels.xhtml) holding a remote <browser> in the extension
 * process, so chrome code cannot reach its contentDocument: only a frame script can.
 */
const inPanelBrowser = (
  names: string[],
  frameScript: string,
  timeoutMs: number,
  onTimeout: string,
) => `
    const [url, toolId, ${names.join(', ')}] = arguments;
    ${GDEVTOOLS}
    return (async () => {
      const tab = win.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === url);
      const toolbox = tab && gDevTools.getToolboxForTab(tab);
      const iframe = toolbox?.doc.getElementById('toolbox-panel-iframe-' + toolId);
      const browser = iframe?.contentDocument?.querySelector('browser');
      if (!browser?.messageManager || !browser.currentURI?.spec.endsWith('/panel/index.html'))
        return undefined;
      const mm = browser.messageManager;
      const name = '401-doctor-e2e:' + Math.random();
      const constants = { NAME: name, ${names.join(', ')} };
      const frameScript = ${frameScript};
      return await new Promise((resolve) => {
        const timer = win.setTimeout(() => done(${onTimeout}), ${timeoutMs});
        function done(value) {
          win.clearTimeout(timer);
          mm.removeMessageListener(name, listener);
          resolve(value);
        }
        function listener(message) {
          done(message.data);
        }
        mm.addMessageListener(name, listener);
        const source =
          Object.entries(constants)
            .map(([key, value]) => 'const ' + key + ' = ' + JSON.stringify(value) + ';')
            .join(' ') +
          ' (' + frameScript.toString() + ')();';
        mm.loadFrameScript('data:,' + encodeURIComponent(source), false);
      });
    })();
  `;

/**
 * Reads the panel document, inside the panel's own (extension) process. Undefined while it is
 * not loaded.
 */
export const readExtensionPanel = (m: Marionette, url: string, toolId: string) =>
  m.execute<PanelSnapshot | undefined>(
    inPanelBrowser(
      [],
      `() => {
        const doc = content.document;
        sendAsyncMessage(NAME, {
          href: content.location.href,
          count: doc.querySelector('.list')?.dataset.count,
          rows: [...doc.querySelectorAll('.list .row')].map((row) => ({
            status: row.dataset.status ?? '',
            cell: row.querySelector('.cell.status')?.textContent ?? '',
            url: row.querySelector('.cell.target')?.title ?? '',
          })),
        });
      }`,
      5000,
      'undefined',
    ),
    [url, toolId],
  );

/**
 * Runs `run` (an expression resolving to JSON-able data) in the panel document after the script
 * `setup`, as readExtensionPanel reaches it: a frame script in the panel's browser evaluates both
 * in a sandbox whose prototype is the panel's window (no Xrays: the page's own DOM and globals).
 * Used for axe-core. Undefined while the panel is not loaded.
 */
export const evaluateInExtensionPanel = <T>(
  m: Marionette,
  url: string,
  toolId: string,
  setup: string,
  run: string,
) =>
  m
    .execute<{ value?: string; error?: string } | undefined>(
      inPanelBrowser(
        ['SETUP', 'RUN'],
        `() => {
          const { utils } = Components;
          const sandbox = utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
          Promise.resolve()
            .then(() => {
              utils.evalInSandbox(SETUP, sandbox);
              return utils.evalInSandbox(RUN, sandbox);
            })
            .then(
              (value) => sendAsyncMessage(NAME, { value: JSON.stringify(value) }),
              (error) => sendAsyncMessage(NAME, { error: String(error) }),
            );
        }`,
        60000,
        `{ error: 'no answer from the panel in 60 s' }`,
      ),
      [url, toolId, setup, run],
    )
    .then((answer) => {
      if (answer?.error) throw new Error(`in the panel: ${answer.error}`);
      return answer?.value === undefined ? undefined : (JSON.parse(answer.value) as T);
    });
