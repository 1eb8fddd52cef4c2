// Turns webRequest events into exchanges. Every request passes through here, so the per-event
// work is kept to a Map write in onSendHeaders (the details object is kept by reference, not
// copied) and, in onCompleted, a Map delete plus a scan of the headers. Only failures and the
// few requests that matter for later diagnoses (they carried a credential, or the server set
// a cookie or allowed credentials) go on to the core (observing alone already costs the page
// 1.2-1.45x, so the listeners stay cheap: docs/browser-notes.md#observing-cost).
import { isAuthRelated403 } from '../core/auth-related-403';
import { credentialKinds } from '../core/credential-kinds';
import type { Exchange } from '../core/exchange';
import {
  exchangeFromWebRequest,
  type WebHeaderLike,
  type WebRequestRedirectLike,
  type WebRequestSentLike,
} from '../core/exchange-from-web-request';
import { readTokenRequest, type TokenRequest } from '../core/oauth/token-request';
import { DEFAULT_CAPTURED_STATUSES } from '../core/statuses';
import { parseUrl, siteOf } from '../core/url-parts';
import type {
  BeforeRequestDetails,
  CompletedDetails,
  ErrorDetails,
  FrameDetails,
  RedirectDetails,
  SentDetails,
} from '../platform/api';

/** Token request bodies waiting for their request to finish (a few at a time in practice). */
const MAX_TOKEN_FORMS = 100;

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
   * diagnoses of the same tab. `tabId` is -1 for requests outside tabs. `thirdPartyFrame`:
   * the site of the third-party frame (an ad, an embed, a widget) that made a failed request.
   */
  onExchange(tabId: number, exchange: Exchange, failure: boolean, thirdPartyFrame?: string): void;
  /** A top-level document started loading in the tab. */
  onNavigation(tabId: number): void;
}

/**
 * A request the OAuth flow view and rules need although it carried no credential: a discovery
 * document, an authorize redirect, a callback with code or error and state. Substring checks
 * only: this runs for every request.
 */
function informsFlow(url: string): boolean {
  return (
    url.includes('/.well-known/') ||
    (url.includes('state=') && (url.includes('code=') || url.includes('error='))) ||
    url.includes('response_type=')
  );
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

/**
 * The site of the third-party frame that made a request (its site differs from the top
 * document's), or undefined: made by the top document, a same-site frame, or unknown.
 */
export function thirdPartyFrameOf(
  details: FrameDetails & { type: string; url: string; initiator?: string; originUrl?: string },
  topUrl: string | undefined,
): string | undefined {
  let frameUrl: string | undefined;
  // A frame's own document is requested for the embedding page: it is the embed's failure.
  if (details.type === 'sub_frame') frameUrl = details.url;
  else if ((details.frameId ?? 0) > 0)
    frameUrl = details.documentUrl ?? details.initiator ?? details.originUrl;
  if (!frameUrl) return undefined;
  const top = details.frameAncestors?.at(-1)?.url ?? topUrl;
  const frameHost = top ? parseUrl(frameUrl)?.host : undefined;
  const topHost = top ? parseUrl(top)?.host : undefined;
  if (!frameHost || !topHost) return undefined;
  const site = siteOf(frameHost);
  return site !== siteOf(topHost) ? site : undefined;
}

export function createCapture(
  hooks: CaptureHooks,
  statuses: ReadonlySet<number> = DEFAULT_CAPTURED_STATUSES,
  options: { extraHeaders?: boolean; ownOrigin?: string } = {},
) {
  // This extension's own pages (a replay sent from the extension) are not the tab's requests:
  // the page that sent the replay reports it (messages.ts, `replay`).
  const own = options.ownOrigin;
  const inFlight = new Map<string, InFlight>();
  // The top document of each tab (Chrome's webRequest does not name it for frame requests).
  const topUrls = new Map<number, string>();
  // The body is only seen before the request starts: what a token request sent, by requestId,
  // already without its secrets (fingerprints and masks).
  const tokenForms = new Map<string, TokenRequest>();

  return {
    /**
     * Runs for every request, so it returns at once unless the body is a form with grant_type
     * (an OAuth token request, RFC 6749 §4): then only that form is read, and kept as
     * fingerprints and masks, never as values.
     */
    onBeforeRequest(details: BeforeRequestDetails): void {
      const form = details.requestBody?.formData;
      if (!form || details.method !== 'POST') return;
      const grant = form.grant_type;
      if (!grant || grant.length === 0) return;
      const pairs: Array<[string, string]> = [];
      for (const name of Object.keys(form))
        for (const value of form[name] ?? []) pairs.push([name, value]);
      const tokenRequest = readTokenRequest(pairs);
      if (!tokenRequest) return;
      if (tokenForms.size >= MAX_TOKEN_FORMS) {
        const oldest = tokenForms.keys().next().value;
        if (oldest !== undefined) tokenForms.delete(oldest);
      }
      tokenForms.set(details.requestId, tokenRequest);
    },

    onSendHeaders(details: SentDetails): void {
      if (details.type === 'main_frame' && details.tabId >= 0) {
        hooks.onNavigation(details.tabId);
        topUrls.delete(details.tabId); // most recent last, for the bound below
        topUrls.set(details.tabId, details.url);
        if (topUrls.size > 1000) topUrls.delete(topUrls.keys().next().value as number);
      }
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
      let tokenRequest: TokenRequest | undefined;
      if (tokenForms.size > 0) {
        tokenRequest = tokenForms.get(details.requestId);
        if (tokenRequest) tokenForms.delete(details.requestId);
      }
      if (own && (details.initiator ?? details.originUrl)?.startsWith(own)) return;
      const status = details.statusCode;
      const failure =
        statuses.has(status) ||
        (status === 403 &&
          (tokenRequest !== undefined ||
            isAuthRelated403(
              known?.sent.requestHeaders ?? [],
              details.url,
              details.responseHeaders ?? [],
            )));
      if (
        !failure &&
        !tokenRequest &&
        !informsContext(details.responseHeaders) &&
        credentialKinds(known?.sent.requestHeaders ?? [], details.url).length === 0 &&
        !informsFlow(details.url)
      ) {
        return;
      }
      // A send event missed (the worker was starting): the response is all there is.
      const sent: WebRequestSentLike = known?.sent ?? { ...details, requestHeaders: [] };
      const exchange = exchangeFromWebRequest(sent, details, known?.redirects, options);
      if (tokenRequest) exchange.request.tokenRequest = tokenRequest;
      const frame = failure ? thirdPartyFrameOf(details, topUrls.get(details.tabId)) : undefined;
      hooks.onExchange(details.tabId, exchange, failure, frame);
    },

    onErrorOccurred(details: ErrorDetails): void {
      inFlight.delete(details.requestId);
      tokenForms.delete(details.requestId);
    },

    /** The tab closed: forget its top document. */
    removeTab(tabId: number): void {
      topUrls.delete(tabId);
    },

    /** Requests seen but not finished (for tests and diagnostics). */
    get inFlightCount(): number {
      return inFlight.size;
    },
  };
}
