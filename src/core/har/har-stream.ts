/**
 * A HAR read as a stream of text chunks, one entry at a time: what lets a 700 MB file (longer
 * than the longest string V8 can hold) be analysed in bounded memory.
 *
 * The scanner walks the top of the document (the root object, `log`, `log.entries`) itself,
 * cuts each element of `log.entries` out of the text and hands it to `JSON.parse` on its own,
 * so the engine's native parser still does the real work, on a few kilobytes at a time (or, once
 * the file's entries are known to open the same way, on all the whole entries of a chunk at
 * once: see `parseWholeEntries`). Values
 * outside `log.entries` and `log.creator` are skipped without being built (their brackets and
 * strings are followed, not validated). Chunk boundaries may fall anywhere, even inside a
 * string escape. Never throws: a broken document ends the scan with an error sentence.
 */

/** What the scanner found around the entries, once the document has ended. */
export interface HarStreamEnd {
  /** Elements of `log.entries` seen. */
  entryCount: number;
  /** `log.creator.name`, '' when absent. */
  creator: string;
}

export type HarStreamResult = ({ ok: true } & HarStreamEnd) | { ok: false; error: string };

export interface HarEntryScanner {
  /** Feeds the next chunk of text; false once the scan has failed (stop feeding). */
  push(chunk: string): boolean;
  /** The end of the input: the document must be complete. */
  end(): HarStreamResult;
}

// Where the scanner is in the document's top levels.
const At = {
  /** Before the root value. */
  Start: 0,
  /** In an object (root or log): a key or `}` comes next. */
  KeyOrEnd: 1,
  /** In an object, after a comma: a key comes next. */
  Key: 2,
  /** Reading a key's characters. */
  InKey: 3,
  /** After a key: `:` comes next. */
  Colon: 4,
  /** After `:`: the value comes next. */
  Value: 5,
  /** After a value in an object: `,` or `}` comes next. */
  CommaOrEnd: 6,
  /** In `log.entries`: an element or `]` comes next. */
  EntryOrEnd: 7,
  /** In `log.entries` after a comma: an element comes next. */
  Entry: 8,
  /** In `log.entries` after an element: `,` or `]` comes next. */
  EntryCommaOrEnd: 9,
  /** Skipping or capturing a value (see `What`). */
  InValue: 10,
  /** After the root value: only whitespace may follow. */
  Done: 11,
} as const;

/** What the value being read is for. */
const What = { Skip: 0, Entry: 1, Creator: 2, Member: 3 } as const;

/** Longest key kept whole for `onMember` (a longer one fails the scan when members are asked for). */
const MAX_MEMBER_KEY = 1024;

/**
 * Characters of whole entries parsed together (see `parseWholeEntries`): enough to pay the
 * parser's call once per few dozen entries, few enough that the entries parsed and not yet
 * analysed are small when the garbage collector runs. (A whole 1 MB chunk at once kept about
 * 2 MB of objects alive across collections, which copied and promoted them: 7% more
 * instructions on the 500-host benchmark file.)
 */
const BATCH = 65536;

export interface HarScanOptions {
  /**
   * Each other member of the root object (`level` 0) and of `log` (`level` 1), parsed, in
   * document order: what `sanitize` must keep and write back around the entries. Without it
   * they are skipped unparsed. `log` itself and `log.entries` are never members (a second
   * `log` or `entries` key is skipped: the first one is the document read).
   */
  onMember?: (level: 0 | 1, key: string, value: unknown) => void;
  /** `log` (its object) or `log.entries` (its array) starts: where they stand among the members. */
  onOpen?: (what: 'log' | 'entries') => void;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Longest entry lead kept (an indentation and a key name). */
const MAX_LEAD = 128;

/**
 * How an entry's text opens, up to the end of its first key (`{"startedDateTime"`); '' when
 * that key is escaped, long or missing (then entries are read one by one).
 */
function leadOf(text: string): string {
  let k = 1;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  if (text.charCodeAt(0) !== 0x7b || text.charCodeAt(k) !== 0x22) return '';
  const close = text.indexOf('"', k + 1);
  if (close < 0 || close >= MAX_LEAD) return '';
  const lead = text.slice(0, close + 1);
  return lead.includes('\\') ? '' : lead;
}

/**
 * A scanner that calls `onEntry` with each parsed element of `log.entries`, in order, with
 * its index. `onEntry` receives whatever JSON the element holds (checking it is the caller's
 * job, as for a parsed file).
 */
export function createHarEntryScanner(
  onEntry: (entry: unknown, index: number) => void,
  options: HarScanOptions = {},
): HarEntryScanner {
  const { onMember, onOpen } = options;
  let at: number = At.Start;
  /** 0 in the root object, 1 in `log`. */
  let level = 0;
  let sawLog = false;
  let sawEntries = false;
  let key = '';
  let keyParts = '';
  let keyEscape = false;
  /** The key of the member being read (What.Member). */
  let memberKey = '';
  let memberLevel: 0 | 1 = 0;
  // The value being read (At.InValue).
  let what: number = What.Skip;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** A scalar (number, true, false, null): ends at a delimiter. */
  let scalar = false;
  let parts: string[] = [];
  let entryCount = 0;
  let creator = '';
  let error = '';
  let bom = true;
  /** Position of the next backslash in the current chunk (`chunk.length` when none). */
  let backslash = -1;
  /** A run of this chunk failed to parse: no other run is tried before the next chunk. */
  let batchFailed = false;
  /**
   * How the file's entries open: from their `{` to the end of their first key, as in the
   * first entry read (`{"startedDateTime"`, or with the exporter's indentation); '' until then,
   * or when it is not usable.
   */
  let lead = '';

  const fail = (message: string): false => {
    error = message;
    return false;
  };

  function finishValue(text: string): boolean {
    if (what === What.Entry) {
      let entry: unknown;
      try {
        entry = JSON.parse(text);
      } catch (e) {
        return fail(
          `The file is not valid JSON (entry ${entryCount}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}).`,
        );
      }
      if (entryCount === 0) lead = leadOf(text);
      onEntry(entry, entryCount++);
    } else if (what === What.Creator) {
      try {
        const value = JSON.parse(text) as { name?: unknown } | null;
        if (value && typeof value === 'object' && typeof value.name === 'string')
          creator = value.name;
      } catch {
        // An unreadable creator is no reason to refuse the entries.
      }
      if (onMember) return finishMember(text);
    } else if (what === What.Member) return finishMember(text);
    return true;
  }

  function finishMember(text: string): boolean {
    let key: string;
    let value: unknown;
    try {
      key = JSON.parse(`"${memberKey}"`) as string;
    } catch {
      return fail('The file is not valid JSON (an object key is not a valid string).');
    }
    try {
      value = JSON.parse(text);
    } catch (e) {
      return fail(
        `The file is not valid JSON (${JSON.stringify(key.slice(0, 64))}: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}).`,
      );
    }
    onMember?.(memberLevel, key, value);
    return true;
  }

  /** Reads the value at `i`; returns where it ended, or -1 when the chunk ran out first. */
  function scanValue(s: string, i: number): number {
    const n = s.length;
    while (i < n) {
      if (inString) {
        if (escaped) {
          escaped = false;
          i++;
          continue;
        }
        const quote = s.indexOf('"', i);
        // The next backslash, searched again only once passed (a chunk without any is
        // searched once, not once per string).
        if (backslash < i) {
          backslash = s.indexOf('\\', i);
          if (backslash === -1) backslash = n;
        }
        if (backslash < n && (quote === -1 || backslash < quote)) {
          if (backslash + 1 >= n) {
            escaped = true;
            return -1;
          }
          i = backslash + 2;
          continue;
        }
        if (quote === -1) return -1;
        inString = false;
        i = quote + 1;
        if (depth === 0) return i;
        continue;
      }
      const c = s.charCodeAt(i);
      if (scalar) {
        if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) return i;
        i++;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }

  /**
   * The whole entries of the chunk from `i` (the `{` of an entry), about BATCH characters of
   * them, parsed by one `JSON.parse`: the scanner's own walk costs more than the native parser's
   * on the same text. The run ends at the last `}` before the limit that is followed by `,` and the file's entry
   * `lead`; it is parsed as `[` run `]`. Since `i` is the start of an entry, the parser reads
   * the run exactly as the document does, so it succeeds only when the run is whole entries:
   * then they are handed on and the position after the run is returned. Otherwise (a cut
   * inside a string or an entry, a broken entry) nothing is handed on and `i` is returned: the
   * walk below reads the chunk, and reports a broken entry as it always does.
   */
  function parseWholeEntries(s: string, i: number): number {
    if (batchFailed) return i;
    // (No other entry starts within BATCH: this one is longer; the run goes to the chunk's end.)
    const limit = s.lastIndexOf(lead, i + BATCH - 1) > i ? i + BATCH : s.length;
    return parseEntriesBefore(s, i, limit);
  }

  /** `parseWholeEntries` of a run that starts at `i` and ends before `limit`. */
  function parseEntriesBefore(s: string, i: number, limit: number): number {
    let from = Math.min(limit, s.length);
    // (A few candidates: the lead may also occur inside a body or a nested object.)
    for (let tries = 0; tries < 4; tries++) {
      const q = s.lastIndexOf(lead, from - 1);
      if (q <= i) return i;
      from = q;
      let k = q - 1;
      while (k > i && isSpace(s.charCodeAt(k))) k--;
      if (s.charCodeAt(k) !== 0x2c) continue;
      k--;
      while (k > i && isSpace(s.charCodeAt(k))) k--;
      if (s.charCodeAt(k) !== 0x7d) continue;
      let entries: unknown;
      try {
        entries = JSON.parse(`[${s.slice(i, k + 1)}]`);
      } catch {
        // A lead inside an entry (or a broken entry): the walk reads the rest of the chunk, so
        // that such entries cost one failed parse per chunk, not one per entry.
        batchFailed = true;
        return i;
      }
      for (const entry of entries as unknown[]) onEntry(entry, entryCount++);
      return k + 1;
    }
    return i;
  }

  function startValue(c: number, next: number): void {
    at = At.InValue;
    what = next;
    depth = 0;
    inString = false;
    escaped = false;
    scalar = false;
    parts = [];
    if (c === 0x7b || c === 0x5b) return; // scanValue counts it
    if (c !== 0x22) scalar = true;
  }

  function push(chunk: string): boolean {
    if (error) return false;
    let s = chunk;
    if (bom && s.length > 0) {
      bom = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    backslash = -1;
    batchFailed = false;
    let i = 0;
    while (i < n) {
      if (at === At.InValue) {
        const start = i;
        const end = scanValue(s, i);
        if (end === -1) {
          if (what !== What.Skip) parts.push(start === 0 ? s : s.slice(start));
          return true;
        }
        if (what !== What.Skip) {
          const tail = s.slice(start, end);
          const text = parts.length === 0 ? tail : parts.join('') + tail;
          parts = [];
          if (!finishValue(text)) return false;
        }
        i = end;
        at = what === What.Entry ? At.EntryCommaOrEnd : level < 0 ? At.Done : At.CommaOrEnd;
        continue;
      }
      if (at === At.InKey) {
        // Keys are short; read them character by character (escapes kept for the compare).
        const c = s.charCodeAt(i++);
        if (keyEscape) {
          keyEscape = false;
          keyParts += String.fromCharCode(c);
        } else if (c === 0x5c) {
          keyEscape = true;
          keyParts += '\\';
        } else if (c === 0x22) {
          key = keyParts;
          at = At.Colon;
        } else if (keyParts.length < (onMember ? MAX_MEMBER_KEY : 64))
          keyParts += String.fromCharCode(c);
        else if (onMember)
          return fail(
            `The file has a key longer than ${MAX_MEMBER_KEY} characters at the top of the document.`,
          );
        continue;
      }
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (at) {
        case At.Start:
          if (c !== 0x7b)
            return fail(
              c === 0x5b || c === 0x22 || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74
                ? 'The file is JSON but not a HAR: it has no "log" object.'
                : `The file is not valid JSON (unexpected ${JSON.stringify(String.fromCharCode(c))} at the start).`,
            );
          level = 0;
          at = At.KeyOrEnd;
          i++;
          break;
        case At.KeyOrEnd:
        case At.Key:
          if (c === 0x22) {
            at = At.InKey;
            keyParts = '';
            keyEscape = false;
          } else if (c === 0x7d && at === At.KeyOrEnd) {
            if (!closeObject()) return false;
          } else return fail('The file is not valid JSON (an object key was expected).');
          i++;
          break;
        case At.Colon:
          if (c !== 0x3a) return fail('The file is not valid JSON (":" was expected after a key).');
          at = At.Value;
          i++;
          break;
        case At.Value:
          if (level === 0 && key === 'log' && c === 0x7b && !sawLog) {
            sawLog = true;
            onOpen?.('log');
            level = 1;
            at = At.KeyOrEnd;
            i++;
          } else if (level === 1 && key === 'entries' && c === 0x5b && !sawEntries) {
            sawEntries = true;
            onOpen?.('entries');
            at = At.EntryOrEnd;
            i++;
          } else if (level === 1 && key === 'creator') {
            memberKey = key;
            memberLevel = 1;
            startValue(c, What.Creator);
          } else if (
            onMember &&
            !(level === 0 && key === 'log' && sawLog) &&
            !(level === 1 && key === 'entries' && sawEntries)
          ) {
            memberKey = key;
            memberLevel = level === 1 ? 1 : 0;
            startValue(c, What.Member);
          } else startValue(c, What.Skip);
          break;
        case At.CommaOrEnd:
          if (c === 0x2c) at = At.Key;
          else if (c === 0x7d) {
            if (!closeObject()) return false;
          } else return fail('The file is not valid JSON ("," or "}" was expected).');
          i++;
          break;
        case At.EntryOrEnd:
        case At.Entry:
          if (c === 0x5d && at === At.EntryOrEnd) {
            at = At.CommaOrEnd;
            i++;
            break;
          }
          if (c === 0x7b && lead !== '') {
            const end = parseWholeEntries(s, i);
            if (end > i) {
              i = end;
              at = At.EntryCommaOrEnd;
              break;
            }
          }
          startValue(c, What.Entry);
          break;
        case At.EntryCommaOrEnd:
          if (c === 0x2c) at = At.Entry;
          else if (c === 0x5d) at = At.CommaOrEnd;
          else return fail('The file is not valid JSON ("," or "]" was expected in log.entries).');
          i++;
          break;
        case At.Done:
          return fail('The file is not valid JSON (text after the end of the document).');
      }
    }
    return true;
  }

  /** A `}` of the root or the log object. */
  function closeObject(): boolean {
    if (level === 1) {
      level = 0;
      at = At.CommaOrEnd;
    } else {
      level = -1;
      at = At.Done;
    }
    return true;
  }

  return {
    push,
    end() {
      if (error) return { ok: false, error };
      if (at === At.Start) return { ok: false, error: 'The file is empty.' };
      if (at !== At.Done)
        return {
          ok: false,
          error: 'The file is not valid JSON (it ends before the document does).',
        };
      if (!sawLog)
        return { ok: false, error: 'The file is JSON but not a HAR: it has no "log" object.' };
      if (!sawEntries)
        return {
          ok: false,
          error: 'The file is not a HAR: "log.entries" is missing or not an array.',
        };
      return { ok: true, entryCount, creator };
    },
  };
}
