// The only module that touches the WebExtension API. Everything else imports `browser` from
// here, so the choice between the native object and webextension-polyfill lives in one place.
// (The polyfill passes a native `browser` through where one exists: Firefox, Chrome 148+. The
// background is built without it: see native-browser.ts.)
// Unit tests alias 'webextension-polyfill' to @webext-core/fake-browser (vitest.config.ts).
import browser from 'webextension-polyfill';

export type {
  Browser,
  Permissions,
  Runtime,
  Storage,
  Tabs,
  WebRequest,
} from 'webextension-polyfill';
export { browser };

/** Chrome hides Cookie, Origin and Set-Cookie without "extraHeaders"; Firefox rejects the value. */
export const EXTRA_HEADERS: ['extraHeaders'] | [] =
  __BROWSER__ === 'chrome' ? ['extraHeaders'] : [];
