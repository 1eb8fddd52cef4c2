// Turns webRequest events into exchanges. Every request passes through here, so the
// per-event work is kept to a Map write in onSendHeaders (the header array is kept by
// reference, not copied) and, in onCompleted, a Map delete plus a scan of the headers; only
// failures and the few requests that matter for later diagnoses (they carried a credential,
// or the server set a cookie or allowed credentials) go further (BROWSER-NOTES: observing
// alone already costs the page 1.2-1.45x; keep the listeners cheap).
import { credentialKinds } from '../core/credential-kinds';
import type { Exchange, Header } from '../core/exchange';
import type { WebRequest } from '../platform/browser';

/** Statuses captured by default: 401 Unauthorized and 407 Proxy Authentication Required. */
export const CAPTURED_STATUSES: ReadonlySet<number> = new Set([401, 407]);

/** In-flight requests are forgotten past this many (requests that never end: worker restarts). */
const MAX_IN_FLIGHT = 5000;

interface InFlight {
  time: number;
  headers: WebRequest.HttpHeaders | undefined;
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

type SendHeaders = Pick<
  WebRequest.OnSendHeadersDetailsType,
  'requestId' | 'tabId' | 'type' | 'timeStamp' | 'url' | 'requestHeaders'
>;
type Completed = Pick<
  WebRequest.OnCompletedDetailsType,
  'requestId' | 'tabId' | 'type' | 'timeStamp' | 'url' | 'method' | 'statusCode'
> &
  Partial<Pick<WebRequest.OnCompletedDetailsType, 'statusLine' | 'responseHeaders'>> & {
    /** Chrome: the origin that started the request. */
    initiator?: string;
    /** Firefox: the URL of the resource that started the request. */
    originUrl?: string;
  };
type Ended = Pick<WebRequest.OnErrorOccurredDetailsType, 'requestId'>;

function toHeaders(headers: WebRequest.HttpHeaders | undefined): Header[] {
  if (!headers) return [];
  return headers.map((header) => ({ name: header.name, value: header.value ?? '' }));
}

/** A response that later diagnoses of the same site need: it sets cookies or allows credentials. */
function informsContext(headers: WebRequest.HttpHeaders | undefined): boolean {
  if (!headers) return false;
  for (const { name } of headers) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie' || lower === 'access-control-allow-credentials') return true;
  }
  return false;
}

/** "HTTP/1.1 401 Unauthorized" -> "Unauthorized". */
function reasonPhrase(statusLine: string | undefined): string | undefined {
  const match = statusLine ? /^\S+\s+\d{3}\s+(.+)$/.exec(statusLine) : null;
  return match?.[1];
}

export function createCapture(
  hooks: CaptureHooks,
  statuses: ReadonlySet<number> = CAPTURED_STATUSES,
) {
  // requestId is stable across redirects and auth retries of one request: the last hop wins.
  const inFlight = new Map<string, InFlight>();

  return {
    onSendHeaders(details: SendHeaders): void {
      if (details.type === 'main_frame' && details.tabId >= 0) hooks.onNavigation(details.tabId);
      if (inFlight.size >= MAX_IN_FLIGHT) {
        const oldest = inFlight.keys().next().value;
        if (oldest !== undefined) inFlight.delete(oldest);
      }
      inFlight.set(details.requestId, { time: details.timeStamp, headers: details.requestHeaders });
    },

    onCompleted(details: Completed): void {
      const sent = inFlight.get(details.requestId);
      inFlight.delete(details.requestId);
      const failure = statuses.has(details.statusCode);
      if (
        !failure &&
        !informsContext(details.responseHeaders) &&
        credentialKinds(sent?.headers ?? [], details.url).length === 0
      ) {
        return;
      }
      const statusText = reasonPhrase(details.statusLine);
      const initiator = details.initiator ?? details.originUrl;
      const exchange: Exchange = {
        id: details.requestId,
        source: 'capture',
        request: {
          method: details.method,
          url: details.url,
          headers: toHeaders(sent?.headers),
          // A send event missed (the worker was starting): the response time is the best we have.
          time: sent?.time ?? details.timeStamp,
          type: details.type,
          ...(initiator ? { initiator } : {}),
          redirectChain: [],
        },
        response: {
          status: details.statusCode,
          ...(statusText ? { statusText } : {}),
          headers: toHeaders(details.responseHeaders),
          time: details.timeStamp,
        },
      };
      hooks.onExchange(details.tabId, exchange, failure);
    },

    onErrorOccurred(details: Ended): void {
      inFlight.delete(details.requestId);
    },

    /** Requests seen but not finished (for tests and diagnostics). */
    get inFlightCount(): number {
      return inFlight.size;
    },
  };
}
