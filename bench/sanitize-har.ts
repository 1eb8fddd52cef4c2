// Sanitizing throughput: sanitizeHar (collect every secret of the file, mask where named, then
// one multi-pattern scan of every string for every copy) on the generated HAR of
// bench/analyze-har.ts, at two sizes to show it grows linearly, and against JSON.parse of the
// same text. Then the by-value masker alone: one scan for 5 000 secrets over 10 MB. Figures,
// not assertions.
//
// Run: npx tsx bench/sanitize-har.ts   (or npm run bench)
import { pathToFileURL } from 'node:url';
import { sanitizeHar } from '../src/core/har/sanitize-har';
import { collectHarSecrets } from '../src/core/secrets/collect';
import { createValueMasker } from '../src/core/secrets/value-masker';
import { generateHar } from './analyze-har';

const SIZES = [10_000, 50_000];
const RUNS = Number(process.env.BENCH_HAR_RUNS ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time(run: () => void): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}

export function runSanitizeHarBench(): void {
  console.log('\nsanitizeHar on the generated HAR (median of runs)');
  const perEntry: number[] = [];
  for (const entries of SIZES) {
    const text = generateHar(entries);
    const data = JSON.parse(text);
    const secrets = collectHarSecrets(data).values.size;
    sanitizeHar(data);
    const parse: number[] = [];
    const sanitize: number[] = [];
    let masked = 0;
    for (let run = 0; run < RUNS; run++) {
      parse.push(time(() => JSON.parse(text)));
      sanitize.push(
        time(() => {
          const result = sanitizeHar(data);
          if (result.ok) masked = result.masked;
        }),
      );
    }
    const ms = median(sanitize);
    perEntry.push(ms / entries);
    console.log(
      `  ${String(entries).padStart(6)} entries, ${(text.length / 1e6).toFixed(1).padStart(5)} MB: ${ms.toFixed(0).padStart(6)} ms, ${(median(sanitize) / median(parse)).toFixed(2)}x JSON.parse; ${secrets} distinct secrets, ${masked} values masked`,
    );
  }
  const growth = (perEntry[1] ?? 0) / (perEntry[0] ?? 1);
  console.log(
    `  cost per entry, ${SIZES[1]} vs ${SIZES[0]} entries: ${growth.toFixed(2)}x (1.0 = linear)`,
  );

  const secrets = Array.from({ length: 5000 }, (_, i) => ({
    value: `tok-${i.toString(36)}-${((i * 7919) % 104729).toString(36)}Zq9`,
    kind: 'token' as const,
  }));
  const masker = createValueMasker(secrets);
  const text = `${'lorem ipsum dolor sit amet, consectetur 0123456789 '.repeat(200_000)}${secrets[42]?.value}`;
  const one = createValueMasker(secrets.slice(0, 1));
  const many = median(Array.from({ length: RUNS }, () => time(() => masker.mask(text))));
  const single = median(Array.from({ length: RUNS }, () => time(() => one.mask(text))));
  console.log(
    `  by-value masker over ${(text.length / 1e6).toFixed(1)} MB: 5 000 secrets ${many.toFixed(0)} ms, 1 secret ${single.toFixed(0)} ms (${(many / single).toFixed(2)}x)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runSanitizeHarBench();
