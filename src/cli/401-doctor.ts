// Entry point of the 401-doctor command line: main() with the real process.
// No hashbang here: the build (scripts/build.ts) adds `#!/usr/bin/env node` as the bundle's
// banner, and rolldown keeps a source hashbang too, which would make two (a syntax error).
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from './io';
import { main } from './main';

/** `-` reads standard input (a HAR piped in). */
async function readInput(path: string): Promise<string> {
  if (path !== '-') return readFile(path, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** 1 MB chunks, decoded as UTF-8 (a character split between chunks is kept whole). */
const readFileChunks = (path: string) =>
  createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });

/**
 * Standard input, read again from the start on each call: the first read keeps its bytes in
 * memory (outside V8's heap, never on disk: a piped HAR holds secrets), the next ones replay
 * them. A file given by path is read from disk each time instead, in bounded memory.
 */
let stdinBytes: Buffer[] | undefined;
async function* readStdinChunks(): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  if (stdinBytes) {
    for (const bytes of stdinBytes) yield decoder.write(bytes);
  } else {
    const kept: Buffer[] = [];
    for await (const bytes of process.stdin) {
      kept.push(bytes as Buffer);
      yield decoder.write(bytes as Buffer);
    }
    stdinBytes = kept;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Waits until `stream` can take more (or failed). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('error', failed);
      resolve();
    };
    const failed = (error: Error) => {
      stream.off('drain', done);
      reject(error);
    };
    stream.once('drain', done);
    stream.once('error', failed);
  });
}

/** Standard output, or a file written beside its target and renamed over it when complete. */
function openWrite(path: string | undefined): OutputStream {
  if (path === undefined)
    return {
      write: (text) => (process.stdout.write(text) ? Promise.resolve() : drained(process.stdout)),
      close: async () => {},
      abort: async () => {},
    };
  const partial = `${path}.${process.pid}.partial`;
  const stream = createWriteStream(partial);
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure ??= error;
  });
  const finished = () =>
    new Promise<void>((resolve, reject) => {
      if (stream.closed) return failure ? reject(failure) : resolve();
      stream.once('close', () => (failure ? reject(failure) : resolve()));
      stream.end();
    });
  return {
    write: async (text) => {
      if (failure) throw failure;
      if (!stream.write(text)) await drained(stream);
    },
    close: async () => {
      await finished();
      await rename(partial, path);
    },
    abort: async () => {
      await finished().catch(() => {});
      await rm(partial, { force: true });
    },
  };
}

/**
 * The reader of standard output went away (`401-doctor analyze big.har --json | head`): stop at
 * once and quietly, as a command killed by SIGPIPE does (status 128 + 13), instead of dying
 * with Node's stack trace for the unhandled EPIPE or reading the rest of the file for nobody.
 * Standard error gone too is ignored: there is nothing left to tell.
 */
const SIGPIPE_STATUS = 141;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(SIGPIPE_STATUS);
  throw error;
});
process.stderr.on('error', () => {});

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: readInput,
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  openRead: (path) => (path === '-' ? readStdinChunks() : readFileChunks(path)),
  openWrite,
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
