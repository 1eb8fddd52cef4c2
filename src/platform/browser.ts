// The extension pages' API object: webextension-polyfill, chosen here for every page (popup,
// panel, report, options, DevTools page). Chrome's devtools.* APIs take callbacks only; the
// polyfill gives them promises and passes a native `browser` through where one exists (Firefox,
// Chrome 148+). The background does not use it: it gets the browser's own object
// (./native-browser.ts, docs/browser-notes.md#api-object).
// Unit tests alias 'webextension-polyfill' to @webext-core/fake-browser (vitest.config.ts).
import browser from 'webextension-polyfill';

export type { Browser, Permissions } from 'webextension-polyfill';
export { browser };
