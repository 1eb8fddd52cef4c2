// `401-doctor sanitize IN.har|- [-o OUT.har]`: a copy of a HAR file with every secret masked,
// and what was masked said on stderr (stdout stays a HAR). `sanitize --check FILE` says where a
// HAR still holds secret-looking values, without changing it (exit 1 when it does).
// Both read the file as a stream, twice (core/har/sanitize-har-stream.ts), and the copy is
// written as it is made: a file of any size on disk can be sanitized in bounded memory.
import type { CheckResult } from '../../core/har/sanitize-har';
import { checkHarStream, sanitizeHarStream } from '../../core/har/sanitize-har-stream';
import { SECRET_CLASSES, type SecretClass } from '../../core/secrets/model';
import { type Args, optionValue } from '../args';
import { type CliIo, EXIT, type OutputStream, readError, readInput, usageError } from '../io';

export const usage = `  sanitize IN.har|- [-o OUT.har]
      Write a copy with every secret masked: where secrets are named (Authorization, cookies,
      key headers, password / token / client_secret parameters and JSON members) and every
      copy of them anywhere else (bodies, URLs, titles, WebSocket messages). Prints what was
      masked, by kind, on stderr.
  sanitize --check FILE.har|- [--json]
      Say where a HAR (from any tool) still holds secret-looking values; changes nothing.
      Exit status 1 when something is found, 0 when the file is clean.`;

const PLURALS: Record<SecretClass, [string, string]> = {
  password: ['password', 'passwords'],
  token: ['token', 'tokens'],
  key: ['key', 'keys'],
  cookie: ['cookie', 'cookies'],
  signature: ['signature', 'signatures'],
  code: ['one-time code', 'one-time codes'],
};

/** `4 tokens, 1 password` (the classes that were seen, in a fixed order). */
export function kindsText(byKind: Record<SecretClass, number>): string {
  return SECRET_CLASSES.filter((kind) => byKind[kind] > 0)
    .map((kind) => `${byKind[kind]} ${PLURALS[kind][byKind[kind] === 1 ? 0 : 1]}`)
    .join(', ');
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** The file as a re-readable stream of text; undefined once the error is said. */
async function source(io: CliIo, file: string): Promise<(() => AsyncIterable<string>) | undefined> {
  const openRead = io.openRead;
  if (openRead) {
    if (file !== '-' && io.fileSize) {
      try {
        await io.fileSize(file);
      } catch (error) {
        readError(io, file, error);
        return undefined;
      }
    }
    return () => openRead(file);
  }
  const text = await readInput(io, file);
  return text === undefined ? undefined : () => once(text);
}

/** Collects the output for `writeFile` or `stdout` when the command line has no `openWrite`. */
function inMemory(io: CliIo, target: string | undefined): OutputStream {
  const parts: string[] = [];
  return {
    write: async (text) => {
      parts.push(text);
    },
    close: async () => {
      if (target) await io.writeFile(target, parts.join(''));
      else io.stdout(parts.join(''));
    },
    abort: async () => {},
  };
}

export async function run(args: Args, io: CliIo): Promise<number> {
  const file = args.positional[0];
  if (!file) return usageError(io, 'sanitize needs a HAR file');
  const open = await source(io, file);
  if (!open) return EXIT.error;
  if (args.flags.has('check')) return check(file, await checkHarStream(open), args, io);
  const target = optionValue(args, 'output');
  // Read twice (secrets first, then each entry masked and written): see sanitize-har-stream.ts.
  const output = io.openWrite ? io.openWrite(target) : inMemory(io, target);
  let result: Awaited<ReturnType<typeof sanitizeHarStream>>;
  try {
    result = await sanitizeHarStream(open, (text) => output.write(text));
    if (result.ok) await output.write('\n');
  } catch (error) {
    await output.abort().catch(() => {});
    io.stderr(
      `401-doctor: cannot write ${target ?? 'the output'}: ${error instanceof Error ? error.message : 'error'}\n`,
    );
    return EXIT.error;
  }
  if (!result.ok) {
    await output.abort().catch(() => {});
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  try {
    await output.close();
  } catch (error) {
    io.stderr(
      `401-doctor: cannot write ${target ?? 'the output'}: ${error instanceof Error ? error.message : 'error'}\n`,
    );
    return EXIT.error;
  }
  const said =
    result.masked === 0
      ? 'nothing to mask: no secret found'
      : `masked ${result.masked} value${result.masked === 1 ? '' : 's'}: ${kindsText(result.byKind)}` +
        (result.copies > 0
          ? ` (${result.copies} of them ${result.copies === 1 ? 'a copy' : 'copies'} found by value outside the places that name them)`
          : '');
  io.stderr(`401-doctor: ${said}${target ? `; written to ${target}` : ''}\n`);
  return EXIT.ok;
}

/** At most this many places are listed (the count says how many there are). */
const MAX_PLACES = 50;

function check(file: string, result: CheckResult, args: Args, io: CliIo): number {
  if (!result.ok) {
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  const found = result.places.length > 0;
  if (args.flags.has('json')) {
    io.stdout(
      `${JSON.stringify(
        {
          file,
          clean: !found,
          values: result.masked,
          byKind: result.byKind,
          places: result.places,
        },
        null,
        2,
      )}\n`,
    );
    return found ? EXIT.failures : EXIT.ok;
  }
  if (!found) {
    io.stdout(`${file}: no secret-looking value found.\n`);
    return EXIT.ok;
  }
  const lines = [
    `${file}: ${result.masked} secret-looking value${result.masked === 1 ? '' : 's'} (${kindsText(result.byKind)}) in ${result.places.length} place${result.places.length === 1 ? '' : 's'}:`,
    ...result.places
      .slice(0, MAX_PLACES)
      .map((place) => `  ${place.path}${place.name !== undefined ? ` (${place.name})` : ''}`),
  ];
  if (result.places.length > MAX_PLACES)
    lines.push(`  ... and ${result.places.length - MAX_PLACES} more`);
  lines.push(`Run "401-doctor sanitize ${file} -o OUT.har" to mask them.`);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.failures;
}
