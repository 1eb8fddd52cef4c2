// Desktop notifications, end to end in real Firefox ESR over Marionette: the options page asks
// for the optional permission on the user's click (the browser's own prompt, answered from the
// chrome context), failures become one grouped notification naming the top diagnosis, and
// clicking it opens the report of the tab.
//
// Headless Firefox has no desktop to show alerts on, so the chrome context puts a recording
// alerts service in place of the system one (registered for "@mozilla.org/alerts-service;1",
// which the WebExtension notifications code asks for at each notification). What the
// extension passes to it, and the click it sends back, are the real ones. Chromium is not
// covered: its permission prompt cannot be answered from a test.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { DIAGNOSIS_KINDS, type DiagnosisId } from '../../src/core/diagnosis-kinds';
import { type AuthServer, startAuthServer } from './support/auth-server';
import { launchFirefoxWithExtension, openWindow } from './support/firefox-extension';
import type { Marionette } from './support/marionette';

let firefox: Marionette;
let server: AuthServer;
/** moz-extension://<uuid>/ */
let base: string;

interface ShownAlert {
  title: string;
  text: string;
  name: string;
}

// Chrome-context helpers. The recorded alerts live on the browser window, which outlives the
// sandbox each script runs in.
const WINDOW = `const win = Services.wm.getMostRecentWindow('navigator:browser');`;

const installRecordingAlerts = () =>
  firefox.execute(`
    ${WINDOW}
    win.__alerts = [];
    const service = {
      QueryInterface: ChromeUtils.generateQI(['nsIAlertsService']),
      showAlert(alert, listener) {
        const { title, text, name, cookie } = alert;
        win.__alerts.push({ title, text, name, cookie, listener });
      },
      // Firefox ESR 140 calls this older form (image, title, text, clickable, cookie, listener,
      // name); later versions call showAlert.
      showAlertNotification(image, title, text, clickable, cookie, listener, name) {
        win.__alerts.push({ title, text, name, cookie, listener });
      },
      closeAlert() {},
    };
    const registrar = Components.manager.QueryInterface(Ci.nsIComponentRegistrar);
    registrar.registerFactory(
      Services.uuid.generateUUID(),
      'Recording alerts service (401 Doctor tests)',
      '@mozilla.org/alerts-service;1',
      { createInstance: (iid) => service.QueryInterface(iid) },
    );
  `);

const shownAlerts = () =>
  firefox.execute<ShownAlert[]>(`
    ${WINDOW}
    return win.__alerts.map(({ title, text, name }) => ({ title, text, name }));
  `);

const clickAlert = (index: number) =>
  firefox.execute(
    // As the browser's alerts services do: the alert's cookie is the data (Firefox ESR 140
    // reads the notification id from it).
    `${WINDOW} const alert = win.__alerts[arguments[0]];
     alert.listener.observe(null, 'alertclickcallback', alert.cookie);`,
    [index],
  );

/** Answers the browser's "<extension> requests additional settings" prompt. */
const answerPermissionPrompt = (allow: boolean) =>
  waitFor('the permission prompt', () =>
    firefox.execute<boolean | undefined>(
      `
      ${WINDOW}
      const prompt = win.PopupNotifications._currentNotifications.find(
        (n) => n.id === 'addon-webext-permissions',
      );
      if (!prompt) return undefined;
      if (arguments[0]) prompt.mainAction.callback();
      else prompt.secondaryActions[0].callback();
      prompt.remove();
      return true;
    `,
      [allow],
    ),
  );

const tabUrls = () =>
  firefox.execute<string[]>(
    `${WINDOW} return win.gBrowser.tabs.map((t) => t.linkedBrowser.currentURI.spec);`,
  );

const openTab = (url: string) => openWindow(firefox, { url });

/** A real click (Marionette synthesizes it as user input: it counts as a user gesture). */
async function click(selector: string): Promise<void> {
  const element = await firefox.send<Record<string, string>>('WebDriver:FindElement', {
    using: 'css selector',
    value: selector,
  });
  await firefox.send('WebDriver:ElementClick', { id: Object.values(element)[0] });
}

const optionsState = () =>
  firefox.execute<{ checked: boolean; status: string; stored: boolean }>(`
    return browser.storage.local.get('settings').then(({ settings }) => ({
      checked: document.querySelector('input[name="notifications"]').checked,
      status: document.querySelector('[data-status]').textContent,
      stored: settings?.notifications === true,
    }));
  `);

beforeAll(async () => {
  server = await startAuthServer();
  ({ firefox, base } = await launchFirefoxWithExtension());
  await installRecordingAlerts();
});
afterAll(async () => {
  await firefox?.close();
  await server?.close();
});

test('notifications: asked on the click, denied stays off, allowed shows the failures and opens the report', async () => {
  await openTab(`${base}options/index.html`);
  await waitFor('the options page', async () =>
    (await firefox.execute<boolean>('return !!document.querySelector("[name=notifications]")'))
      ? true
      : undefined,
  );

  // Denied: the box does not stay ticked and nothing is saved.
  await click('input[name="notifications"]');
  await firefox.setContext('chrome');
  await answerPermissionPrompt(false);
  await firefox.setContext('content');
  const denied = await waitFor('the page to say so', async () => {
    const state = await optionsState();
    return state.status.includes('stay off') ? state : undefined;
  });
  expect(denied).toMatchObject({ checked: false, stored: false });

  // Allowed: saved, and the permission is the extension's.
  await click('input[name="notifications"]');
  await firefox.setContext('chrome');
  await answerPermissionPrompt(true);
  await firefox.setContext('content');
  expect(
    await waitFor('the setting to be saved', async () => {
      const state = await optionsState();
      return state.stored ? state : undefined;
    }),
  ).toMatchObject({ checked: true, status: 'Saved.' });
  expect(
    await firefox.execute<boolean>(
      `return browser.permissions.contains({ permissions: ['notifications'] })`,
    ),
  ).toBe(true);

  // The test page fires three failing requests at once: one notification for the burst.
  await openTab(`${server.origin}/`);
  await firefox.setContext('chrome');
  const [alert, ...more] = await waitFor(
    'the notification',
    async () => {
      const alerts = await shownAlerts();
      return alerts.length > 0 ? alerts : undefined;
    },
    20_000,
  );
  expect(more).toEqual([]);
  expect(alert?.title).toBe('401 Doctor: 3 auth failures');
  // One line per endpoint (method, host, path), with the top diagnosis of its first failure.
  // The two /api/needs-token requests race with the page's successful one: which comes first
  // decides between these titles.
  const host = new URL(server.origin).host;
  const title = (id: DiagnosisId) => DIAGNOSIS_KINDS[id].title;
  const [keyLine, tokenLine, ...others] = (alert?.text.split('\n') ?? []).sort();
  expect(others).toEqual([]);
  expect(keyLine).toBe(`401 GET ${host}/api/needs-key: ${title('api-key-rejected')}`);
  expect(tokenLine?.startsWith(`401 GET ${host}/api/needs-token (×2): `)).toBe(true);
  expect([
    title('credentials-not-forwarded'),
    title('placeholder-token'),
    title('no-credentials'),
  ]).toContain(tokenLine?.split(' (×2): ')[1]);
  expect(alert?.text).not.toContain('wrong-key');

  // Clicking it opens the report of that tab.
  const before = await tabUrls();
  await clickAlert(0);
  const report = await waitFor('the report tab', async () =>
    (await tabUrls()).find((url) => !before.includes(url) && url.includes('/report/')),
  );
  expect(report).toMatch(/^moz-extension:\/\/[^/]+\/report\/index\.html\?tab=\d+$/);
});

test('a permission withdrawn in the browser: the options page says so, and nothing is shown', async () => {
  const optionsTab = await openTab(`${base}options/index.html`);
  expect(
    await firefox.execute<boolean>(
      `return browser.permissions.remove({ permissions: ['notifications'] })`,
    ),
  ).toBe(true);
  await firefox.send('WebDriver:Refresh');
  const state = await waitFor('the options page', async () =>
    firefox.execute<{ checked: boolean; withdrawn: boolean } | undefined>(`
      const box = document.querySelector('input[name="notifications"]');
      return box ? {
        checked: box.checked,
        withdrawn: !!document.querySelector('[data-notifications-withdrawn]'),
      } : undefined;
    `),
  );
  // Our setting still says on; the page shows what is in effect and how to mend it.
  expect(state).toEqual({ checked: false, withdrawn: true });
  expect((await optionsState()).stored).toBe(true);

  await firefox.setContext('chrome');
  const shown = (await shownAlerts()).length;
  await openTab(`${server.origin}/`);
  await firefox.send('WebDriver:SwitchToWindow', { handle: optionsTab });
  await waitFor('the new failures to be stored', async () => {
    const stored = await firefox.execute<Record<string, unknown>>(
      'return browser.storage.session.get(null)',
    );
    return Object.keys(stored).filter((key) => key.startsWith('f:')).length >= 6 ? true : undefined;
  });
  await new Promise((done) => setTimeout(done, 2500)); // the notifier groups bursts over 1.5 s
  await firefox.setContext('chrome');
  expect((await shownAlerts()).length).toBe(shown);
});
