// `sanitize` on a HAR bigger than one read: through the command line's streaming path (the file
// read twice in chunks, the copy written in pieces), with main() and with the real process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHar } from '../../bench/analyze-har';
import { writeManyHostsHar } from '../../bench/big-har-generate';
import { type CliIo, main } from '../../src/cli/main';
import { checkHar } from '../../src/core/har/sanitize-har';
import { KEEP_ENTRIES_BELOW } from '../../src/core/har/sanitize-har-stream';

const CHUNK = 1 << 18;

describe('sanitize streams', () => {
  it('a generated HAR bigger than what is kept in memory: read twice in chunks, written in pieces, no secret left, and it parses', async () => {
    const text = generateHar(9000);
    expect(text.length).toBeGreaterThan(KEEP_ENTRIES_BELOW);
    expect(text).toContain('FAKE-session-');
    const pieces: string[] = [];
    const err: string[] = [];
    let reads = 0;
    let closed = false;
    const io: CliIo = {
      stdout: () => {
        throw new Error('the copy goes through openWrite');
      },
      stderr: (t) => err.push(t),
      readFile: () => Promise.reject(new Error('the file is never read whole')),
      writeFile: () => Promise.reject(new Error('the copy is never written whole')),
      openRead: async function* () {
        reads++;
        for (let i = 0; i < text.length; i += CHUNK) yield text.slice(i, i + CHUNK);
      },
      fileSize: async () => text.length,
      openWrite: (path) => {
        expect(path).toBe('out.har');
        return {
          write: async (t) => {
            pieces.push(t);
          },
          close: async () => {
            closed = true;
          },
          abort: async () => {},
        };
      },
      isTTY: false,
      env: {},
    };
    expect(await main(['sanitize', 'big.har', '-o', 'out.har'], io)).toBe(0);
    expect(reads).toBe(2);
    expect(closed).toBe(true);
    expect(pieces.length).toBeGreaterThan(4);
    // Each piece about a chunk's worth of entries, pretty-printed: never the whole copy.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4 * CHUNK + (1 << 20));
    expect(pieces.length).toBeGreaterThan(text.length / (4 * CHUNK + (1 << 20)));
    const out = pieces.join('');
    expect(out).not.toContain('FAKE-session-');
    const parsed = JSON.parse(out);
    expect(parsed.log.entries).toHaveLength(9000);
    const check = checkHar(parsed);
    expect(check.ok && check.places).toEqual([]);
    expect(err.join('')).toMatch(
      /^401-doctor: masked \d+ values: .*cookies.*; written to out\.har\n$/,
    );
  }, 30_000);

  describe('the real command line', () => {
    const dir = mkdtempSync(join(tmpdir(), '401-doctor-sanitize-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cli = (args: string[], input?: Buffer) =>
      spawnSync(
        process.execPath,
        [
          resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs'),
          resolve(import.meta.dirname, '../../src/cli/401-doctor.ts'),
          ...args,
        ],
        { input, maxBuffer: 1 << 28, encoding: 'buffer' },
      );

    it('a file, -o, standard input and standard output give the same copy; --check passes it', () => {
      const file = join(dir, 'many-hosts.har');
      writeManyHostsHar(file, { entries: 3000, hosts: 50, failEvery: 3 });
      expect(statSync(file).size).toBeGreaterThan(6_000_000);
      // Smaller than KEEP_ENTRIES_BELOW: read once (the unit tests of
      // core/har/sanitize-har-stream.ts compare both paths on every fixture).
      const toFile = cli(['sanitize', file, '-o', join(dir, 'out.har')]);
      expect(toFile.stderr.toString()).toMatch(/masked \d+ values/);
      expect(toFile.status).toBe(0);
      const written = readFileSync(join(dir, 'out.har'), 'utf8');
      expect(written).not.toContain('FAKE-session-');
      expect(JSON.parse(written).log.entries).toHaveLength(3000);
      const piped = cli(['sanitize', '-'], readFileSync(file));
      expect(piped.status).toBe(0);
      expect(piped.stdout.toString('utf8')).toBe(written);
      const check = cli(['sanitize', '--check', join(dir, 'out.har')]);
      expect(check.stdout.toString()).toContain('no secret-looking value found');
      expect(check.status).toBe(0);
      // The original still holds them.
      expect(cli(['sanitize', '--check', '-'], readFileSync(file)).status).toBe(1);
    }, 60_000);

    it('analyze - streams standard input: the same report as the file', () => {
      const file = join(dir, 'analyze-stdin.har');
      writeManyHostsHar(file, { entries: 3000, hosts: 50, failEvery: 3 });
      const fromFile = cli(['analyze', file, '--json']);
      expect(fromFile.status).toBe(1);
      const piped = cli(['analyze', '-', '--json'], readFileSync(file));
      expect(piped.status).toBe(1);
      expect(piped.stdout.toString('utf8')).toBe(fromFile.stdout.toString('utf8'));
      expect(JSON.parse(piped.stdout.toString('utf8')).failures).toHaveLength(1000);
    }, 60_000);

    it('a broken file leaves no output file behind', () => {
      const file = join(dir, 'broken.har');
      const text = generateHar(200);
      writeFileSync(file, text.slice(0, text.length - 10));
      const run = cli(['sanitize', file, '-o', join(dir, 'broken.out.har')]);
      expect(run.status).toBe(2);
      expect(run.stderr.toString()).toContain('not valid JSON');
      expect(() => statSync(join(dir, 'broken.out.har'))).toThrow();
    }, 30_000);
  });
});
