/**
 * A whole HAR file analysed: every entry folded into one context in file order, every failed
 * entry diagnosed. The report shape is what `401-doctor analyze --json` prints.
 */

import { createContext, recordExchange } from '../context';
import { type Diagnosis, diagnose, type Failure, PROVIDER_KNOWLEDGE } from '../diagnose';
import { isDiagnosedFailure } from '../engine';
import type { Exchange } from '../exchange';
import { explainDiagnosis } from '../explain';
import { expectFollowUp, followUp, relabel } from '../follow-up';
import { createFlowFollower } from '../oauth/flow';
import { DEFAULT_CAPTURED_STATUSES } from '../statuses';
import { importHar } from './import-har';

export interface ToolInfo {
  name: string;
  version: string;
}

/** A diagnosis as reports print it (the CLI's `--json`): without its family. */
export type ReportDiagnosis = Omit<Diagnosis, 'family'>;

export interface ReportFailure {
  /** The entry's position in `log.entries`. */
  index: number;
  method: string;
  /** Key-like query parameters masked. */
  url: string;
  status: number;
  /** Most likely first. */
  diagnoses: ReportDiagnosis[];
  /** Platform ids, strongest first. */
  platforms: string[];
  /** What the file could not show for this entry (omitted when nothing). */
  notes?: string[];
}

export interface HarReport {
  tool: ToolInfo;
  /** Number of entries in `log.entries`. */
  entries: number;
  failures: ReportFailure[];
  /** File-level remarks (stripped secrets, skipped entries); omitted when none. */
  warnings?: string[];
}

export interface AnalyzeHarOptions {
  tool?: ToolInfo;
  /**
   * Statuses reported as failures; default 401 and 407 (add 403, 419, 440 to include all of
   * them). 403s about auth and a token endpoint's 400 invalid_client are reported whatever the set.
   */
  statuses?: ReadonlySet<number>;
  /** Called every `progressEvery` entries and at the end with (done, total). */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export type AnalyzeHarResult =
  | { ok: true; report: HarReport; failures: Array<{ index: number; failure: Failure }> }
  | { ok: false; error: string };

/** Analyses a HAR (its text or the parsed object). Never throws; linear in the file. */
export function analyzeHar(
  input: string | unknown,
  options: AnalyzeHarOptions = {},
): AnalyzeHarResult {
  const imported = importHar(input);
  if (!imported.ok) return imported;
  const { exchanges, entryCount, warnings } = imported.value;
  const failures: Array<{ index: number; failure: Failure }> = [];
  const analyzer = createHarAnalyzer(options.statuses, (index, failure) =>
    failures.push({ index, failure }),
  );
  const every = options.progressEvery ?? 2000;
  for (let i = 0; i < exchanges.length; i++) {
    const exchange = exchanges[i];
    if (exchange) analyzer.add(exchange);
    if (options.onProgress && (i + 1) % every === 0) options.onProgress(i + 1, exchanges.length);
  }
  analyzer.finish();
  options.onProgress?.(exchanges.length, exchanges.length);
  const report: HarReport = {
    tool: options.tool ?? { name: '401-doctor', version: '0.0.0' },
    entries: entryCount,
    failures: failures.map(({ index, failure }) => toReportFailure(index, failure)),
  };
  if (warnings.length > 0) report.warnings = [...warnings];
  return { ok: true, report, failures };
}

/**
 * The analysis of exchanges given one at a time in file order: each folded into one context,
 * each failed one diagnosed and handed to `onFailure` in entry order. A failure a later entry
 * may relabel (a handshake answered, a probe retried: `follow-up.ts`) is held until the context
 * stops waiting for it (settled, past its window, or crowded out), so what `onFailure` gets is
 * final; the failures after it wait with it, to keep the order. Memory: the context's bounds
 * plus the held failures (at most `MAX_HELD`; past that the oldest goes out as it is).
 */
export interface HarAnalyzer {
  add(exchange: Exchange): void;
  /** The end of the file: hands over every failure still held. */
  finish(): void;
}

const MAX_HELD = 10_000;

export function createHarAnalyzer(
  statuses: ReadonlySet<number> = DEFAULT_CAPTURED_STATUSES,
  onFailure: (index: number, failure: Failure, exchange: Exchange) => void,
): HarAnalyzer {
  const context = createContext();
  const diagnoseOptions = { statuses, knowledge: PROVIDER_KNOWLEDGE };
  // Failures not yet handed over, in entry order, and those a later entry may relabel.
  const held: Array<{ index: number; failure: Failure; exchange: Exchange }> = [];
  let heldFrom = 0;
  const awaitingFailures = new Map<string, Failure>();
  // Failures whose OAuth flow may go on (refresh, retry: oauth/flow.ts), held like the awaited
  // ones until it closes or its window passes.
  const flows = createFlowFollower<Failure>();

  function extendFlows(now: number, all: boolean): void {
    for (const update of flows.advance(context.oauth, now, all)) update.ref.flow = update.flow;
  }

  function release(all: boolean): void {
    while (heldFrom < held.length) {
      const next = held[heldFrom] as (typeof held)[number];
      const ref = String(next.index);
      if (!all && flows.has(next.failure) && held.length - heldFrom <= MAX_HELD) break;
      if (!all && awaitingFailures.has(ref)) {
        const stillAwaited = context.awaiting?.some((item) => item.ref === ref) ?? false;
        if (stillAwaited && held.length - heldFrom <= MAX_HELD) break;
        awaitingFailures.delete(ref);
      }
      flows.delete(next.failure);
      held[heldFrom++] = undefined as unknown as (typeof held)[number];
      onFailure(next.index, next.failure, next.exchange);
    }
    if (heldFrom === held.length) {
      held.length = 0;
      heldFrom = 0;
    }
  }

  return {
    add(exchange) {
      for (const settled of followUp(context, exchange)) {
        const earlier = awaitingFailures.get(settled.ref);
        awaitingFailures.delete(settled.ref);
        if (earlier) {
          earlier.diagnoses = relabel(earlier, settled, explainDiagnosis);
          delete earlier.superseded;
        }
      }
      if (isDiagnosedFailure(exchange, statuses, context)) {
        const failure = diagnose(exchange, context, diagnoseOptions);
        if (failure) {
          const index = Number(exchange.id);
          held.push({ index, failure, exchange });
          if (expectFollowUp(context, failure, String(index)))
            awaitingFailures.set(String(index), failure);
          flows.follow(failure, failure.flow);
        }
      }
      recordExchange(context, exchange);
      if (flows.size > 0) extendFlows(exchange.request.time, false);
      if (held.length > heldFrom) release(false);
    },
    finish() {
      extendFlows(Number.NaN, true);
      release(true);
    },
  };
}

/** The report's view of one failure. */
export function toReportFailure(index: number, failure: Failure): ReportFailure {
  const out: ReportFailure = {
    index,
    method: failure.method,
    url: failure.url,
    status: failure.status,
    diagnoses: failure.diagnoses.map((d) => ({
      id: d.id,
      severity: d.severity,
      confidence: d.confidence,
      title: d.title,
      explanation: d.explanation,
      evidence: d.evidence,
      fixes: d.fixes,
    })),
    platforms: failure.platforms.map((p) => p.id),
  };
  if (failure.notes.length > 0) out.notes = failure.notes;
  return out;
}
