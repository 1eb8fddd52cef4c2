// `401-doctor analyze FILE.har|- [--json] [--all] [--status 401,407,403]`: every auth failure
// in a HAR file explained, with the platform notes once at the end.
//
// The file is read as a stream, entry by entry (core/har/analyze-har-stream.ts), so its size is
// bounded by the disk, not by memory. --json writes each failure as soon as nothing later can
// change it. The text report groups failures of the same endpoint with the same diagnoses (the
// first in full, then "× N more like this"); --all prints every one.
import { CATALOGUE } from '../../core/catalogue';
import type { Failure } from '../../core/diagnose';
import { analyzeHarStream } from '../../core/har/analyze-har-stream';
import type { PlatformMatch } from '../../core/platforms';
import { type Args, optionValue } from '../args';
import { formatFailure, formatPlatformNotes, formatSummary } from '../format';
import { type CliIo, EXIT, readError, readInput, TOOL, usageError } from '../io';
import type { Style } from '../style';

export const usage = `  analyze FILE.har|- [--json] [--all] [--status 401,407,403]
      Explain every auth failure in a HAR file (DevTools "Save all as HAR", Playwright recordHar).
      401 and 407, 403s about auth (a challenge, an auth error, credentials sent) and a token
      endpoint's invalid_client by default; --status adds whole statuses (403 = every 403).
      Repeated failures (same endpoint, same diagnoses) are shown once with a count; --all
      prints every one. Files of any size are read as a stream.`;

/** Progress on a terminal for files bigger than this (bytes). */
const PROGRESS_FROM = 5_000_000;

function statusesOf(args: Args): ReadonlySet<number> | string | undefined {
  const list = optionValue(args, 'status');
  if (list === undefined) return undefined;
  const numbers = list.split(',').map((s) => Number(s.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 100 || n > 599))
    return `--status takes status codes like 401,403 (got "${list}")`;
  return new Set(numbers);
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/**
 * The file as a re-readable stream of text, and its size (undefined for standard input, whose
 * bytes the command line keeps to read them again: never a string, which V8 caps at ~512 MB);
 * undefined once the error is said.
 */
async function source(
  io: CliIo,
  file: string,
): Promise<{ open: () => AsyncIterable<string>; size: number | undefined } | undefined> {
  const openRead = io.openRead;
  if (openRead) {
    if (file === '-') return { open: () => openRead(file), size: undefined };
    if (io.fileSize) {
      try {
        const size = await io.fileSize(file);
        return { open: () => openRead(file), size };
      } catch (error) {
        readError(io, file, error);
        return undefined;
      }
    }
  }
  // A command line without streams (tests pass text).
  const text = await readInput(io, file);
  if (text === undefined) return undefined;
  return { open: () => once(text), size: text.length };
}

export async function run(args: Args, io: CliIo, style: Style): Promise<number> {
  const file = args.positional[0];
  if (!file) return usageError(io, 'analyze needs a HAR file');
  const statuses = statusesOf(args);
  if (typeof statuses === 'string') return usageError(io, statuses);
  const input = await source(io, file);
  if (!input) return EXIT.error;
  const output = args.flags.has('json') ? jsonOutput(io) : textOutput(style, args.flags.has('all'));

  // (Standard input's size is not known: its progress shows once that much has been read.)
  const showProgress =
    (io.stderrIsTTY ?? io.isTTY) && (input.size === undefined || input.size > PROGRESS_FROM);
  let read = 0;
  const open = showProgress
    ? async function* counted() {
        read = 0;
        for await (const chunk of input.open()) {
          read += chunk.length;
          yield chunk;
        }
      }
    : input.open;
  const megabytes = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
  const result = await analyzeHarStream(open, {
    ...(statuses ? { statuses } : {}),
    onFailure: output.failure,
    ...(showProgress
      ? {
          onProgress: ({ entries, failures }: { entries: number; failures: number }) => {
            if (input.size === undefined && read <= PROGRESS_FROM) return;
            const of = input.size === undefined ? '' : ` of ${megabytes(input.size)}`;
            io.stderr(
              `\r\u001b[Kanalysing ${megabytes(read)}${of}: ${entries} entries, ${failures} failures`,
            );
          },
          progressEvery: 2000,
        }
      : {}),
  });
  if (showProgress) io.stderr('\r\u001b[K');
  if (!result.ok) {
    output.abort(io, result.error);
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  output.end(io, file, result.entries, result.warnings);
  return result.failures > 0 ? EXIT.failures : EXIT.ok;
}

interface Output {
  failure(index: number, failure: Failure): void;
  end(io: CliIo, file: string, entries: number, warnings: string[]): void;
  /** The file turned out broken after some output. */
  abort(io: CliIo, error: string): void;
}

const indent = (text: string, spaces: string) => text.replace(/\n/g, `\n${spaces}`);

/**
 * `{ tool, failures, entries, warnings }`, the shape of `analyzeHar`'s report, written as the
 * failures come (so `entries` comes after them); 2-space indentation as JSON.stringify gives.
 */
function jsonOutput(io: CliIo): Output {
  let buffer = `{\n  "tool": ${indent(JSON.stringify(TOOL, null, 2), '  ')},\n  "failures": [`;
  let count = 0;
  const flush = (force: boolean) => {
    if (force || buffer.length > 1 << 16) {
      io.stdout(buffer);
      buffer = '';
    }
  };
  const close = (tail: string) => {
    buffer += `${count > 0 ? '\n  ' : ''}]${tail}\n}\n`;
    flush(true);
  };
  return {
    failure(index, failure) {
      buffer += `${count++ > 0 ? ',' : ''}\n    ${reportFailureJson(index, failure)}`;
      flush(false);
    },
    end(_io, _file, entries, warnings) {
      close(
        `,\n  "entries": ${entries}${warnings.length > 0 ? `,\n  "warnings": ${indent(JSON.stringify(warnings, null, 2), '  ')}` : ''}`,
      );
    },
    abort(_io, error) {
      close(`,\n  "error": ${JSON.stringify(error)}`);
    },
  };
}

const str = JSON.stringify;

/** Characters JSON.stringify writes as escapes, apart from `"` (and surrogates: see `quote`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what JSON escapes
const ESCAPED = /[\\\u0000-\u001f\ud800-\udfff]/;
const QUOTES = /"/g;

/**
 * `JSON.stringify(text)` for a string, cheaper for the usual text (no backslash, control
 * character or surrogate: a surrogate pair is kept as it is but a lone one is escaped, so any
 * surrogate goes the generic way): quoted, its `"` escaped.
 */
function quote(text: string): string {
  // (Anything else as the template gave it before: `${JSON.stringify(value)}`.)
  if (typeof text !== 'string') return `${str(text)}`;
  if (ESCAPED.test(text)) return str(text);
  return text.includes('"') ? `"${text.replace(QUOTES, '\\"')}"` : `"${text}"`;
}

/** A number as JSON.stringify writes it (NaN and the infinities are null). */
function num(n: number): string {
  if (typeof n !== 'number') return `${str(n)}`;
  return Number.isFinite(n) ? String(n) : 'null';
}

/** A list of strings as `JSON.stringify(list, null, 2)` writes it, each line after the first indented by `pad`. */
function stringList(list: readonly string[], pad: string): string {
  if (list.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    out += `${i > 0 ? ',' : ''}\n${pad}  ${typeof item === 'string' ? quote(item) : (str(item) ?? 'null')}`;
  }
  return `${out}\n${pad}]`;
}

/** Where a diagnosis's list items stand in the output. */
const ITEM_PAD = '          ';

/** A catalogue entry's words as the output writes them, made once per id. */
interface WordsJson {
  /** The id as JSON. */
  idJson: string;
  title: string;
  titleJson: string;
  explanation: string;
  explanationJson: string;
  /** The general fixes, which end every diagnosis's fixes. */
  fixes: readonly string[];
  /** Each of them as a list item after another one: `,\n<pad>  "…"`. */
  fixItems: string;
}

/**
 * The catalogue's words as JSON, made once: every diagnosis of every failure repeats them, and
 * escaping them again each time was about a quarter of the serialiser's time. Found by id and
 * used only when the diagnosis holds the very same strings (a compare of references), so that
 * the texts of this exchange (evidence, its own fixes) are never looked up in a table.
 */
const WORDS_JSON: ReadonlyMap<string, WordsJson> = new Map(
  Object.entries(CATALOGUE).map(([id, entry]) => [
    id,
    {
      idJson: str(id),
      title: entry.title,
      titleJson: str(entry.title),
      explanation: entry.explanation,
      explanationJson: str(entry.explanation),
      fixes: entry.fixes,
      fixItems: entry.fixes.map((fix) => `,\n${ITEM_PAD}  ${str(fix)}`).join(''),
    },
  ]),
);

/** A diagnosis's fixes as `stringList(fixes, ITEM_PAD)` writes them. */
function fixesJson(fixes: readonly string[], words: WordsJson | undefined): string {
  const general = words?.fixes;
  const own = general ? fixes.length - general.length : -1;
  if (!general || general.length === 0 || own < 0) return stringList(fixes, ITEM_PAD);
  for (let k = 0; k < general.length; k++)
    if (fixes[own + k] !== general[k]) return stringList(fixes, ITEM_PAD);
  let out = '[';
  for (let i = 0; i < own; i++) {
    const fix = fixes[i];
    out += `${i > 0 ? ',' : ''}\n${ITEM_PAD}  ${typeof fix === 'string' ? quote(fix) : (str(fix) ?? 'null')}`;
  }
  // (The general items each start with a comma; the first item of the list has none.)
  out += own > 0 ? (words as WordsJson).fixItems : (words as WordsJson).fixItems.slice(1);
  return `${out}\n${ITEM_PAD}]`;
}

/**
 * `toReportFailure(index, failure)` as `JSON.stringify(…, null, 2)` writes it, every line after
 * the first indented by four spaces (its place in the `failures` list): the same text, written
 * directly (tens of thousands of failures: the generic indenting stringify and the copy it
 * needs cost more than the rest of the output).
 */
export function reportFailureJson(index: number, failure: Failure): string {
  let out = `{\n      "index": ${num(index)},\n      "method": ${quote(failure.method)},\n      "url": ${quote(failure.url)},\n      "status": ${num(failure.status)},\n      "diagnoses": `;
  const diagnoses = failure.diagnoses;
  if (diagnoses.length === 0) out += '[]';
  else {
    out += '[';
    for (let i = 0; i < diagnoses.length; i++) {
      const d = diagnoses[i] as Failure['diagnoses'][number];
      const words = WORDS_JSON.get(d.id);
      const title = words && d.title === words.title ? words.titleJson : str(d.title);
      const explanation =
        words && d.explanation === words.explanation ? words.explanationJson : str(d.explanation);
      const id = words ? words.idJson : quote(d.id);
      out += `${i > 0 ? ',' : ''}\n        {\n          "id": ${id},\n          "severity": ${quote(d.severity)},\n          "confidence": ${num(d.confidence)},\n          "title": ${title},\n          "explanation": ${explanation},\n          "evidence": ${stringList(d.evidence, ITEM_PAD)},\n          "fixes": ${fixesJson(d.fixes, words)}\n        }`;
    }
    out += '\n      ]';
  }
  out += `,\n      "platforms": ${stringList(
    failure.platforms.map((p) => p.id),
    '      ',
  )}`;
  if (failure.notes.length > 0) out += `,\n      "notes": ${stringList(failure.notes, '      ')}`;
  return `${out}\n    }`;
}

/** Path segments that name one record (numbers, UUIDs, long hex): /items/42 is /items/{id}. */
const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,})$/i;

/** The endpoint a failure was sent to: method, origin and path with ids folded. */
export function endpointOf(method: string, url: string): string {
  const cut = url.search(/[?#]/);
  const base = cut < 0 ? url : url.slice(0, cut);
  const scheme = base.indexOf('://');
  const pathStart = scheme < 0 ? -1 : base.indexOf('/', scheme + 3);
  if (pathStart < 0) return `${method} ${base}`;
  const path = base
    .slice(pathStart)
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method} ${base.slice(0, pathStart)}${path}`;
}

interface Group {
  first: string;
  more: number;
  indexes: number[];
  last: number;
}

const SHOWN_INDEXES = 5;

/** Thousands with a space, as in "1 200". */
const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/**
 * The text report, printed at the end (the summary line needs the counts): one group per
 * endpoint and set of diagnoses, in the order they first failed; with `all`, one per failure.
 */
function textOutput(s: Style, all: boolean): Output {
  const groups = new Map<string, Group>();
  const platforms = new Map<string, PlatformMatch>();
  let failures = 0;
  return {
    failure(index, failure) {
      failures++;
      for (const platform of failure.platforms)
        if (!platforms.has(platform.id)) platforms.set(platform.id, platform);
      const key = all
        ? String(index)
        : `${endpointOf(failure.method, failure.url)} ${failure.status} ${failure.diagnoses.map((d) => d.id).join(',')}`;
      const group = groups.get(key);
      if (group) {
        group.more++;
        group.last = index;
        if (group.indexes.length < SHOWN_INDEXES) group.indexes.push(index);
        return;
      }
      // Formatted now: only the text is kept, not the failure.
      const first = formatFailure(s, failure, index, { platformNotes: false });
      groups.set(key, { first, more: 0, indexes: [], last: index });
    },
    end(io, file, entries, warnings) {
      io.stdout(
        `${formatSummary(s, file, { tool: TOOL, entries, failures: { length: failures } })}\n`,
      );
      for (const warning of warnings) io.stdout(`${s.yellow('Warning:')} ${warning}\n`);
      for (const group of groups.values()) {
        io.stdout(`\n${group.first}\n`);
        if (group.more > 0) {
          const shown = group.indexes.map((i) => `#${i}`);
          if (group.more > group.indexes.length) shown.push(`… #${group.last}`);
          io.stdout(
            `\n  ${s.bold(`× ${count(group.more)} more like this`)} ${s.dim(`(same endpoint, same cause: ${shown.join(', ')}; --all prints each)`)}\n`,
          );
        }
      }
      if (platforms.size > 0)
        io.stdout(
          `\n${s.bold('Platform notes')}\n${formatPlatformNotes(s, [...platforms.values()])}\n`,
        );
    },
    abort() {},
  };
}
