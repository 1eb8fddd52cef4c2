// An imported HAR analysed for the report page and the panel: the core's streamed analysis
// (the very report `analyze --json` prints), plus, for the detail view, the failed entries'
// exchanges (raw values, kept in the page's memory only) and the timeline of the origins that
// failed. Runs in a worker (har-worker.ts) so the page stays responsive on large files.
import { credentialKinds } from '../core/credential-kinds';
import {
  type HarReport,
  type ReportFailure,
  type ToolInfo,
  toReportFailure,
} from '../core/har/analyze-har';
import { analyzeHarStream } from '../core/har/analyze-har-stream';
import { createHarEntryScanner } from '../core/har/har-stream';
import { exchangeFromHarEntry } from '../core/har/import-har';
import { harRequestBody } from '../core/replay';
import { originOf } from '../core/url-parts';
import { type FailureView, viewFromFailure } from './failure-view';
import { type TimelineEntry, timelineFromExchange } from './timeline';

export interface HarAnalysis {
  report: HarReport;
  views: FailureView[];
  timeline: TimelineEntry[];
}

export type HarAnalysisResult = { ok: true; value: HarAnalysis } | { ok: false; error: string };

/** Where a streamed analysis is: text read (characters, about bytes), entries, failures. */
export interface StreamProgress {
  read: number;
  entries: number;
  failures: number;
}

/**
 * Analyses a HAR read as a stream (`open()` reads it from the start each time: a `File` can
 * be read again): entries parsed one at a time, so the file's size is bounded by the disk,
 * not by the page's memory (a 1 GB export is longer than the longest string the engine can
 * hold). The same report as `analyzeHarText`; the timeline comes from a second read, once the
 * origins that failed are known. Never throws.
 */
export async function analyzeHarStreamed(
  open: () => AsyncIterable<string>,
  options: {
    tool: ToolInfo;
    onProgress?: (progress: StreamProgress) => void;
    /** Timeline entries kept per origin (the newest are dropped past it). */
    timelinePerOrigin?: number;
  },
): Promise<HarAnalysisResult> {
  let read = 0;
  const counted = async function* () {
    read = 0;
    for await (const chunk of open()) {
      read += chunk.length;
      yield chunk;
    }
  };
  const failures: ReportFailure[] = [];
  const views: FailureView[] = [];
  const origins = new Set<string>();
  const result = await analyzeHarStream(counted, {
    onFailure: (index, failure, exchange) => {
      failures.push(toReportFailure(index, failure));
      const carried = credentialKinds(exchange.request.headers, exchange.request.url);
      views.push(viewFromFailure(failure, exchange, 'har', index, carried));
      origins.add(originOf(exchange.request.url));
    },
    ...(options.onProgress
      ? {
          onProgress: ({ entries, failures: count }: { entries: number; failures: number }) =>
            options.onProgress?.({ read, entries, failures: count }),
        }
      : {}),
  });
  if (!result.ok) return { ok: false, error: result.error };
  const failed = new Map(views.map((view) => [view.index, view]));
  const timeline = await timelineOf(open, origins, failed, options.timelinePerOrigin ?? 2000);
  const report: HarReport = { tool: options.tool, entries: result.entries, failures };
  if (result.warnings.length > 0) report.warnings = result.warnings;
  return { ok: true, value: { report, views, timeline } };
}

/**
 * The timeline of the given origins (at most `perOrigin` entries each), from a second read; the
 * same read gives each failure's view its request body (postData.text), for the replay editor.
 */
async function timelineOf(
  open: () => AsyncIterable<string>,
  origins: ReadonlySet<string>,
  failed: ReadonlyMap<number, FailureView>,
  perOrigin: number,
): Promise<TimelineEntry[]> {
  const timeline: TimelineEntry[] = [];
  if (origins.size === 0) return timeline;
  const counts = new Map<string, number>();
  const scanner = createHarEntryScanner((entry, i) => {
    const view = failed.get(i);
    const body = view && harRequestBody(entry);
    if (view && body !== undefined) view.requestBody = body;
    const url = (entry as { request?: { url?: unknown } } | null)?.request?.url;
    const origin = originOf(typeof url === 'string' ? url : '');
    if (!origins.has(origin)) return;
    const count = counts.get(origin) ?? 0;
    if (count >= perOrigin) return;
    const exchange = exchangeFromHarEntry(entry, i);
    if (!exchange) return;
    counts.set(origin, count + 1);
    timeline.push(timelineFromExchange(exchange, `har:${i}:${i}`));
  });
  try {
    for await (const chunk of open()) if (!scanner.push(chunk)) break;
  } catch {
    // The analysis read it once; a failure now leaves the timeline short, not the report.
  }
  return timeline;
}
