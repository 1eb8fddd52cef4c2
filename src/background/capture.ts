// Turns webRequest events into exchanges. Every request passes through here, so the per-event
// work is kept to a Map write in onSendHeaders (the details object is kept by reference, not
// copied) and, in onCompleted, a Map delete plus a scan of the headers. Only failures and the
// few requests that matter for later diagnoses (they carried a credential, or the server set
// a cookie or allowed credentials) go on to the core (observing alone already costs the page
// 1.2-1.45x, so the listeners stay cheap: docs/browser-notes.md#observing-cost).
import { credentialKinds } from '../core/credential-kinds';
import type { Exchange } from '../core/exchange';
import {
  exchangeFromWebRequest,
  type WebHeaderLike,
  type WebRequestRedirectLike,
  type WebRequestSentLike,
} from '../core/exchange-from-web-request';
import type { CompletedDetails, ErrorDetails, RedirectDetails, SentDetails } from '../platform/api';

/** Statuses captured by default: 401 Unauthorized and 407 Proxy Authentication Required. */
export const CAPTURED_STATUSES: ReadonlySet<number> = new Set([401, 407]);

/** In-flight requests are forgotten past this many (requests that never end: worker restarts). */
const MAX_IN_FLIGHT = 5000;

interface InFlight {
  sent: SentDetails;
  /** Hops already followed, oldest first; requestId stays the same across redirects. */
  redirects: WebRequestRedirectLike[];
}

export interface CaptureHooks {
  /**
   * A finished request worth diagnosing (`failure`) or remembering as context for later
   * diagnoses of the same tab. `tabId` is -1 for requests outside tabs.
   */
  onExchange(tabId: number, exchange: Exchange, failure: boolean): void;
  /** A top-level document started loading in the tab. */
  onNavigation(tabId: number): void;
}

/** A response that later diagnoses of the same site need: it sets cookies or allows credentials. */
function informsContext(headers: readonly WebHeaderLike[] | undefined): boolean {
  if (!headers) return false;
  for (const { name } of headers) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie' || lower === 'access-control-allow-credentials') return true;
  }
  return false;
}

export function createCapture(
  hooks: CaptureHooks,
  statuses: ReadonlySet<number> = CAPTURED_STATUSES,
  options: { extraHeaders?: boolean } = {},
) {
  const inFlight = new Map<string, InFlight>();

  return {
    onSendHeaders(details: SentDetails): void {
      if (details.type === 'main_frame' && details.tabId >= 0) hooks.onNavigation(details.tabId);
      const known = inFlight.get(details.requestId);
      if (known) {
        // The next hop of a redirect, or an HTTP-auth retry: the last one wins.
        known.sent = details;
        return;
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        const oldest = inFlight.keys().next().value;
        if (oldest !== undefined) inFlight.delete(oldest);
      }
      inFlight.set(details.requestId, { sent: details, redirects: [] });
    },

    onBeforeRedirect(details: RedirectDetails): void {
      const known = inFlight.get(details.requestId);
      if (!known) return;
      known.redirects.push({
        method: known.sent.method,
        url: details.url,
        statusCode: details.statusCode,
        requestHeaders: known.sent.requestHeaders,
      });
    },

    onCompleted(details: CompletedDetails): void {
      const known = inFlight.get(details.requestId);
      inFlight.delete(details.requestId);
      const failure = statuses.has(details.statusCode);
      if (
        !failure &&
        !informsContext(details.responseHeaders) &&
        credentialKinds(known?.sent.requestHeaders ?? [], details.url).length === 0
      ) {
        return;
      }
      // A send event missed (the worker was starting): the response is all there is.
      const sent: WebRequestSentLike = known?.sent ?? { ...details, requestHeaders: [] };
      const exchange = exchangeFromWebRequest(sent, details, known?.redirects, options);
      hooks.onExchange(details.tabId, exchange, failure);
    },

    onErrorOccurred(details: ErrorDetails): void {
      inFlight.delete(details.requestId);
    },

    /** Requests seen but not finished (for tests and diagnostics). */
    get inFlightCount(): number {
      return inFlight.size;
    },
  };
}
