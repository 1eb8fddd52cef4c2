// Incognito windows, in real Chromium: nothing is captured there until the user allows the
// extension in incognito ("Allow in Incognito" on chrome://extensions); once allowed, failures
// there are captured like any other. The incognito window is opened by the extension's own
// worker (windows.create needs no permission); the test server's request log shows that the
// page in it did send its requests.
import { expect, test } from 'vitest';
import { waitFor } from '../../scripts/browsers';
import { tabsFromSnapshot } from '../../src/storage/failures';
import { FAILING_PATHS } from './support/auth-server';
import { chromiumWithServer } from './support/browser-with-server';

const env = chromiumWithServer();

type Worker = typeof env.browser.worker;

const openIncognito = (worker: Worker, url: string) =>
  worker.evaluate((url) => chrome.windows.create({ incognito: true, url }).then(() => true), url);

/** The failures the extension keeps, read through `worker`. */
const stored = async (worker: Worker) =>
  tabsFromSnapshot(await worker.evaluate(() => chrome.storage.session.get(null)));

/** Waits until the server has answered the test page's API requests, sent from `page`. */
const requestsFrom = (page: string) =>
  waitFor(`the requests of ${page}`, async () => {
    const sent = env.server.requests.filter(
      (r) => r.path.startsWith('/api/') && r.referer?.endsWith(page),
    );
    return sent.length >= FAILING_PATHS.length + 2 ? sent : undefined;
  });

test('an incognito window is not watched until the user allows the extension there', async () => {
  const { context, worker, extensionId } = env.browser;
  expect(await worker.evaluate(() => chrome.extension.isAllowedIncognitoAccess())).toBe(false);
  await openIncognito(worker, `${env.server.origin}/?incognito`);
  await requestsFrom('/?incognito');

  // The same page in a normal tab afterwards: once its failures are stored, the incognito
  // window's (sent earlier) would have been too.
  const page = await context.newPage();
  await page.goto(`${env.server.origin}/?normal`);
  const tabs = await waitFor('the normal tab’s failures', async () => {
    const found = await stored(worker);
    return found.some((tab) => tab.failures.length >= FAILING_PATHS.length + 1) ? found : undefined;
  });
  expect(tabs).toHaveLength(1);
  expect(tabs[0]?.failures).toHaveLength(FAILING_PATHS.length + 1);
  const normalTab = tabs[0]?.tabId;

  // The user allows it in incognito, on chrome://extensions (in Developer mode, as anyone who
  // loaded it unpacked has it): the extension restarts. (Chromium 156 seen here: without
  // Developer mode, the restart leaves an unpacked extension disabled.)
  const settings = await context.newPage();
  await settings.goto('chrome://extensions');
  await settings.evaluate(async (id) => {
    type Callback = () => void;
    const { developerPrivate } = (
      globalThis as unknown as {
        chrome: {
          developerPrivate: {
            updateProfileConfiguration(c: object, callback: Callback): void;
            updateExtensionConfiguration(c: object, callback: Callback): void;
          };
        };
      }
    ).chrome;
    await new Promise<void>((done) =>
      developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, done),
    );
    await new Promise<void>((done) =>
      developerPrivate.updateExtensionConfiguration(
        { extensionId: id, incognitoAccess: true },
        done,
      ),
    );
  }, extensionId);
  const restarted = await waitFor('the restarted service worker', async () => {
    const next = context.serviceWorkers().find((w) => w !== worker);
    if (!next) return undefined;
    return (await next
      .evaluate(() => chrome.extension.isAllowedIncognitoAccess())
      .catch(() => false))
      ? next
      : undefined;
  });
  await openIncognito(restarted, `${env.server.origin}/?incognito-allowed`);
  await requestsFrom('/?incognito-allowed');
  const incognito = await waitFor('the incognito window’s failures', async () => {
    const found = await stored(restarted);
    return found.find(
      (tab) => tab.tabId !== normalTab && tab.failures.length >= FAILING_PATHS.length + 1,
    );
  });
  expect(incognito.failures.every((f) => f.url.startsWith(`${env.server.origin}/api/needs-`))).toBe(
    true,
  );
});
