// An imported HAR analysed for the report page and the panel: the core's analyzeHar (the very
// report `analyze --json` prints), plus, for the detail view, the failed entries' exchanges
// (raw values, kept in the page's memory only) and the timeline of the origins that failed.
// Runs in a worker (har-worker.ts) so the page stays responsive on large files.
import { credentialKinds } from '../core/credential-kinds';
import { analyzeHar, type HarReport, type ToolInfo } from '../core/har/analyze-har';
import { exchangeFromHarEntry } from '../core/har/import-har';
import { originOf } from '../core/url-parts';
import { type FailureView, viewFromFailure } from './failure-view';
import { type TimelineEntry, timelineFromExchange } from './timeline';

export interface HarAnalysis {
  report: HarReport;
  views: FailureView[];
  timeline: TimelineEntry[];
}

export type HarAnalysisResult = { ok: true; value: HarAnalysis } | { ok: false; error: string };

export interface HarAnalysisOptions {
  tool: ToolInfo;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** Timeline entries kept per origin (the newest are dropped past it). */
  timelinePerOrigin?: number;
}

/** Analyses a HAR's text. Never throws; `data` receives the parsed file for later use. */
export function analyzeHarText(
  text: string,
  options: HarAnalysisOptions,
  keep?: (data: unknown) => void,
): HarAnalysisResult {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // The core words the error for people.
    const result = analyzeHar(text, { tool: options.tool });
    return result.ok ? { ok: false, error: 'The file could not be read.' } : result;
  }
  const result = analyzeHar(data, {
    tool: options.tool,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    progressEvery: options.progressEvery ?? 500,
  });
  if (!result.ok) return result;
  keep?.(data);
  const entries = (data as { log: { entries: unknown[] } }).log.entries;
  const views: FailureView[] = [];
  const origins = new Set<string>();
  for (const { index, failure } of result.failures) {
    const exchange = exchangeFromHarEntry(entries[index], index);
    const carried = exchange ? credentialKinds(exchange.request.headers, exchange.request.url) : [];
    views.push(viewFromFailure(failure, exchange, 'har', index, carried));
    if (exchange) origins.add(originOf(exchange.request.url));
  }
  const perOrigin = options.timelinePerOrigin ?? 2000;
  const counts = new Map<string, number>();
  const timeline: TimelineEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as { request?: { url?: unknown } } | null;
    const url = typeof entry?.request?.url === 'string' ? entry.request.url : '';
    const origin = originOf(url);
    if (!origins.has(origin)) continue;
    const count = counts.get(origin) ?? 0;
    if (count >= perOrigin) continue;
    const exchange = exchangeFromHarEntry(entry, i);
    if (!exchange) continue;
    counts.set(origin, count + 1);
    timeline.push(timelineFromExchange(exchange, `har:${i}:${i}`));
  }
  return { ok: true, value: { report: result.report, views, timeline } };
}
