import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeManyHostsHar } from '../../bench/big-har-generate';
import { main } from '../../src/cli/main';

// The benchmark's afternoon across many hosts (bench/big-har-generate.ts), small: 1 800
// entries over 600 hosts (more origins than the context keeps), a failure in every third
// entry. `analyze --json` read as a stream like the real command, summed up as each
// failure's diagnosis ids and platforms, and a hash of the whole output: the snapshot was
// written by the code before the speed work on this path, so any change in what it reports
// (an id, an evidence line, a masked value) shows here.
it('analyze --json on a generated 600-host HAR reports what it reported before', {
  timeout: 30_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), '401-doctor-test-'));
  let text: string;
  try {
    const file = join(dir, 'many-hosts.har');
    writeManyHostsHar(file, { entries: 1800, hosts: 600, failEvery: 3 });
    text = readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const out: string[] = [];
  const code = await main(['analyze', 'many-hosts.har', '--json'], {
    stdout: (t) => out.push(t),
    stderr: () => {},
    readFile: async () => text,
    writeFile: async () => {},
    openRead: async function* () {
      for (let at = 0; at < text.length; at += 1 << 16) yield text.slice(at, at + (1 << 16));
    },
    fileSize: async () => text.length,
    isTTY: false,
    env: {},
  });
  const json = out.join('');
  const report = JSON.parse(json) as {
    entries: number;
    failures: Array<{
      index: number;
      status: number;
      diagnoses: { id: string }[];
      platforms: string[];
    }>;
  };
  expect(code).toBe(1);
  expect(report.entries).toBe(1800);
  expect(report.failures).toHaveLength(600);
  const lines = report.failures.map(
    (f) =>
      `${f.index} ${f.status} ${f.diagnoses.map((d) => d.id).join(',')} [${f.platforms.join(',')}]`,
  );
  const digest = createHash('sha256').update(json).digest('hex');
  await expect(
    `sha256 of the --json output: ${digest}\n\n${lines.join('\n')}\n`,
  ).toMatchFileSnapshot('./__snapshots__/analyze-many-hosts.txt');
});
