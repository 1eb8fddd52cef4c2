// Private windows, in real Firefox ESR over Marionette: nothing is captured there until the user
// allows the extension in private windows; once allowed, failures there are captured like any
// other. (private-chromium.e2e.ts checks the same in Chromium's incognito windows.)
// Marionette quirk seen with ESR 153: navigating the reader tab to the extension page again
// before each read made Marionette lose it ("Unable to locate window"); the reader navigates
// once, and a new one is opened after the add-on restarts.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { type AuthServer, FAILING_PATHS, startAuthServer } from './support/auth-server';
import { launchFirefoxWithExtension, openWindow, testPageDone } from './support/firefox-extension';
import type { Marionette } from './support/marionette';

let firefox: Marionette;
let addonId: string;
let server: AuthServer;
/** moz-extension://<uuid>/ */
let base: string;
/** A normal tab kept on an extension page, to read the extension's storage from. */
let reader: string;
/** A normal tab for the test page. */
let normalTab: string;

/** Loads the test page (three failing requests, one success) in `handle`, and waits for them. */
async function loadTestPage(handle: string, tag: string): Promise<void> {
  await firefox.send('WebDriver:SwitchToWindow', { handle });
  await firefox.send('WebDriver:Navigate', { url: `${server.origin}/?${tag}` });
  await testPageDone(firefox);
}

/** A normal tab on an extension page, to read the extension's storage from. */
async function openReader(): Promise<string> {
  await firefox.send('WebDriver:SwitchToWindow', { handle: normalTab });
  return openWindow(firefox, { url: `${base}welcome/index.html` });
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
  ({ firefox, addonId, base } = await launchFirefoxWithExtension());
  normalTab = await openWindow(firefox);
  reader = await openReader();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test('a private window is not watched until the user allows the extension there', async () => {
  const privateWindow = await openWindow(firefox, { type: 'window', private: true });
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
    [addonId],
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
