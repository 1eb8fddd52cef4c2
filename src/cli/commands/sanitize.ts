// `401-doctor sanitize IN.har|- [-o OUT.har]`: a copy of a HAR file with every secret masked,
// and what was masked said on stderr (stdout stays a HAR). `sanitize --check FILE` says where a
// HAR still holds secret-looking values, without changing it (exit 1 when it does).
import { type CheckResult, checkHar, sanitizeHar } from '../../core/har/sanitize-har';
import { SECRET_CLASSES, type SecretClass } from '../../core/secrets/model';
import { type Args, optionValue } from '../args';
import { type CliIo, EXIT, readInput, usageError } from '../io';

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

export async function run(args: Args, io: CliIo): Promise<number> {
  const file = args.positional[0];
  if (!file) return usageError(io, 'sanitize needs a HAR file');
  const text = await readInput(io, file);
  if (text === undefined) return EXIT.error;
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    io.stderr(
      `401-doctor: ${file}: the file is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : ''}).\n`,
    );
    return EXIT.error;
  }
  if (args.flags.has('check')) return check(file, checkHar(data), args, io);
  const result = sanitizeHar(data);
  if (!result.ok) {
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  const out = `${JSON.stringify(result.har, null, 2)}\n`;
  const target = optionValue(args, 'output');
  const said =
    result.masked === 0
      ? 'nothing to mask: no secret found'
      : `masked ${result.masked} value${result.masked === 1 ? '' : 's'}: ${kindsText(result.byKind)}` +
        (result.copies > 0
          ? ` (${result.copies} of them ${result.copies === 1 ? 'a copy' : 'copies'} found by value outside the places that name them)`
          : '');
  if (target) {
    try {
      await io.writeFile(target, out);
    } catch (error) {
      io.stderr(
        `401-doctor: cannot write ${target}: ${error instanceof Error ? error.message : 'error'}\n`,
      );
      return EXIT.error;
    }
    io.stderr(`401-doctor: ${said}; written to ${target}\n`);
  } else {
    io.stdout(out);
    io.stderr(`401-doctor: ${said}\n`);
  }
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
