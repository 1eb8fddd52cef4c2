// Turns webRequest events into failure records. Every request passes through here, so the
// per-event work is a Map write in onSendHeaders and a Map delete in onCompleted; storage and
// everything else happen only for the rare failed request (BROWSER-NOTES: observing alone
// already costs the page 1.2-1.45x; keep the listeners cheap).
import { type CredentialKind, credentialKinds } from '../core/credential-kinds';
import type { WebRequest } from '../platform/browser';
import type { FailureRecord } from './store';

/** Statuses captured by default: 401 Unauthorized and 407 Proxy Authentication Required. */
export const CAPTURED_STATUSES: ReadonlySet<number> = new Set([401, 407]);

/** In-flight requests are forgotten past this many (requests that never end: worker restarts). */
const MAX_IN_FLIGHT = 5000;

interface InFlight {
  time: number;
  carried: CredentialKind[];
}

export interface CaptureHooks {
  onFailure(record: FailureRecord): void;
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
>;
type Ended = Pick<WebRequest.OnErrorOccurredDetailsType, 'requestId'>;

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
      inFlight.set(details.requestId, {
        time: details.timeStamp,
        carried: credentialKinds(details.requestHeaders ?? [], details.url),
      });
    },

    onCompleted(details: Completed): void {
      const sent = inFlight.get(details.requestId);
      inFlight.delete(details.requestId);
      if (!statuses.has(details.statusCode)) return;
      hooks.onFailure({
        id: `${details.requestId}@${Math.round(details.timeStamp)}`,
        tabId: details.tabId,
        method: details.method,
        url: details.url,
        status: details.statusCode,
        time: sent?.time ?? details.timeStamp,
        type: details.type,
        carried: sent?.carried ?? credentialKinds([], details.url),
      });
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
