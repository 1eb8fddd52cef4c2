// Which webRequest events the background listens to, with which options. Kept apart from the
// listeners so the overhead benchmark (bench/overhead.ts) can build an extension whose
// listeners do nothing but are registered exactly the same way.

/** Every URL: an auth failure can come from any host. */
export const REQUEST_FILTER = { urls: ['<all_urls>'] };

/** onSendHeaders: the request headers (plus "extraHeaders" on Chrome, see platform/browser). */
export const SEND_HEADERS_OPTIONS = ['requestHeaders'] as const;

/** onCompleted: the response headers (WWW-Authenticate, Date, Server, Set-Cookie, CORS). */
export const COMPLETED_OPTIONS = ['responseHeaders'] as const;

/**
 * onBeforeRequest: the request body, for OAuth token requests only (a form with grant_type);
 * the listener returns at once for everything else (src/background/capture.ts).
 */
export const BEFORE_REQUEST_OPTIONS = ['requestBody'] as const;
