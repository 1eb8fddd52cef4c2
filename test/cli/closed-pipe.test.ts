// The real command line writing to a pipe whose reader stops early (`analyze --json | head`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeManyHostsHar } from '../../bench/big-har-generate';

describe('a closed standard output', () => {
  const dir = mkdtempSync(join(tmpdir(), '401-doctor-pipe-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the reader stops after a few lines: the command ends at once, quietly, with status 141', async () => {
    const file = join(dir, 'many-hosts.har');
    // Enough failures that the output is far bigger than a pipe's buffer (64 KB).
    writeManyHostsHar(file, { entries: 6000, hosts: 50, failEvery: 3 });
    const child = spawn(
      process.execPath,
      [
        resolve(import.meta.dirname, '../../node_modules/tsx/dist/cli.mjs'),
        resolve(import.meta.dirname, '../../src/cli/401-doctor.ts'),
        'analyze',
        file,
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let head = '';
    // Like `head -c 2000`: read the first bytes, then close the pipe.
    child.stdout.on('data', (chunk: Buffer) => {
      head += chunk.toString();
      if (head.length > 2000) child.stdout.destroy();
    });
    const status = await new Promise<number | null>((done) =>
      child.on('exit', (code) => done(code)),
    );
    expect(head).toContain('"failures": [');
    expect(stderr).not.toMatch(/EPIPE|at |Error/);
    expect(status).toBe(141);
  }, 60_000);
});
