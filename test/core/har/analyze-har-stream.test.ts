// The HAR read in chunks: the same failures and warnings as analyzeHar on the whole text,
// wherever the chunks are cut, and clear errors for broken files.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
});
