// The background: Chrome's MV3 service worker and Firefox's event page, started by ./index.ts
// with the browser's own API object (tests pass a fake one). Every listener is registered
// synchronously in startBackground: a worker that is still starting otherwise misses the first
// requests of a page (docs/browser-notes.md#worker-lifetime). Settings arrive a moment later
// from storage; until then the defaults apply.
import type { DiagnoseOptions } from '../core/diagnose';
import type { Exchange } from '../core/exchange';
import type { BackgroundBrowser, MessageListener } from '../platform/api';
import { EXTRA_HEADERS } from '../platform/native-browser';
import { capturedStatuses, DEFAULT_SETTINGS, isWatched, type Settings } from '../settings/settings';
import { loadSettings, onSettingsChanged } from '../settings/storage';
import { severityOf, whyNotCounted } from '../storage/counted';
import { isMessage, type Message, type Reply } from '../storage/messages';
import { createBadges, showBadge } from './badge';
import { createCapture } from './capture';
import { createDiagnosis, replayRecord, settleRecord } from './diagnosis';
import {
  BEFORE_REQUEST_OPTIONS,
  COMPLETED_OPTIONS,
  REQUEST_FILTER,
  SEND_HEADERS_OPTIONS,
} from './listen-spec';
import { createNotifier } from './notifications';
import { createStore, limitsOf, type StoreLimits } from './store';

/** Registers every listener on `browser` and returns the parts, for tests. */
export function startBackground(browser: BackgroundBrowser) {
  let settings: Settings = DEFAULT_SETTINGS;
  // Shared, and updated in place when the settings change.
  const statuses = capturedStatuses(settings);
  const limits: StoreLimits = limitsOf(settings);
  const diagnoseOptions: DiagnoseOptions = {
    statuses,
    leewaySeconds: settings.clockSkewLeewaySeconds,
  };

  function apply(next: Settings): void {
    const recount =
      settings.countExpected !== next.countExpected ||
      settings.countThirdPartyFrames !== next.countThirdPartyFrames ||
      JSON.stringify(settings.mutes) !== JSON.stringify(next.mutes);
    settings = next;
    // What the badges count changed (a mute, its undo, an option): show them again.
    if (recount) void store.indexes().then((tabs) => tabs.forEach(badges.update));
    statuses.clear();
    for (const status of capturedStatuses(next)) statuses.add(status);
    Object.assign(limits, limitsOf(next));
    diagnoseOptions.leewaySeconds = next.clockSkewLeewaySeconds;
  }
  void loadSettings(browser.storage).then(apply, () => undefined);
  onSettingsChanged(browser.storage, apply);

  const store = createStore(browser.storage.session, limits);
  // A later request settled an earlier failure (a handshake answered, a probe retried with a
  // credential): rewrite its record, and the badge follows.
  // A failure's OAuth flow went on (the refresh, the retry): the record shows the steps too.
  const diagnosis = createDiagnosis(
    browser.storage.session,
    diagnoseOptions,
    (tabId, settled) => {
      for (const one of settled)
        void store
          .update(tabId, one.ref, (record) => settleRecord(record, one))
          .then((index) => index && badges.update(index));
    },
    (tabId, ref, flow) => void store.update(tabId, ref, (record) => ({ ...record, flow })),
  );
  const notifier = createNotifier(browser, () => settings.notifications);
  const badges = createBadges(
    (tab, policy) => showBadge(browser.action, tab, policy),
    () => settings,
  );

  // Replays about to be sent as a page (`replay-expect`): in memory only, for a few seconds.
  const expectedReplays: ExpectedReplay[] = [];

  const capture = createCapture(
    {
      onExchange(tabId, exchange, failure, frameSite) {
        if (!isWatched(settings, exchange.request.url)) return;
        if (expectedReplays.length > 0 && takeExpectedReplay(expectedReplays, tabId, exchange))
          return;
        void diagnosis.handle(tabId, exchange, failure).then(async (record) => {
          if (!record) return;
          if (frameSite) record.thirdPartyFrame = frameSite;
          // Only what the badge counts is announced (expected, muted, third-party: never).
          const severity = severityOf(record.diagnoses);
          if (!whyNotCounted({ ...record, severity }, settings)) notifier.failed(record);
          badges.update(await store.add(record));
        });
      },
      onNavigation(tabId) {
        // Firefox resets a tab's badge when it navigates: set it again whatever it showed.
        badges.forget(tabId);
        void store.navigated(tabId).then(badges.update);
      },
    },
    statuses,
    {
      extraHeaders: EXTRA_HEADERS.length > 0 || __BROWSER__ === 'firefox',
      ownOrigin: browser.runtime.getURL('').replace(/\/$/, ''),
    },
  );

  browser.webRequest.onBeforeRequest.addListener(capture.onBeforeRequest, REQUEST_FILTER, [
    ...BEFORE_REQUEST_OPTIONS,
  ]);
  browser.webRequest.onSendHeaders.addListener(capture.onSendHeaders, REQUEST_FILTER, [
    ...SEND_HEADERS_OPTIONS,
    ...EXTRA_HEADERS,
  ]);
  browser.webRequest.onCompleted.addListener(capture.onCompleted, REQUEST_FILTER, [
    ...COMPLETED_OPTIONS,
    ...EXTRA_HEADERS,
  ]);
  browser.webRequest.onBeforeRedirect.addListener(capture.onBeforeRedirect, REQUEST_FILTER);
  browser.webRequest.onErrorOccurred.addListener(capture.onErrorOccurred, REQUEST_FILTER);
  browser.tabs.onRemoved.addListener((tabId) => {
    badges.forget(tabId);
    capture.removeTab(tabId);
    void store.removeTab(tabId);
    void diagnosis.removeTab(tabId);
  });
  // Clicks on notifications: the namespace exists only once the optional permission is granted,
  // which the user may do while this background runs (the options page asks), so the listener is
  // also added then. (Seen in Firefox: without that, the first notifications did nothing when
  // clicked.)
  const notificationClicked = (id: string) => void notifier.clicked(id);
  function listenToNotificationClicks(): void {
    const clicked = browser.notifications?.onClicked;
    if (clicked && !clicked.hasListener(notificationClicked))
      clicked.addListener(notificationClicked);
  }
  listenToNotificationClicks();
  browser.permissions.onAdded.addListener(listenToNotificationClicks);

  async function handle(message: Message): Promise<Reply<Message['type']>> {
    switch (message.type) {
      case 'clear': {
        const tabs = await store.clear(message.tabId);
        for (const tab of tabs)
          badges.update({ tabId: tab.tabId, entries: [], sinceNavigation: 0 });
        return {
          ok: true,
          value: { cleared: tabs.reduce((sum, tab) => sum + tab.entries.length, 0) },
        };
      }
      case 'replay-expect': {
        expectedReplays.push({
          tabId: message.tabId,
          method: message.method.toUpperCase(),
          url: message.url,
          until: Date.now() + REPLAY_WAIT_MS,
        });
        return { ok: true, value: null };
      }
      case 'replay': {
        const { tabId, exchange } = message;
        const failure = await diagnosis.replay(tabId, exchange);
        const record = replayRecord(tabId, exchange, failure, {
          of: message.of,
          mode: message.mode,
        });
        // A page with no tab gets the diagnosis but no list entry.
        if (tabId >= 0) badges.update(await store.add(record));
        return { ok: true, value: { failure, id: record.id } };
      }
    }
  }

  // Replies go through sendResponse: a listener returning a Promise is not reliable on Chrome
  // (docs/browser-notes.md#messaging), and `return true` keeps the channel open for the async answer.
  const onMessage: MessageListener = (message, _sender, sendResponse) => {
    if (!isMessage(message)) return false;
    handle(message).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  };
  browser.runtime.onMessage.addListener(onMessage);

  // A first install opens a page that says what the extension watches and keeps. (Tests also use
  // it: it is an extension page that Firefox's WebDriver BiDi can read, see test/e2e.)
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install')
      void browser.tabs.create({ url: browser.runtime.getURL('welcome/index.html') });
  });

  return { store, diagnosis, capture };
}

/** How long a `replay-expect` waits for its request. */
const REPLAY_WAIT_MS = 30_000;

interface ExpectedReplay {
  tabId: number;
  method: string;
  url: string;
  until: number;
}

/**
 * True when the exchange is a replay that its page reports itself (`replay` message), or that
 * replay's CORS preflight: the capture leaves both out, so the replay is listed once. The
 * matching expectation is used up by the request itself.
 */
export function takeExpectedReplay(
  expected: ExpectedReplay[],
  tabId: number,
  exchange: Exchange,
  now = Date.now(),
): boolean {
  for (let i = expected.length - 1; i >= 0; i--)
    if ((expected[i]?.until ?? 0) < now) expected.splice(i, 1);
  const { method, url, redirectChain } = exchange.request;
  const first = redirectChain[0]?.url ?? url;
  const i = expected.findIndex((e) => e.tabId === tabId && (e.url === first || e.url === url));
  const match = expected[i];
  if (!match) return false;
  if (method === 'OPTIONS' && match.method !== 'OPTIONS') return true;
  if (method !== match.method) return false;
  expected.splice(i, 1);
  return true;
}
