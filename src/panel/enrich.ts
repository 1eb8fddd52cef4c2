// DevTools entries enrich the background's records while DevTools is open: the raw request
// (decoded credentials, reveal, full cURL), the response headers and body, and, when the body
// says more than the headers did, the diagnoses the core finds with it.

import { type DiagnosisContext, recordExchange } from '../core/context';
import {
  diagnose,
  diagnoseCompact,
  type Failure,
  PROVIDER_KNOWLEDGE,
  rankScore,
} from '../core/diagnose';
import { decodeBase64Lenient, decodeLatin1, decodeUtf8 } from '../core/encoding';
import { isDiagnosedFailure } from '../core/engine';
import type { Exchange } from '../core/exchange';
import { exchangeFromHarEntry } from '../core/har/import-har';
import type { FlowStep } from '../core/oauth/flow';
import { isMaskedValue, redactUrl } from '../core/redact';
import { AUTH_FAILURE_STATUSES } from '../core/statuses';
import type { FailureView } from '../ui/failure-view';

/** How far apart (ms) a record's time and a DevTools entry's start may be to be the same request. */
export const MATCH_WINDOW_MS = 3000;

export interface SeenEntry {
  key: string;
  exchange: Exchange;
  /** The core's diagnosis of the entry (with its body when DevTools had one). */
  failure?: Failure;
  /** Diagnosis ids found only because of the body (the same entry without it lacks them). */
  fromBody?: string[];
  /** The request body DevTools kept (postData.text), for the replay editor. */
  requestBody?: string;
}

/** A DevTools HAR entry as an exchange (source `devtools`). */
export function exchangeFromDevtools(entry: unknown, index: number): Exchange | undefined {
  const exchange = exchangeFromHarEntry(entry, index);
  if (!exchange) return undefined;
  exchange.source = 'devtools';
  // A live DevTools entry is not a file export: nothing was stripped or folded by an exporter.
  delete exchange.gaps;
  return exchange;
}

/**
 * The body from `getContent()`: through webextension-polyfill Chrome resolves
 * `[content, encoding]` and Firefox `[content, mimeType]` (docs/browser-notes.md#get-content); Chrome's native
 * `browser` (seen here, Chromium 156) resolves `{content, encoding}`; a bare string is the body.
 */
export function bodyFromContent(result: unknown): string | undefined {
  const [content, second] = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null
      ? [(result as { content?: unknown }).content, (result as { encoding?: unknown }).encoding]
      : [result, undefined];
  if (typeof content !== 'string' || content === '') return undefined;
  if (second === 'base64') {
    const bytes = decodeBase64Lenient(content.replace(/\s+/g, ''));
    return bytes ? (decodeUtf8(bytes) ?? decodeLatin1(bytes)) : undefined;
  }
  return content;
}

/**
 * Folds an entry into the panel's context and diagnoses it when it failed, with the user's
 * clock leeway (as the background does).
 */
export function seeEntry(
  context: DiagnosisContext,
  exchange: Exchange,
  key: string,
  leewaySeconds?: number,
  requestBody?: string,
): SeenEntry {
  const options = {
    statuses: AUTH_FAILURE_STATUSES,
    ...(leewaySeconds !== undefined ? { leewaySeconds } : {}),
  };
  const failure = isDiagnosedFailure(exchange, AUTH_FAILURE_STATUSES, context)
    ? (diagnose(exchange, context, options) ?? undefined)
    : undefined;
  let fromBody: string[] | undefined;
  if (failure && exchange.response.body) {
    const { body: _body, ...response } = exchange.response;
    // Only the ids are compared: the compact form, without the catalogue's words, read with
    // the same provider table (vendor headers say the same without the body).
    const without = new Set(
      diagnoseCompact({ ...exchange, response }, context, {
        ...options,
        knowledge: PROVIDER_KNOWLEDGE,
      })?.diagnoses.map((d) => d.id),
    );
    fromBody = failure.diagnoses.map((d) => d.id).filter((id) => !without.has(id));
  }
  recordExchange(context, exchange);
  if (!failure) return { key, exchange };
  const seen: SeenEntry = { key, exchange, failure };
  if (fromBody && fromBody.length > 0) seen.fromBody = fromBody;
  // Only a failure's body is kept: it is what the replay editor starts from.
  if (requestBody !== undefined) seen.requestBody = requestBody;
  return seen;
}

/** The entry that is the same request as `view`: method, status, masked URL, closest time. */
export function matchEntry(
  view: FailureView,
  entries: readonly SeenEntry[],
  used: ReadonlySet<string>,
): SeenEntry | undefined {
  let best: SeenEntry | undefined;
  let bestDelta = MATCH_WINDOW_MS + 1;
  for (const entry of entries) {
    const { request, response } = entry.exchange;
    if (used.has(entry.key) || response.status !== view.status) continue;
    if (request.method !== view.method) continue;
    if (redactUrl(request.url) !== view.url && request.url !== view.url) continue;
    const delta = Math.abs(request.time - view.time);
    if (delta < bestDelta) {
      best = entry;
      bestDelta = delta;
    }
  }
  return best;
}

/**
 * The record enriched with its DevTools entry: raw exchange (memory only), the entry's
 * challenges, credentials and notes, and the record's diagnoses (the background knew the tab's
 * whole history) plus those only the body revealed, ranked again.
 */
export function enrichView(view: FailureView, entry: SeenEntry): FailureView {
  const failure = entry.failure;
  const known = new Set(view.diagnoses.map((d) => d.id));
  const fromBody = new Set(entry.fromBody ?? []);
  const added = failure
    ? failure.diagnoses.filter((d) => fromBody.has(d.id) && !known.has(d.id))
    : [];
  const diagnoses =
    added.length > 0
      ? [...view.diagnoses, ...added].sort((a, b) => rankScore(b) - rankScore(a))
      : view.diagnoses;
  const enriched: FailureView = {
    ...view,
    source: 'devtools',
    exchange: entry.exchange,
    diagnoses,
  };
  if (failure) {
    const flow = flowWithFollowUp(view.failure?.flow, failure.flow);
    enriched.failure = { ...failure, url: view.url, diagnoses, ...(flow ? { flow } : {}) };
  }
  if (entry.requestBody !== undefined) enriched.requestBody = entry.requestBody;
  return enriched;
}

/**
 * The flow a DevTools-enriched failure shows: the entry's own (DevTools read the token
 * endpoint's answers, so its steps name the errors), then the steps the background saw after
 * the failure (the refresh, the retry: it follows a stored failure's flow, DevTools entries are
 * diagnosed as they come). The record's flow alone when the entry has none.
 */
export function flowWithFollowUp(
  recordFlow: readonly FlowStep[] | undefined,
  entryFlow: readonly FlowStep[] | undefined,
): FlowStep[] | undefined {
  if (!entryFlow) return recordFlow ? [...recordFlow] : undefined;
  const failureAt = recordFlow?.findIndex((step) => step.current) ?? -1;
  const after = recordFlow && failureAt >= 0 ? recordFlow.slice(failureAt + 1) : [];
  if (after.length === 0) return [...entryFlow];
  const entryAt = entryFlow.findIndex((step) => step.current);
  return [...(entryAt >= 0 ? entryFlow.slice(0, entryAt + 1) : entryFlow), ...after];
}

/** Every record enriched with its entry, when DevTools saw it. */
export function enrichViews(
  views: readonly FailureView[],
  entries: readonly SeenEntry[],
): FailureView[] {
  if (entries.length === 0) return views as FailureView[];
  const used = new Set<string>();
  return views.map((view) => {
    const entry = matchEntry(view, entries, used);
    if (!entry) return view;
    used.add(entry.key);
    return enrichView(view, entry);
  });
}

/**
 * The raw Authorization an earlier successful DevTools entry to the same origin carried, for the
 * replay's "send the credential that worked" (the newest one before the failure).
 */
export function earlierCredential(
  entries: readonly SeenEntry[],
  view: FailureView,
): { name: string; value: string; url: string } | undefined {
  let origin: string;
  try {
    origin = new URL(view.url).origin;
  } catch {
    return undefined;
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    const { exchange } = entries[i] as SeenEntry;
    const status = exchange.response.status;
    if (status < 200 || status >= 400 || exchange.request.time > view.time) continue;
    let sameOrigin = false;
    try {
      sameOrigin = new URL(exchange.request.url).origin === origin;
    } catch {}
    if (!sameOrigin) continue;
    const header = exchange.request.headers.find((h) => h.name.toLowerCase() === 'authorization');
    if (header && header.value.trim() !== '' && !isMaskedValue(header.value))
      return { name: 'Authorization', value: header.value, url: redactUrl(exchange.request.url) };
  }
  return undefined;
}
