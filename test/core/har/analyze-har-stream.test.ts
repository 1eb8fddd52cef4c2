// The HAR read in chunks: the same failures and warnings as analyzeHar on the whole text,
// wherever the chunks are cut, and clear errors for broken files.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { generateHar } from '../../../bench/analyze-har';
import { analyzeHar, toReportFailure } from '../../../src/core/har/analyze-har';
import { analyzeHarStream } from '../../../src/core/har/analyze-har-stream';
import { createHarEntryScanner } from '../../../src/core/har/har-stream';
import { buildHar } from './build-har';

const FIXTURES = new URL('../../fixtures/har/', import.meta.url);

function chunked(text: string, size: number): () => AsyncIterable<string> {
  return async function* () {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  };
}

async function streamReport(text: string, size: number) {
  const failures: ReturnType<typeof toReportFailure>[] = [];
  const result = await analyzeHarStream(chunked(text, size), {
    onFailure: (index, failure) => failures.push(toReportFailure(index, failure)),
  });
  return { result, failures };
}

async function expectSameAsWhole(text: string, sizes: number[]) {
  const whole = analyzeHar(text);
  if (!whole.ok) throw new Error(whole.error);
  for (const size of sizes) {
    const { result, failures } = await streamReport(text, size);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(failures).toEqual(whole.report.failures);
    expect(result.entries).toBe(whole.report.entries);
    expect(result.warnings).toEqual(whole.report.warnings ?? []);
  }
}

describe('analyzeHarStream', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.har'));

  it.each(files)(
    '%s: the same report as analyzeHar, in 1-, 7- and 4096-character chunks',
    async (name) => {
      const text = readFileSync(new URL(name, FIXTURES), 'utf8');
      await expectSameAsWhole(text, [1, 7, 4096]);
    },
  );

  it('a generated 3 000-entry session: the same report', async () => {
    await expectSameAsWhole(generateHar(3000), [65_536, 999]);
  }, 60_000);

  it('the first secret header after the look-ahead: read again, same report', async () => {
    const entries = [];
    for (let i = 0; i < 2500; i++)
      entries.push({ url: `https://api.example.test/a/${i}`, status: 200 });
    entries.push({
      url: 'https://api.example.test/me',
      status: 401,
      request: { Authorization: 'Bearer undefined' },
      response: { 'WWW-Authenticate': 'Bearer realm="api"' },
    });
    await expectSameAsWhole(JSON.stringify(buildHar(entries, 'WebInspector')), [50_000]);
  });

  it('a stripped export longer than the look-ahead: stripped all along, same report', async () => {
    const entries = [];
    for (let i = 0; i < 2500; i++)
      entries.push({
        url: `https://api.example.test/a/${i}`,
        status: i % 100 === 99 ? 401 : 200,
        response: i % 100 === 99 ? { 'WWW-Authenticate': 'Bearer realm="api"' } : {},
      });
    const text = JSON.stringify(buildHar(entries, 'WebInspector'));
    await expectSameAsWhole(text, [50_000]);
    const { result } = await streamReport(text, 50_000);
    expect(result.ok && result.warnings.join(' ')).toContain('exported without them');
  });

  it('plain traffic longer than the look-ahead, no secret header and no session sign: not stripped, same report', async () => {
    const entries = [];
    for (let i = 0; i < 2500; i++)
      entries.push({
        url: `https://api.example.test/a/${i}`,
        status: i % 100 === 99 ? 401 : 200,
        body: i % 100 === 99 ? '{"message":"Unauthorized"}' : '',
      });
    const text = JSON.stringify(buildHar(entries, 'WebInspector'));
    await expectSameAsWhole(text, [50_000]);
    const { result, failures } = await streamReport(text, 50_000);
    expect(result.ok && result.warnings).toEqual([]);
    expect(failures.length).toBe(25);
    expect(failures.every((f) => !f.notes?.join(' ').includes('removed'))).toBe(true);
  });

  it.each([
    ['', 'The file is empty.'],
    ['[1, 2]', 'not a HAR'],
    ['{"log": {"entries": [{"a": 1}, ', 'ends before the document does'],
    ['{"log": {"version": "1.2"}}', '"log.entries" is missing'],
    ['{"other": 1}', 'no "log" object'],
    ['{"log": {"entries": [{"a": tru}]}}', 'not valid JSON (entry 0'],
    ['{"log": {"entries": []}} x', 'text after the end'],
    ['hello', 'not valid JSON'],
  ])('%j: a clear error', async (text, error) => {
    const { result } = await streamReport(text, 3);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(error);
  });
});

describe('createHarEntryScanner', () => {
  it('cuts entries anywhere: escapes, quotes, brackets in strings, a BOM, the creator after the entries', () => {
    const entries = [
      { s: 'a "quoted" \\ back\\slash } ] { [', n: -1.5e3, t: true, z: null, u: '\u00e9\u{1f600}' },
      { nested: { deep: [[1], { x: '\\"' }] } },
      'a string entry',
      42,
    ];
    const text = `\ufeff${JSON.stringify({ log: { pages: [{ id: '}' }], entries, creator: { name: 'Firefox' } } })}`;
    for (const size of [1, 2, 3, 5, 64]) {
      const got: unknown[] = [];
      const scanner = createHarEntryScanner((entry, index) => got.push([index, entry]));
      for (let i = 0; i < text.length; i += size)
        expect(scanner.push(text.slice(i, i + size))).toBe(true);
      expect(scanner.end()).toEqual({ ok: true, entryCount: 4, creator: 'Firefox' });
      expect(got).toEqual(entries.map((entry, index) => [index, entry]));
    }
  });

  /** Entries that look like real ones, some of whose strings hold what an entry's start or end looks like. */
  function manyEntries(count: number): unknown[] {
    const entries: unknown[] = [];
    for (let i = 0; i < count; i++)
      entries.push({
        startedDateTime: `2026-01-01T09:00:${String(i % 60).padStart(2, '0')}.000Z`,
        request: {
          method: 'GET',
          url: `https://api.example.test/items/${i}`,
          headers: [
            { name: 'Accept', value: 'application/json' },
            { name: 'X-Odd', value: i % 7 === 0 ? '},{"startedDateTime":"x"' : `v${i}` },
          ],
        },
        response: {
          status: i % 3 === 0 ? 401 : 200,
          content: {
            text: i % 5 === 0 ? `}, {"startedDateTime": "${i}", \\ " ] [` : `{"id":${i}}`,
          },
        },
        cache: {},
      });
    return entries;
  }

  it.each([
    ['compact', 0],
    ['indented', 2],
  ])(
    'many %s entries in chunks of any size: the same entries as JSON.parse of the whole file',
    (_name, indent) => {
      const entries = manyEntries(300);
      const text = JSON.stringify({ log: { version: '1.2', entries, pages: [] } }, null, indent);
      for (const size of [7, 1000, 1 << 14, 1 << 20]) {
        const got: unknown[] = [];
        const scanner = createHarEntryScanner((entry, index) => got.push([index, entry]));
        for (let i = 0; i < text.length; i += size)
          expect(scanner.push(text.slice(i, i + size))).toBe(true);
        expect(scanner.end()).toEqual({ ok: true, entryCount: 300, creator: '' });
        expect(got).toEqual(entries.map((entry, index) => [index, entry]));
      }
    },
  );

  it('big chunks: the whole entries of a chunk are parsed together, not one by one', () => {
    const entries = manyEntries(300);
    const text = JSON.stringify({ log: { entries } });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      let count = 0;
      const scanner = createHarEntryScanner(() => count++);
      for (let i = 0; i < text.length; i += 1 << 14) scanner.push(text.slice(i, i + (1 << 14)));
      expect(scanner.end().ok).toBe(true);
      expect(count).toBe(300);
      expect(parse.mock.calls.length).toBeLessThan(300 / 5);
    } finally {
      parse.mockRestore();
    }
  });

  it('a big chunk is parsed in runs of bounded length, so few parsed entries wait at once', () => {
    const entries = manyEntries(2000);
    const text = JSON.stringify({ log: { entries } });
    expect(text.length).toBeGreaterThan(300_000);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const got: unknown[] = [];
      const scanner = createHarEntryScanner((entry) => got.push(entry));
      scanner.push(text);
      expect(scanner.end().ok).toBe(true);
      expect(got).toEqual(entries);
      const runs = parse.mock.calls.map(([run]) => String(run).length);
      // Each run about 64 KB (the last whole entry before it), never the whole file.
      expect(Math.max(...runs)).toBeLessThanOrEqual(65_536);
      expect(runs.length).toBeLessThan(2000 / 20);
    } finally {
      parse.mockRestore();
    }
  });

  it('entries holding their own lead (`},{"startedDateTime"` inside an entry): read right, in linear time', () => {
    // Each entry holds, near its start, a list whose second object opens like an entry: the
    // last such lead before any limit is a false one, and a run cut there does not parse.
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      startedDateTime: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
      _x: [{ a: i }, { startedDateTime: 'not an entry' }],
      request: { method: 'GET', url: `https://example.test/${i}`, headers: [] },
      response: { status: 200, headers: [], content: { text: 'x'.repeat(600) } },
    }));
    const text = JSON.stringify({ log: { entries } });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const got: unknown[] = [];
      const scanner = createHarEntryScanner((entry) => got.push(entry));
      for (let i = 0; i < text.length; i += 1 << 20) scanner.push(text.slice(i, i + (1 << 20)));
      expect(scanner.end().ok).toBe(true);
      expect(got).toEqual(entries);
      // Each character parsed about once, not once per entry (a failed run per entry would
      // parse ~64 KB for each of the 2 000 entries).
      const parsed = parse.mock.calls.reduce((sum, [run]) => sum + String(run).length, 0);
      expect(parsed).toBeLessThan(3 * text.length);
    } finally {
      parse.mockRestore();
    }
  });

  it('a broken entry among whole ones: the same error, naming that entry, whatever the chunks', () => {
    const entries = manyEntries(300).map((entry) => JSON.stringify(entry));
    entries[150] = (entries[150] as string).replace('"cache":{}', '"cache":tru');
    const text = `{"log":{"entries":[${entries.join(',')}]}}`;
    for (const size of [7, 1 << 14, 1 << 20]) {
      const seen: number[] = [];
      const scanner = createHarEntryScanner((_entry, index) => seen.push(index));
      for (let i = 0; i < text.length; i += size) if (!scanner.push(text.slice(i, i + size))) break;
      const end = scanner.end();
      expect(end.ok).toBe(false);
      if (!end.ok) expect(end.error).toContain('not valid JSON (entry 150');
      expect(seen).toEqual([...Array(150).keys()]);
    }
  });
});
