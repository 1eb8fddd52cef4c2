// Grades the engine on the public-capture corpus (test/fixtures/public/README.md): every HAR
// there with `log._publicCase` carries the cause a person judged from the capture alone.
// Used by test/core/public-captures.test.ts and by scripts/provider-docs.ts (README figure).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createContext, recordExchange } from '../src/core/context';
import type { Failure } from '../src/core/diagnose';
import { diagnoseCompact } from '../src/core/engine';
import { analyzeHar } from '../src/core/har/analyze-har';
import { importHar } from '../src/core/har/import-har';
import { HEADER_KNOWLEDGE } from '../src/core/provider-headers';
import { sentCredentials } from '../src/core/sent-credentials';

export const PUBLIC_DIR = resolve(import.meta.dirname, '../test/fixtures/public');

export interface PublicCase {
  id: string;
  provider: string;
  style: string;
  source: string;
  licence: string;
  judged: { cause: string; why: string };
}

export interface GradedCase {
  file: string;
  meta: PublicCase;
  failure: Failure;
  /** Where the judged cause ranks (0 = first); -1 when it is not named at all. */
  rank: number;
  /** The failed request carried a credential whose value the capture masked. */
  masked: boolean;
}

/** Every judged case of the corpus, diagnosed (the last auth failure of each file). */
export function gradePublicCorpus(dir: string = PUBLIC_DIR): GradedCase[] {
  const out: GradedCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.har'))
    .sort()) {
    const text = readFileSync(resolve(dir, file), 'utf8');
    const meta = (JSON.parse(text) as { log: { _publicCase?: PublicCase } }).log._publicCase;
    if (!meta) continue;
    const result = analyzeHar(text, { statuses: new Set([401, 403, 407]) });
    if (!result.ok) throw new Error(`${file}: ${result.error}`);
    const last = result.failures[result.failures.length - 1];
    if (!last) throw new Error(`${file}: no auth failure found`);
    const imported = importHar(text);
    const exchange = imported.ok ? imported.value.exchanges[last.index] : undefined;
    out.push({
      file,
      meta,
      failure: last.failure,
      rank: last.failure.diagnoses.findIndex((d) => d.id === meta.judged.cause),
      masked: exchange !== undefined && sentCredentials(exchange).some((c) => c.masked),
    });
  }
  return out;
}

/** How many cases, and how many name the judged cause first and in the top 3. */
export function corpusFigures(cases: readonly GradedCase[]) {
  return {
    cases: cases.length,
    top1: cases.filter((c) => c.rank === 0).length,
    top3: cases.filter((c) => c.rank >= 0 && c.rank < 3).length,
    masked: cases.filter((c) => c.masked).length,
    providers: new Set(cases.map((c) => c.meta.provider)).size,
  };
}

/**
 * The corpus as the extension's background sees such traffic: each exchange without its body
 * (webRequest gives none), read with the provider table's header half. How many cases name the
 * judged cause first and in the top 3 (the last failure of each file, as above).
 */
export function headersOnlyFigures(dir: string = PUBLIC_DIR): { top1: number; top3: number } {
  let top1 = 0;
  let top3 = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.har'))) {
    const text = readFileSync(resolve(dir, file), 'utf8');
    const meta = (JSON.parse(text) as { log: { _publicCase?: PublicCase } }).log._publicCase;
    const imported = importHar(text);
    if (!meta || !imported.ok) continue;
    const context = createContext();
    let last: ReturnType<typeof diagnoseCompact> = null;
    for (const exchange of imported.value.exchanges) {
      const { body: _body, ...response } = exchange.response;
      const failure = diagnoseCompact({ ...exchange, response }, context, {
        statuses: new Set([401, 403, 407]),
        knowledge: HEADER_KNOWLEDGE,
      });
      if (failure) last = failure;
      recordExchange(context, exchange);
    }
    const rank = last?.diagnoses.findIndex((d) => d.id === meta.judged.cause) ?? -1;
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
  }
  return { top1, top3 };
}
