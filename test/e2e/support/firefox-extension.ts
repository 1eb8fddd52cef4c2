// Firefox ESR over Marionette with the built add-on installed: the setup the Marionette tests
// share (WebDriver BiDi cannot reach the browser's chrome context, nor navigate to extension
// pages; Marionette can do both).
import { resolve } from 'node:path';
import { findFirefox, waitFor } from '../../../scripts/browsers';
import { withBrowserAndServer } from './browser-with-server';
import { launchMarionette, type Marionette } from './marionette';

const DIST = resolve(import.meta.dirname, '../../../dist/firefox');

export interface FirefoxWithExtension {
  firefox: Marionette;
  /** The add-on's id, as Firefox installed it (the manifest's gecko id). */
  addonId: string;
  /** `moz-extension://<uuid>/`: extension pages are `${base}options/index.html`, ... */
  base: string;
}

/** The URL of the welcome page the background opens on install, once a tab shows it. */
const welcomeTabUrl = (m: Marionette) =>
  m.execute<string | undefined>(`
    const win = Services.wm.getMostRecentWindow('navigator:browser');
    return win.gBrowser.tabs
      .map((tab) => tab.linkedBrowser.currentURI.spec)
      .find((url) => /^moz-extension:.*\\/welcome\\//.test(url));
  `);

/**
 * Headless Firefox with dist/firefox installed as a temporary add-on; resolves once its
 * background has run (it opens the welcome page on install). Leaves the chrome context selected.
 */
export async function launchFirefoxWithExtension(): Promise<FirefoxWithExtension> {
  const executablePath = findFirefox();
  if (!executablePath)
    throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH');
  const firefox = await launchMarionette(executablePath, {});
  const addonId = await firefox.send<string>('Addon:Install', { path: DIST, temporary: true });
  await firefox.setContext('chrome');
  const welcome = await waitFor('the welcome page of the extension', () => welcomeTabUrl(firefox));
  return { firefox, addonId, base: welcome.replace(/welcome\/.*$/, '') };
}

/**
 * A new tab (in the current window) or window, selected, in the content context; loads `url`
 * when given.
 */
export async function openWindow(
  firefox: Marionette,
  options: { type?: 'tab' | 'window'; private?: boolean; url?: string } = {},
): Promise<string> {
  await firefox.setContext('content');
  const { handle } = await firefox.send<{ handle: string }>('WebDriver:NewWindow', {
    type: options.type ?? 'tab',
    private: options.private ?? false,
  });
  await firefox.send('WebDriver:SwitchToWindow', { handle });
  if (options.url) await firefox.send('WebDriver:Navigate', { url: options.url });
  return handle;
}

/** Waits until the auth server's test page in the selected tab has sent all its requests. */
export const testPageDone = (firefox: Marionette) =>
  waitFor('the page’s requests', async () =>
    (await firefox.execute<string>('return document.body?.dataset.done')) === 'yes'
      ? true
      : undefined,
  );

/**
 * Starts `start`'s server, then Firefox with the extension (launchFirefoxWithExtension), before
 * the file's tests; closes both after them. Read them inside tests (`env.browser.firefox`).
 */
export const marionetteWith = <S extends { close(): Promise<void> }>(start: () => Promise<S>) =>
  withBrowserAndServer(async () => {
    const launched = await launchFirefoxWithExtension();
    return { ...launched, close: () => launched.firefox.close() };
  }, start);
