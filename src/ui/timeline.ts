// "This origin's timeline": which requests carried which credential and which succeeded, from
// what the page has (stored failures, DevTools entries seen while open, an imported file).
import type { Exchange } from '../core/exchange';
import { redactUrl } from '../core/redact';
import { sentCredentials } from '../core/sent-credentials';
import { originOf } from '../core/url-parts';
import type { FailureView } from './failure-view';

export interface TimelineEntry {
  key: string;
  origin: string;
  /** Request time, ms since the epoch. */
  time: number;
  method: string;
  /** Key-like query parameters masked. */
  url: string;
  status: number;
  /** What it carried, masked: `Authorization header: Bearer eyJh…`, or the kinds only. */
  sent: string[];
}

const KIND_LABEL: Record<string, string> = {
  authorization: 'Authorization header',
  'proxy-authorization': 'Proxy-Authorization header',
  cookie: 'Cookie',
  'api-key': 'API key',
};

/** A timeline entry from an exchange held in memory (credentials shown masked). */
export function timelineFromExchange(exchange: Exchange, key: string): TimelineEntry {
  return {
    key,
    origin: originOf(exchange.request.url),
    time: exchange.request.time,
    method: exchange.request.method,
    url: redactUrl(exchange.request.url),
    status: exchange.response.status,
    sent: sentCredentials(exchange).map((c) => `${c.label}: ${c.display}`),
  };
}

/** A timeline entry from a failure (a stored record knows the credential kinds only). */
export function timelineFromView(view: FailureView): TimelineEntry {
  if (view.exchange) return timelineFromExchange(view.exchange, view.key);
  return {
    key: view.key,
    origin: originOf(view.url),
    time: view.time,
    method: view.method,
    url: view.url,
    status: view.status,
    sent: view.carried.map((kind) => KIND_LABEL[kind] ?? kind),
  };
}

/**
 * The entries of `origin`, oldest first, at most `before` before `around` and `after` after it
 * (the failure being looked at), duplicates (same key) dropped.
 */
export function originTimeline(
  entries: readonly TimelineEntry[],
  origin: string,
  around: number,
  before = 40,
  after = 10,
): TimelineEntry[] {
  const seen = new Set<string>();
  const mine: TimelineEntry[] = [];
  for (const entry of entries) {
    if (entry.origin !== origin || seen.has(entry.key)) continue;
    seen.add(entry.key);
    mine.push(entry);
  }
  mine.sort((a, b) => a.time - b.time);
  let at = mine.findIndex((entry) => entry.time > around);
  if (at < 0) at = mine.length;
  return mine.slice(Math.max(0, at - before), at + after);
}
