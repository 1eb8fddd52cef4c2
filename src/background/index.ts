// Background entry: Chrome's MV3 service worker and Firefox's event page. Listeners are
// registered synchronously at the top level: a worker that is still starting otherwise misses
// the first requests of a page (BROWSER-NOTES, seen here).
import { browser, EXTRA_HEADERS } from '../platform/browser';
import { showBadge } from './badge';
import { CAPTURED_STATUSES, createCapture } from './capture';
import { createDiagnosis } from './diagnosis';
import { COMPLETED_OPTIONS, REQUEST_FILTER, SEND_HEADERS_OPTIONS } from './listen-spec';
import { createStore } from './store';

const store = createStore(browser.storage.session);
const diagnosis = createDiagnosis(browser.storage.session, CAPTURED_STATUSES);

const capture = createCapture({
  onExchange(tabId, exchange, failure) {
    void diagnosis.handle(tabId, exchange, failure).then(async (record) => {
      if (!record) return;
      await showBadge(await store.add(record));
    });
  },
  onNavigation(tabId) {
    void store.navigated(tabId).then(showBadge);
  },
});

browser.webRequest.onSendHeaders.addListener(capture.onSendHeaders, REQUEST_FILTER, [
  ...SEND_HEADERS_OPTIONS,
  ...EXTRA_HEADERS,
]);
browser.webRequest.onCompleted.addListener(capture.onCompleted, REQUEST_FILTER, [
  ...COMPLETED_OPTIONS,
  ...EXTRA_HEADERS,
]);
browser.webRequest.onErrorOccurred.addListener(capture.onErrorOccurred, REQUEST_FILTER);
browser.tabs.onRemoved.addListener((tabId) => {
  void store.removeTab(tabId);
  void diagnosis.removeTab(tabId);
});

// A first install opens a page that says what the extension watches and keeps. (Tests also use
// it: it is an extension page that Firefox's WebDriver BiDi can read, see test/e2e.)
browser.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === 'install')
    void browser.tabs.create({ url: browser.runtime.getURL('welcome/index.html') });
});
