// The background's API object: the browser's own, never webextension-polyfill. Firefox has
// `browser`; Chrome has `chrome` (and `browser` from 148), whose MV3 methods return promises for
// everything the background calls (storage, tabs, action, notifications); webRequest only takes
// listeners, and message replies go through sendResponse (docs/browser-notes.md#api-object,
// #messaging). The polyfill would add 2.7 KB gzip to the service worker for nothing; the pages
// keep it (./browser.ts) because Chrome's devtools.* APIs take callbacks only.
import type { BackgroundBrowser } from './api';

/** The browser's own API object: `browser` (Firefox, Chrome 148+) or `chrome`. */
export function nativeBrowser(): BackgroundBrowser {
  const scope = globalThis as { browser?: BackgroundBrowser; chrome?: BackgroundBrowser };
  const api = scope.browser ?? scope.chrome;
  if (!api) throw new Error('401 Doctor: no WebExtension API object in this context');
  return api;
}

/** Chrome hides Cookie, Origin and Set-Cookie without "extraHeaders"; Firefox rejects the value. */
export const EXTRA_HEADERS: ['extraHeaders'] | [] =
  __BROWSER__ === 'chrome' ? ['extraHeaders'] : [];
