// Entry point of the 401-doctor command line: main() with the real process.
// No hashbang here: the build (scripts/build.ts) adds `#!/usr/bin/env node` as the bundle's
// banner, and rolldown keeps a source hashbang too, which would make two (a syntax error).
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { main } from './main';

/** `-` reads standard input (a HAR piped in). */
async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: readInput,
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  // 1 MB chunks, decoded as UTF-8 (a character split between chunks is kept whole).
  openRead: (path) => createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }),
  fileSize: async (path) => {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return info.size;
  },
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
