// Sanitizing throughput: sanitizeHar (collect every secret of the file, mask where named, then
// one multi-pattern scan of every string for every copy) on the generated HAR of
// bench/analyze-har.ts, at two sizes to show it grows linearly, and against JSON.parse of the
// same text. Then the by-value masker alone: one scan for 5 000 secrets over 10 MB. Figures,
// not assertions.
//
// Then `401-doctor sanitize` on a generated HAR of 300 000 entries (~700 MB, longer than V8's
// longest string: it cannot be sanitized whole), in a process of its own: CPU time, peak
// resident memory, and a check that no session cookie is left in the copy (counted, not
// written). Target: peak memory bounded (under 1 GiB) whatever the file size. And `replay` of
// the file's last entry (read as a stream up to it; a stand-in fetch answers 200).
// BENCH_SKIP_HUGE=1 skips it (a few minutes on a busy 2-core machine).
//
// Run: npx tsx bench/sanitize-har.ts   (or npm run bench)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sanitizeHar } from '../src/core/har/sanitize-har';
import { collectHarSecrets } from '../src/core/secrets/collect';
import { createValueMasker } from '../src/core/secrets/value-masker';
import { generateHar } from './analyze-har';
import { type ManyHostsOptions, writeManyHostsHar } from './big-har-generate';

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

  // A big HAR has hundreds of thousands of distinct tokens: the cost per character must not
  // grow with their number. The text is HAR-like (ids of letters and digits), with one secret.
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // Opaque tokens: 32 letters and digits, as random as real ones (any first character).
  const token = (i: number) => {
    let seed = i * 2654435761 + 1;
    let out = '';
    for (let c = 0; c < 32; c++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      out += ALPHABET[(seed >>> 16) % 62];
    }
    return out;
  };
  const text = Array.from(
    { length: 40_000 },
    (_, i) => `"value": "req-${(i * 2654435761) % 1e9}abc${i.toString(36)}", `,
  ).join('');
  const byCount = [1, 5_000, 300_000].map((count) => {
    const masker = createValueMasker(
      Array.from({ length: count }, (_, i) => ({ value: token(i), kind: 'token' as const })),
    );
    const withOne = `${text}${token(0)}`;
    return median(Array.from({ length: RUNS }, () => time(() => masker.mask(withOne))));
  });
  const [one = 1, five = 0, many = 0] = byCount;
  console.log(
    `  by-value masker over ${(text.length / 1e6).toFixed(1)} MB: 1 secret ${one.toFixed(1)} ms, 5 000 ${five.toFixed(1)} ms (${(five / one).toFixed(2)}x), 300 000 ${many.toFixed(1)} ms (${(many / one).toFixed(2)}x)`,
  );
}

const CHILD = resolve(import.meta.dirname, 'big-har-child.ts');
const TSX = resolve(import.meta.dirname, '../node_modules/tsx/dist/cli.mjs');

/** One measurement in a process of its own (bench/big-har-child.ts). */
function child(args: string[]): Record<string, unknown> & {
  ms: number;
  cpuMs: number;
  maxRssMB: number;
} {
  const out = spawnSync(process.execPath, [TSX, CHILD, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  try {
    return JSON.parse(out.stdout.trim().split('\n').pop() ?? '');
  } catch {
    throw new Error(`bench child ${args.join(' ')} failed: ${out.stderr.slice(0, 500)}`);
  }
}

/** `401-doctor sanitize` on a file bigger than any string: time, memory, nothing leaked. */
export function runBigSanitizeBench(entries = 300_000): void {
  const dir = mkdtempSync(join(tmpdir(), '401-doctor-sanitize-bench-'));
  try {
    const options: ManyHostsOptions = { entries, hosts: 500, failEvery: 3 };
    const file = join(dir, 'whole-day.har');
    writeManyHostsHar(file, options);
    const size = statSync(file).size / 1e6;
    console.log(
      `\n401-doctor sanitize on a generated ${size.toFixed(0)} MB HAR (${entries} entries, ${options.hosts} hosts), one run each, its own process`,
    );
    const row = (label: string, m: { ms: number; cpuMs: number; maxRssMB: number }) =>
      `  ${label.padEnd(34)} ${m.cpuMs.toFixed(0).padStart(7)} ms CPU, ${m.ms.toFixed(0)} ms wall   peak RSS ${m.maxRssMB.toFixed(0).padStart(5)} MB`;
    const idle = child(['idle']);
    console.log(row('node + tsx, idle', idle));
    const scan = child(['scan', file]);
    console.log(row('streaming parse, nothing else', scan));
    const run = child(['sanitize', file]);
    console.log(row('401-doctor sanitize -o', run));
    console.log(
      `  exit ${run.code}; copy ${(Number(run.copyBytes) / 1e6).toFixed(0)} MB in ${run.pieces} pieces, ${run.leaked ? 'A SESSION COOKIE LEFT IN IT' : 'no session cookie left'}; ${String(run.said).replace(/^401-doctor: /, '')}`,
    );
    console.log(
      `  ratio ${(run.cpuMs / scan.cpuMs).toFixed(2)}x the streaming parse (CPU time; the file is read twice); peak memory ${run.maxRssMB.toFixed(0)} MB = ${(run.maxRssMB / size).toFixed(2)}x the file (target < 1024 MB)`,
    );
    // replay of the last entry (a failure): the whole file read up to it, once.
    const last = entries - 1;
    const replay = child(['replay', file, String(last)]);
    console.log(row(`401-doctor replay --entry ${last}`, replay));
    console.log(`  exit ${replay.code}, sent ${replay.sent}: ${replay.said}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runSanitizeHarBench();
  if (!process.env.BENCH_SKIP_HUGE)
    runBigSanitizeBench(Number(process.env.BENCH_SANITIZE_ENTRIES ?? 300_000));
}
