// Firefox's real DevTools toolbox, scripted from the chrome context over Marionette. These
// are Firefox internals (gDevTools, the toolbox, webext-panels.xhtml), not an API: if an ESR
// update moves them, the test using them says so first.
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
export const showExtensionPanel = (m: Marionette, url: string, label: string) =>
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
 * Reads the panel document. The toolbox shows an extension panel as an iframe
 * (chrome://browser/content/webext-panels.xhtml) holding a remote <browser> in the extension
 * process, so chrome code cannot reach its contentDocument: a frame script loaded into that
 * browser reads the document and messages the result back. Undefined while it is not loaded.
 */
export const readExtensionPanel = (m: Marionette, url: string, toolId: string) =>
  m.execute<PanelSnapshot | undefined>(
    `
    const [url, toolId] = arguments;
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
      const reader = () => {
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
      };
      return await new Promise((resolve) => {
        const timer = win.setTimeout(() => done(undefined), 5000);
        function done(value) {
          win.clearTimeout(timer);
          mm.removeMessageListener(name, listener);
          resolve(value);
        }
        function listener(message) {
          done(message.data);
        }
        mm.addMessageListener(name, listener);
        const source = 'const NAME = ' + JSON.stringify(name) + '; (' + reader.toString() + ')();';
        mm.loadFrameScript('data:,' + encodeURIComponent(source), false);
      });
    })();
  `,
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
      `
    const [url, toolId, setup, run] = arguments;
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
      const runner = () => {
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
      };
      return await new Promise((resolve) => {
        const timer = win.setTimeout(() => done({ error: 'no answer from the panel in 60 s' }), 60000);
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
          'const NAME = ' + JSON.stringify(name) + '; const SETUP = ' + JSON.stringify(setup) +
          '; const RUN = ' + JSON.stringify(run) + '; (' + runner.toString() + ')();';
        mm.loadFrameScript('data:,' + encodeURIComponent(source), false);
      });
    })();
  `,
      [url, toolId, setup, run],
    )
    .then((answer) => {
      if (answer?.error) throw new Error(`in the panel: ${answer.error}`);
      return answer?.value === undefined ? undefined : (JSON.parse(answer.value) as T);
    });
