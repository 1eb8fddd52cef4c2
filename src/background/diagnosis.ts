// Diagnoses captured failures with what came before in the same tab. Each tab has its own
// diagnosis context (credentials seen, successes, cookies set, ...): kept in memory for speed
// and saved to storage.session shortly after it changes, so a restarted service worker picks
// it up again (the MV3 worker stops after ~30 s idle and loses its globals:
// docs/browser-notes.md#worker-lifetime).

import { createContext, type DiagnosisContext, recordExchange } from '../core/context';
import { credentialKinds } from '../core/credential-kinds';
import { type CompactFailure, type DiagnoseOptions, diagnoseCompact } from '../core/engine';
import type { Exchange } from '../core/exchange';
import { expectFollowUp, followUp, relabel, type Settled } from '../core/follow-up';
import {
  createFlowFollower,
  type FlowFollower,
  type FlowStep,
  type OAuthHistory,
} from '../core/oauth/flow';
import { HEADER_KNOWLEDGE } from '../core/provider-headers';
import { redactUrl } from '../core/redact';
import { forgetRememberedValues } from '../core/remembered-values';
import type { StorageArea } from '../platform/api';
import type { StoredFailure } from '../storage/failures';

const CONTEXT_PREFIX = 'ctx:';
const SAVE_DELAY_MS = 1000;

/**
 * A stored failure whose OAuth flow may go on (the refresh, then the retry) is followed for at
 * most this many later exchanges of its tab (those the capture passes on: credentials, token
 * requests, failures, flow documents), and FLOW_AFTER_MS (core/oauth/flow.ts).
 */
export const FLOW_FOLLOW_EXCHANGES = 32;
/** Failures followed at once in one tab; the oldest goes first. */
const FLOW_FOLLOW_OPEN = 8;

/**
 * The options with the header half of the provider table (core/provider-headers.ts) unless
 * they name a table: webRequest gives no bodies, but vendor error headers (`x-ms-error-code`,
 * `x-amzn-ErrorType`, `X-Seraph-LoginReason`, a challenge's `error_description`) name the
 * provider's cause here as in the panel. The body patterns are never loaded.
 */
function withHeaderKnowledge(options: DiagnoseOptions): DiagnoseOptions {
  return options.knowledge ? options : { ...options, knowledge: HEADER_KNOWLEDGE };
}

function isContext(value: unknown): value is DiagnosisContext {
  return typeof value === 'object' && value !== null && (value as DiagnosisContext).version === 1;
}

/**
 * The stored form of one failure: what the popup shows, secrets already masked by the core,
 * without the catalogue's words (pages add them when they read it). Vendor error headers are
 * read with the header half of the provider table.
 */
export function failureRecord(
  tabId: number,
  exchange: Exchange,
  context: DiagnosisContext,
  options: DiagnoseOptions,
): StoredFailure | undefined {
  const failure = diagnoseCompact(exchange, context, withHeaderKnowledge(options));
  return failure ? recordOf(tabId, exchange, failure) : undefined;
}

/** The stored form of an exchange and its diagnosis. */
function recordOf(tabId: number, exchange: Exchange, failure: CompactFailure): StoredFailure {
  return {
    id: `${exchange.id ?? 'request'}@${Math.round(exchange.response.time)}`,
    tabId,
    method: failure.method,
    url: failure.url,
    status: failure.status,
    time: exchange.request.time,
    type: exchange.request.type ?? '',
    carried: credentialKinds(exchange.request.headers, exchange.request.url),
    diagnoses: failure.diagnoses,
    platforms: failure.platforms.map((platform) => platform.id),
    ...(failure.statusText ? { statusText: failure.statusText } : {}),
    challenges: failure.challenges,
    credentials: failure.credentials,
    notes: failure.notes,
    ...(failure.superseded ? { superseded: failure.superseded } : {}),
    ...(failure.flow ? { flow: failure.flow } : {}),
  };
}

/** `record` with a later request's verdict (core/follow-up.ts) applied. */
export function settleRecord(record: StoredFailure, settled: Settled): StoredFailure {
  const { superseded: _, ...rest } = record;
  return { ...rest, diagnoses: relabel(record, settled, (d) => d) };
}

/**
 * The stored form of a replay: its diagnosis when it failed; when it succeeded, the request and
 * its status without diagnoses. Marked as a replay of the list entry `of`.
 */
export function replayRecord(
  tabId: number,
  exchange: Exchange,
  failure: CompactFailure | null,
  replay: NonNullable<StoredFailure['replay']>,
): StoredFailure {
  const record = failure
    ? recordOf(tabId, exchange, failure)
    : {
        id: '',
        tabId,
        method: exchange.request.method,
        url: redactUrl(exchange.request.url),
        status: exchange.response.status,
        time: exchange.request.time,
        type: exchange.request.type ?? '',
        carried: credentialKinds(exchange.request.headers, exchange.request.url),
        diagnoses: [],
        platforms: [],
        ...(exchange.response.statusText ? { statusText: exchange.response.statusText } : {}),
      };
  return { ...record, id: `replay-${Math.round(exchange.response.time)}`, replay };
}

/**
 * `options` is read at each diagnosis: the background updates it when the settings change.
 * `onSettled`: earlier failures a later exchange relabels. `onFlow`: an earlier failure's
 * OAuth flow went on (a refresh, a retry): its whole flow now, masked like the rest, for the
 * stored record.
 */
export function createDiagnosis(
  area: StorageArea,
  options: DiagnoseOptions,
  onSettled: (tabId: number, settled: Settled[]) => void = () => undefined,
  onFlow: (tabId: number, ref: string, flow: FlowStep[]) => void = () => undefined,
) {
  const contexts = new Map<number, Promise<DiagnosisContext>>();
  // The token requests (and token endpoints) are one list for every tab: when two tabs refresh
  // with the same refresh token, each tab alone sees only half of refresh-token-reused. The
  // flow's steps stay per tab. After a worker restart the first tab read back brings its copy.
  let sharedTokens: Pick<OAuthHistory, 'tokenEndpoints' | 'tokenRequests'> | undefined;

  function shareTokens(context: DiagnosisContext): void {
    const own = context.oauth;
    if (!sharedTokens) {
      if (own)
        sharedTokens = { tokenEndpoints: own.tokenEndpoints, tokenRequests: own.tokenRequests };
      return;
    }
    if (!own) context.oauth = { ...sharedTokens, steps: [] };
    else {
      own.tokenEndpoints = sharedTokens.tokenEndpoints;
      own.tokenRequests = sharedTokens.tokenRequests;
    }
  }
  const unsaved = new Set<number>();
  let saveScheduled = false;
  // Per tab, the stored failures whose flow may go on, by record id (memory only: a few steps
  // each, already masked; nothing while no failure has an open flow).
  const flows = new Map<number, FlowFollower<string>>();

  function contextOf(tabId: number): Promise<DiagnosisContext> {
    let context = contexts.get(tabId);
    if (!context) {
      const key = `${CONTEXT_PREFIX}${tabId}`;
      context = area.get(key).then(
        (stored) => (isContext(stored[key]) ? stored[key] : createContext()),
        () => createContext(),
      );
      contexts.set(tabId, context);
    }
    return context;
  }

  function scheduleSave(tabId: number): void {
    unsaved.add(tabId);
    if (saveScheduled) return;
    saveScheduled = true;
    setTimeout(async () => {
      saveScheduled = false;
      const update: Record<string, DiagnosisContext> = {};
      for (const id of unsaved) {
        const context = contexts.get(id);
        if (context) update[`${CONTEXT_PREFIX}${id}`] = await context;
      }
      unsaved.clear();
      await area.set(update).catch(() => undefined);
    }, SAVE_DELAY_MS);
  }

  return {
    /**
     * Diagnoses `exchange` if it failed (resolving with the record), then remembers it as
     * context for the tab's later requests. Earlier failures of the tab that this exchange
     * relabels (the browser answered a Negotiate challenge, a "signed-out" page retried with
     * a credential; core/follow-up.ts) go to `onSettled` first, by record id. Exchanges of one
     * tab are handled in arrival order.
     */
    async handle(
      tabId: number,
      exchange: Exchange,
      failure: boolean,
    ): Promise<StoredFailure | undefined> {
      const context = await contextOf(tabId);
      const settled = followUp(context, exchange);
      if (settled.length > 0) onSettled(tabId, settled);
      shareTokens(context);
      const record = failure ? failureRecord(tabId, exchange, context, options) : undefined;
      if (record) expectFollowUp(context, record, record.id);
      recordExchange(context, exchange);
      // The core's memos keep raw values read from the exchange (the diagnosis's, and the
      // fold's last token and Cookie header): not past this exchange here.
      forgetRememberedValues();
      shareTokens(context);
      const followed = flows.get(tabId);
      if (followed) {
        for (const update of followed.advance(context.oauth, exchange.request.time))
          onFlow(tabId, update.ref, update.flow);
        if (followed.size === 0) flows.delete(tabId);
      }
      if (record?.flow) {
        const follower =
          flows.get(tabId) ??
          createFlowFollower<string>({ exchanges: FLOW_FOLLOW_EXCHANGES, open: FLOW_FOLLOW_OPEN });
        follower.follow(record.id, record.flow);
        if (follower.size > 0) flows.set(tabId, follower);
      }
      scheduleSave(tabId);
      return record;
    },

    /**
     * A replay the user sent (panel or report page): diagnosed with the tab's context like any
     * request (null when it succeeded), then remembered as context.
     */
    async replay(tabId: number, exchange: Exchange): Promise<CompactFailure | null> {
      const context = await contextOf(tabId);
      const failure = diagnoseCompact(exchange, context, withHeaderKnowledge(options));
      recordExchange(context, exchange);
      forgetRememberedValues();
      scheduleSave(tabId);
      return failure;
    },

    /** The tab closed: forget its context. */
    async removeTab(tabId: number): Promise<void> {
      contexts.delete(tabId);
      flows.delete(tabId);
      unsaved.delete(tabId);
      await area.remove(`${CONTEXT_PREFIX}${tabId}`);
    },
  };
}
