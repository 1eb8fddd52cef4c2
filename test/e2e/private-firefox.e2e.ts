// Private windows, in real Firefox ESR over Marionette: nothing is captured there until the user
// allows the extension in private windows; once allowed, failures there are captured like any
// other. (private-chromium.e2e.ts checks the same in Chromium's incognito windows.)
// Marionette quirk seen with ESR 153: navigating the reader tab to the extension page again
// before each read made Marionette lose it ("Unable to locate window"); the reader navigates
// once, and a new one is opened after the add-on restarts.
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findFirefox, waitFor } from '../../scripts/browsers';
import { type AuthServer, FAILING_PATHS, startAuthServer } from './support/auth-server';
import { hasWelcomeTab } from './support/firefox-devtools';
import { launchMarionette, type Marionette } from './support/marionette';

const DIST = resolve(import.meta.dirname, '../../dist/firefox');
const ADDON_ID = '401-doctor@401doctor.dev';

let firefox: Marionette;
let server: AuthServer;
/** moz-extension://<uuid>/ */
let base: string;
/** A normal tab kept on an extension page, to read the extension's storage from. */
let reader: string;
/** A normal tab for the test page. */
let normalTab: string;

/** A new tab (in the current window) or window. */
async function newWindow(type: 'tab' | 'window', isPrivate = false): Promise<string> {
  await firefox.setContext('content');
  const { handle } = await firefox.send<{ handle: string }>('WebDriver:NewWindow', {
    type,
    private: isPrivate,
  });
  await firefox.send('WebDriver:SwitchToWindow', { handle });
  return handle;
}

/** Loads the test page (three failing requests, one success) in `handle`, and waits for them. */
async function loadTestPage(handle: string, tag: string): Promise<void> {
  await firefox.send('WebDriver:SwitchToWindow', { handle });
  await firefox.send('WebDriver:Navigate', { url: `${server.origin}/?${tag}` });
  await waitFor('the page’s requests', async () =>
    (await firefox.execute<string>('return document.body?.dataset.done')) === 'yes'
      ? true
      : undefined,
  );
}

/** A normal tab on an extension page, to read the extension's storage from. */
async function openReader(): Promise<string> {
  await firefox.send('WebDriver:SwitchToWindow', { handle: normalTab });
  const handle = await newWindow('tab');
  await firefox.send('WebDriver:Navigate', { url: `${base}welcome/index.html` });
  return handle;
}

/** The URLs of the failures the extension keeps (read from its storage.session). */
async function capturedUrls(): Promise<string[]> {
  await firefox.send('WebDriver:SwitchToWindow', { handle: reader });
  return firefox.execute<string[]>(`
    return browser.storage.session.get(null).then((all) =>
      Object.entries(all).filter(([key]) => key.startsWith('f:')).map(([, record]) => record.url),
    );
  `);
}

const isPrivateWindow = (handle: string) =>
  firefox
    .send('WebDriver:SwitchToWindow', { handle })
    .then(() => firefox.setContext('chrome'))
    .then(() =>
      firefox.execute<boolean>(
        'return PrivateBrowsingUtils.isWindowPrivate(Services.wm.getMostRecentWindow("navigator:browser"))',
      ),
    )
    .finally(() => firefox.setContext('content'));

beforeAll(async () => {
  server = await startAuthServer();
  const executablePath = findFirefox();
  if (!executablePath)
    throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH');
  firefox = await launchMarionette(executablePath, {});
  await firefox.send('Addon:Install', { path: DIST, temporary: true });
  await firefox.setContext('chrome');
  const welcome = await waitFor('the welcome page of the extension', async () =>
    (await hasWelcomeTab(firefox))
      ? firefox.execute<string>(`
          const win = Services.wm.getMostRecentWindow('navigator:browser');
          return win.gBrowser.tabs
            .map((t) => t.linkedBrowser.currentURI.spec)
            .find((url) => url.includes('/welcome/'));
        `)
      : undefined,
  );
  base = welcome.replace(/welcome\/.*$/, '');
  normalTab = await newWindow('tab');
  reader = await openReader();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test('a private window is not watched until the user allows the extension there', async () => {
  const privateWindow = await newWindow('window', true);
  expect(await isPrivateWindow(privateWindow)).toBe(true);
  await loadTestPage(privateWindow, 'private');
  // The same page in a normal tab afterwards: once its failures are stored, the private
  // window's (sent earlier) would have been too.
  await loadTestPage(normalTab, 'normal');
  const urls = await waitFor('the normal tab’s failures', async () => {
    const found = await capturedUrls();
    return found.length >= FAILING_PATHS.length + 1 ? found : undefined;
  });
  expect(await firefox.execute('return browser.extension.isAllowedIncognitoAccess()')).toBe(false);
  // The normal tab's three failures, and nothing from the private window: one tab's history.
  expect(urls).toHaveLength(FAILING_PATHS.length + 1);
  expect(urls.every((url) => url.startsWith(`${server.origin}/api/needs-`))).toBe(true);
  const tabsWithHistory = await firefox.execute<number[]>(`
    return browser.storage.session.get(null).then((all) =>
      Object.entries(all).filter(([key]) => key.startsWith('tab:')).map(([, index]) => index.tabId),
    );
  `);
  expect(tabsWithHistory).toHaveLength(1);

  // The user allows it in private windows (about:addons, "Run in Private Windows"): the
  // add-on restarts with the permission, and the private window is watched.
  await firefox.setContext('chrome');
  await firefox.execute(
    `
    const { ExtensionPermissions } = ChromeUtils.importESModule(
      'resource://gre/modules/ExtensionPermissions.sys.mjs',
    );
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    return ExtensionPermissions.add(arguments[0], {
      permissions: ['internal:privateBrowsingAllowed'],
      origins: [],
    })
      .then(() => AddonManager.getAddonByID(arguments[0]))
      .then((addon) => addon.reload());
  `,
    [ADDON_ID],
  );
  await firefox.setContext('content');
  // Restarting closed the extension's pages: a new one reads its storage.
  reader = await waitFor('the add-on to restart with private access', async () => {
    const handle = await openReader();
    return (await firefox.execute<boolean>('return browser.extension.isAllowedIncognitoAccess()'))
      ? handle
      : undefined;
  });
  const before = (await capturedUrls()).length;
  await loadTestPage(privateWindow, 'private-allowed');
  const after = await waitFor('the private window’s failures', async () => {
    const found = await capturedUrls();
    return found.length >= before + FAILING_PATHS.length + 1 ? found : undefined;
  });
  expect(after.filter((url) => url.includes('/api/needs-')).length).toBeGreaterThanOrEqual(3);
});
