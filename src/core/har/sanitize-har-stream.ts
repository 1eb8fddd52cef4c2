/**
 * A HAR sanitized as it is read (`har-stream.ts`), so a file of any size can be sanitized in
 * bounded memory. Every copy of every secret is masked wherever it is, so the secrets must be
 * known before the first entry is written: the file is read twice.
 * 1. Each entry is parsed on its own and its secrets collected (`collectEntrySecrets`, as
 *    `collectHarSecrets` does for a whole file); the members around the entries (version,
 *    creator, pages, comments, custom fields) are kept, they are small.
 * 2. Each entry is parsed again (a small file's are kept from the first read instead),
 *    sanitized (`createHarSanitizer`, as `sanitizeHar` does) and
 *    written at once, between the members around it.
 * The text written is byte for byte `JSON.stringify(sanitizeHar(JSON.parse(file)).har, null, 2)`,
 * counts included; `checkHarStream` gives what `checkHar` gives. Memory is bounded by the
 * secrets, the members around the entries and the largest entry, not by the file.
 *
 * One difference with a whole-file parse: a second `log` or `log.entries` key is skipped here
 * (the first is the document read), where JSON.parse keeps the last.
 */
import {
  addShapedSecrets,
  collectEntrySecrets,
  createSecretSet,
  forEachString,
  secretValues,
} from '../secrets/collect';
import { createHarEntryScanner, type HarEntryScanner, type HarStreamResult } from './har-stream';
import {
  addChangedPlaces,
  type CheckResult,
  createHarSanitizer,
  type HarSanitizer,
  nameThePlaces,
  type SanitizeCounts,
  type SecretPlace,
} from './sanitize-har';

/** A fresh read of the file from its start, as text chunks, on each call. */
export type OpenText = () => AsyncIterable<string>;

export type SanitizeStreamResult =
  | ({ ok: true; entries: number } & SanitizeCounts)
  | { ok: false; error: string; written: boolean };

// Where `log` and `log.entries` stand among the members (JSON.parse's key order).
const LOG = Symbol('log');
const ENTRIES = Symbol('entries');

type Members = Record<string, unknown>;

/** What the first read found: the secrets, and the document around the entries. */
interface FirstRead {
  sanitizer: HarSanitizer;
  root: Members;
  log: Members;
  entries: number;
  /** The parsed entries of a small file (see `KEEP_BELOW`): no second read. */
  kept: unknown[] | undefined;
}

/**
 * A file shorter than this (characters) has its entries kept from the first read instead of
 * being read and parsed again: small files cost one read and one parse, as a whole-file
 * sanitize does. Longer files are read twice, in memory bounded whatever their size.
 */
export const KEEP_ENTRIES_BELOW = 16_000_000;

export interface SanitizeStreamOptions {
  /** See `KEEP_ENTRIES_BELOW` (0: always read twice). */
  keepBelow?: number;
}

/** Text is handed to `write` in pieces of about this many characters. */
const WRITE_CHUNK = 1 << 20;

/** What a failing `write` threw, wrapped: the output failed, not the input. */
class WriteError {
  constructor(readonly error: unknown) {}
}

/**
 * Reads the file once through `scanner`; `afterChunk` runs between chunks (and may wait: the
 * output's pace). Never throws for the input; a write failure comes back as a `WriteError`.
 */
async function readThrough(
  open: OpenText,
  scanner: HarEntryScanner,
  afterChunk?: (length: number) => void | Promise<void>,
): Promise<HarStreamResult> {
  try {
    for await (const chunk of open()) {
      if (!scanner.push(chunk)) break;
      if (afterChunk) await afterChunk(chunk.length);
    }
  } catch (error) {
    if (error instanceof WriteError) throw error;
    return {
      ok: false,
      error: `The file could not be read (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
  return scanner.end();
}

/** Objects as JSON.parse builds them (`__proto__` an own key, integer keys first). */
const members = (): Members => Object.create(null) as Members;

async function firstRead(
  open: OpenText,
  keepBelow: number,
): Promise<FirstRead | { error: string }> {
  const set = createSecretSet();
  const root = members();
  const log = members();
  let kept: unknown[] | undefined = keepBelow > 0 ? [] : undefined;
  let read = 0;
  const scanner = createHarEntryScanner(
    (entry) => {
      collectEntrySecrets(entry, set);
      kept?.push(entry);
    },
    {
      onMember: (level, key, value) => {
        (level === 0 ? root : log)[key] = value;
      },
      onOpen: (what) => {
        if (what === 'log') root.log = LOG;
        else log.entries = ENTRIES;
      },
    },
  );
  const end = await readThrough(open, scanner, (length) => {
    read += length;
    if (read >= keepBelow) kept = undefined;
  });
  if (!end.ok) return { error: end.error };
  // The log's other members, as collectHarSecrets reads them (the last of duplicate keys).
  for (const key of Object.keys(log))
    if (log[key] !== ENTRIES) forEachString(log[key], (text) => addShapedSecrets(text, set));
  return {
    sanitizer: createHarSanitizer(secretValues(set)),
    root,
    log,
    entries: end.entryCount,
    kept,
  };
}

/** The kept entries handed over as a second read would (the output's pace every 1 000). */
async function replay(
  entries: unknown[],
  onEntry: (entry: unknown, index: number) => void,
  every?: () => Promise<void>,
): Promise<HarStreamResult> {
  for (let i = 0; i < entries.length; i++) {
    onEntry(entries[i], i);
    if (every && i % 1000 === 999) await every();
  }
  return { ok: true, entryCount: entries.length, creator: '' };
}

// What JSON.stringify({ log: { entries } }, null, 2) writes around the entries.
const BATCH_HEAD = '{\n  "log": {\n    "entries": [\n';
const BATCH_TAIL = '\n    ]\n  }\n}';

/** JSON.stringify(value, null, 2) as it reads `spaces` deep in the document. */
const nested = (value: unknown, spaces: string) =>
  (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${spaces}`);

const changed = (entries: number, seen: number) =>
  `The file changed while it was read (${entries} entries, then ${seen}).`;

/**
 * Sanitizes the HAR that `open()` reads (called twice, once for a small file), handing the sanitized document to
 * `write` in pieces as it goes (awaited: the output sets the pace). Never throws for the
 * input: a broken file gives `{ ok: false, error, written }` (`written`: whether some output
 * was already handed over, which happens only when the file changed between the two reads).
 * A failing `write` rejects.
 */
export async function sanitizeHarStream(
  open: OpenText,
  write: (text: string) => void | Promise<void>,
  options: SanitizeStreamOptions = {},
): Promise<SanitizeStreamResult> {
  const first = await firstRead(open, options.keepBelow ?? KEEP_ENTRIES_BELOW);
  if ('error' in first) return { ok: false, error: first.error, written: false };
  const { sanitizer, root, log } = first;
  let pending = '';
  let written = false;
  const flush = async (force: boolean) => {
    if (pending.length < WRITE_CHUNK && !(force && pending.length > 0)) return;
    const text = pending;
    pending = '';
    written = true;
    try {
      await write(text);
    } catch (error) {
      throw new WriteError(error);
    }
  };

  let count = 0;
  // Sanitized entries are serialized a batch at a time (a chunk's worth), by one native
  // JSON.stringify at the depth they are written at: much faster than one call per entry.
  let batch: unknown[] = [];
  const onEntry = (entry: unknown) => {
    batch.push(sanitizer.entry(entry));
  };
  const serialize = () => {
    if (batch.length === 0) return;
    const text = JSON.stringify({ log: { entries: batch } }, null, 2);
    pending += `${count > 0 ? ',' : ''}\n${text.slice(BATCH_HEAD.length, text.length - BATCH_TAIL.length)}`;
    count += batch.length;
    batch = [];
  };
  const paced = () => {
    serialize();
    return flush(false);
  };
  let error: string | undefined;
  try {
    pending += '{';
    let firstKey = true;
    for (const key of Object.keys(root)) {
      pending += `${firstKey ? '' : ','}\n  ${JSON.stringify(key)}: `;
      firstKey = false;
      if (root[key] !== LOG) {
        pending += nested(sanitizer.other(root[key]), '  ');
        continue;
      }
      pending += '{';
      let firstLogKey = true;
      for (const logKey of Object.keys(log)) {
        pending += `${firstLogKey ? '' : ','}\n    ${JSON.stringify(logKey)}: `;
        firstLogKey = false;
        if (log[logKey] !== ENTRIES) {
          pending += nested(sanitizer.other(log[logKey]), '    ');
          continue;
        }
        pending += '[';
        await flush(true);
        const end = first.kept
          ? await replay(first.kept, onEntry, paced)
          : await readThrough(open, createHarEntryScanner(onEntry), paced);
        serialize();
        if (!end.ok) error = end.error;
        else if (count !== first.entries) error = changed(first.entries, count);
        if (error !== undefined) break;
        pending += count > 0 ? '\n    ]' : ']';
      }
      if (error !== undefined) break;
      pending += '\n  }';
    }
    if (error === undefined) {
      pending += '\n}';
      await flush(true);
    }
  } catch (e) {
    throw e instanceof WriteError ? e.error : e;
  }
  if (error !== undefined) return { ok: false, error, written };
  return { ok: true, entries: count, ...sanitizer.counts() };
}

/**
 * Where the HAR that `open()` reads (called twice, once for a small file) still holds secret-looking values: what
 * `checkHar` says of the same file, read as a stream. Never throws.
 */
export async function checkHarStream(
  open: OpenText,
  options: SanitizeStreamOptions = {},
): Promise<CheckResult> {
  const first = await firstRead(open, options.keepBelow ?? KEEP_ENTRIES_BELOW);
  if ('error' in first) return { ok: false, error: first.error };
  const { sanitizer, root, log } = first;
  const places: SecretPlace[] = [];
  for (const key of Object.keys(root)) {
    if (root[key] !== LOG) {
      addChangedPlaces(root[key], sanitizer.other(root[key]), key, 1, places);
      continue;
    }
    const start = places.length;
    for (const logKey of Object.keys(log)) {
      if (log[logKey] !== ENTRIES) {
        addChangedPlaces(log[logKey], sanitizer.other(log[logKey]), `log.${logKey}`, 2, places);
        continue;
      }
      let count = 0;
      const onEntry = (entry: unknown, index: number) => {
        count++;
        addChangedPlaces(entry, sanitizer.entry(entry), `log.entries[${index}]`, 3, places);
      };
      const end = first.kept
        ? await replay(first.kept, onEntry)
        : await readThrough(open, createHarEntryScanner(onEntry));
      if (!end.ok) return { ok: false, error: end.error };
      if (count !== first.entries) return { ok: false, error: changed(first.entries, count) };
    }
    nameThePlaces(log, places, start);
  }
  nameThePlaces(root, places, 0);
  return { ok: true, places, ...sanitizer.counts() };
}
