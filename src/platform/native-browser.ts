// The background's stand-in for webextension-polyfill (scripts/build.ts aliases the package to
// this file for the background only): the browser's own API object. Firefox has `browser`
// (so does Chrome from 148); Chrome's MV3 `chrome.*` returns promises for everything the
// background calls (runtime, storage, tabs, action, permissions, notifications), webRequest
// only takes listeners, and message replies go through sendResponse (background/index.ts).
// The polyfill would add 2.7 KB gzip to the service worker for nothing; the pages keep it,
// because Chrome's devtools.* APIs take callbacks only.
import type { Browser } from 'webextension-polyfill';

const scope = globalThis as unknown as { browser?: Browser; chrome?: Browser };

export default (scope.browser ?? scope.chrome) as Browser;
