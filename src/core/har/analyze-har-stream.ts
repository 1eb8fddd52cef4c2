/**
 * A HAR analysed as it is read: entries parsed one at a time (`har-stream.ts`), failures handed
 * over as they are diagnosed. Memory is bounded by the context and the largest entry, not by
 * the file, so any file that fits on disk can be analysed (the command line's `analyze`, the
 * report page's import).
 *
 * One thing needs the whole file: whether its secret headers were stripped (no entry carries
 * Authorization, Cookie or Set-Cookie while the traffic shows cookie sessions or challenges,
 * as in Chrome's default export: `createSanitizedExportCheck`), which changes what the
 * diagnoses may conclude. The first entries are held until one carries such a header (the
 * usual case: the first request with a cookie); when `LOOKAHEAD` entries go by without one,
 * the rest of the file is searched for one first (a second read, stopping at the first found),
 * then the analysis starts again from the top knowing the answer.
 */
import type { Failure } from '../diagnose';
import type { Exchange } from '../exchange';
import { DEFAULT_CAPTURED_STATUSES } from '../statuses';
import { createHarAnalyzer } from './analyze-har';
import { createHarEntryScanner } from './har-stream';
import { createHarEntryReader, markStripped } from './import-har';

export interface AnalyzeHarStreamOptions {
  /** Statuses reported as failures (see `AnalyzeHarOptions`). */
  statuses?: ReadonlySet<number>;
  /** Each failure, in entry order, once nothing later can change it, with its exchange. */
  onFailure: (index: number, failure: Failure, exchange: Exchange) => void;
  /** Called every `progressEvery` entries (default 1 000) with the counts so far. */
  onProgress?: (progress: { entries: number; failures: number }) => void;
  progressEvery?: number;
}

export type AnalyzeHarStreamResult =
  | { ok: true; entries: number; failures: number; creator: string; warnings: string[] }
  | { ok: false; error: string; failures: number };

/** Entries held while waiting for one that carries a secret header. */
const LOOKAHEAD = 2000;

/**
 * Analyses the HAR that `open()` reads (a fresh iterable of text chunks on each call: a file
 * may be read twice, see above). Never throws; a broken file gives `{ ok: false, error }`,
 * possibly after some failures were already handed over.
 */
export async function analyzeHarStream(
  open: () => AsyncIterable<string>,
  options: AnalyzeHarStreamOptions,
): Promise<AnalyzeHarStreamResult> {
  const first = await pass(open, options, undefined);
  if (first.kind === 'done') return first.result;
  // LOOKAHEAD entries without a secret header: does any later entry carry one?
  const stripped = await findSecretHeader(open);
  if (typeof stripped === 'string') return { ok: false, error: stripped, failures: 0 };
  const second = await pass(open, options, stripped);
  if (second.kind === 'done') return second.result;
  return { ok: false, error: 'internal: the second read did not finish', failures: 0 };
}

type PassResult = { kind: 'done'; result: AnalyzeHarStreamResult } | { kind: 'lookahead' };

/** One read of the file. `stripped` undefined: not known yet (hold the first entries). */
async function pass(
  open: () => AsyncIterable<string>,
  options: AnalyzeHarStreamOptions,
  known: boolean | undefined,
): Promise<PassResult> {
  let stripped = known;
  let failures = 0;
  let entries = 0;
  const every = options.progressEvery ?? 1000;
  const analyzer = createHarAnalyzer(
    options.statuses ?? DEFAULT_CAPTURED_STATUSES,
    (index, f, e) => {
      failures++;
      options.onFailure(index, f, e);
    },
  );
  const reader = createHarEntryReader();
  let waiting: Exchange[] = [];
  let gaveUp = false;

  const analyze = (exchange: Exchange) => {
    if (stripped) markStripped(exchange);
    analyzer.add(exchange);
  };
  const scanner = createHarEntryScanner((entry, index) => {
    if (gaveUp) return;
    entries++;
    const exchange = reader.add(entry, index);
    if (exchange) {
      if (stripped !== undefined) analyze(exchange);
      else {
        waiting.push(exchange);
        if (reader.sawSecretHeader) {
          stripped = false;
          for (const held of waiting) analyze(held);
          waiting = [];
        } else if (waiting.length >= LOOKAHEAD) gaveUp = true;
      }
    }
    if (options.onProgress && entries % every === 0) options.onProgress({ entries, failures });
  });

  try {
    for await (const chunk of open()) {
      if (!scanner.push(chunk) || gaveUp) break;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'done',
      result: { ok: false, error: `The file could not be read (${message}).`, failures },
    };
  }
  if (gaveUp) return { kind: 'lookahead' };
  const end = scanner.end();
  if (!end.ok) {
    analyzer.finish();
    return { kind: 'done', result: { ok: false, error: end.error, failures } };
  }
  const { warnings, secretsStripped } = reader.finish(end.creator);
  if (stripped === undefined) {
    stripped = secretsStripped;
    for (const held of waiting) analyze(held);
    waiting = [];
  }
  analyzer.finish();
  options.onProgress?.({ entries, failures });
  return {
    kind: 'done',
    result: { ok: true, entries: end.entryCount, failures, creator: end.creator, warnings },
  };
}

/**
 * Whether the file is a sanitized export: read until an entry carries a secret header (then
 * it is not), else to the end with the same check as the reader's `finish`.
 */
async function findSecretHeader(open: () => AsyncIterable<string>): Promise<boolean | string> {
  const reader = createHarEntryReader();
  let found = false;
  const scanner = createHarEntryScanner((entry, index) => {
    if (!found) {
      reader.add(entry, index);
      found = reader.sawSecretHeader;
    }
  });
  try {
    for await (const chunk of open()) {
      if (!scanner.push(chunk)) break;
      if (found) return false;
    }
  } catch (error) {
    return `The file could not be read (${error instanceof Error ? error.message : String(error)}).`;
  }
  const end = scanner.end();
  if (!end.ok) return end.error;
  return reader.finish(end.creator).secretsStripped;
}
