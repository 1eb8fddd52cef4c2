/**
 * The background capture's view of a request (webRequest `onSendHeaders`, `onBeforeRedirect`,
 * `onCompleted` details) as an exchange. Structural types only: the core never touches a
 * browser API, the caller passes the details objects it received.
 */
import type { Exchange, Header, RedirectHop } from './exchange';

/** webRequest header items: Chrome and Firefox give `value` (or `binaryValue`, ignored here). */
export interface WebHeaderLike {
  name: string;
  value?: string | undefined;
}

/** What `onSendHeaders` (with `requestHeaders`, and `extraHeaders` on Chrome) reports. */
export interface WebRequestSentLike {
  requestId?: string;
  method: string;
  url: string;
  /** ms since the epoch. */
  timeStamp: number;
  type?: string;
  /** Chrome: the initiating origin. */
  initiator?: string | undefined;
  /** Firefox: the URL of the resource that triggered the request. */
  originUrl?: string | undefined;
  requestHeaders?: WebHeaderLike[] | undefined;
}

/** What `onCompleted` (with `responseHeaders`, plus `extraHeaders` on Chrome) reports. */
export interface WebRequestCompletedLike {
  statusCode: number;
  statusLine?: string;
  timeStamp: number;
  responseHeaders?: WebHeaderLike[] | undefined;
}

/** One `onBeforeRedirect` event, with the request headers that hop was sent with. */
export interface WebRequestRedirectLike {
  method?: string;
  url: string;
  statusCode: number;
  requestHeaders?: WebHeaderLike[] | undefined;
}

function toHeaders(list: readonly WebHeaderLike[] | undefined): Header[] {
  const headers: Header[] = [];
  for (const item of list ?? [])
    if (item.name) headers.push({ name: item.name, value: item.value ?? '' });
  return headers;
}

/**
 * An exchange from webRequest events. `redirects` are the hops this request followed, oldest
 * first (the capture records them from `onBeforeRedirect`; the requestId stays the same).
 * `extraHeaders` says whether Chrome was asked for them: without it Cookie, Set-Cookie, Origin
 * and Referer are hidden, which the evidence then says instead of guessing.
 */
export function exchangeFromWebRequest(
  sent: WebRequestSentLike,
  completed: WebRequestCompletedLike,
  redirects: readonly WebRequestRedirectLike[] = [],
  options: { extraHeaders?: boolean } = {},
): Exchange {
  const statusText = /^\S+\s+\d{3}\s+(.*)$/.exec(completed.statusLine ?? '')?.[1];
  const chain: RedirectHop[] = redirects.map((hop) => ({
    method: hop.method ?? sent.method,
    url: hop.url,
    status: hop.statusCode,
    requestHeaders: toHeaders(hop.requestHeaders),
  }));
  const exchange: Exchange = {
    source: 'capture',
    request: {
      method: sent.method.toUpperCase(),
      url: sent.url,
      headers: toHeaders(sent.requestHeaders),
      time: sent.timeStamp,
      redirectChain: chain,
    },
    response: {
      status: completed.statusCode,
      headers: toHeaders(completed.responseHeaders),
      time: completed.timeStamp,
    },
  };
  if (sent.requestId !== undefined) exchange.id = sent.requestId;
  if (sent.type) exchange.request.type = sent.type;
  const initiator = sent.initiator ?? sent.originUrl;
  if (initiator) exchange.request.initiator = initiator;
  if (statusText) exchange.response.statusText = statusText;
  if (options.extraHeaders === false)
    exchange.gaps = { strippedHeaders: ['cookie', 'set-cookie', 'origin', 'referer'] };
  return exchange;
}
