import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateHar } from '../../../bench/analyze-har';
import { checkHar, sanitizeHar } from '../../../src/core/har/sanitize-har';
import {
  checkHarStream,
  KEEP_ENTRIES_BELOW,
  sanitizeHarStream,
} from '../../../src/core/har/sanitize-har-stream';
import { buildHar } from './build-har';
import { chunked, FIXTURES, harFiles } from './fixture-files';

/** The text in chunks of `size` characters (boundaries anywhere, escapes and keys included). */
async function streamed(text: string, size = 4096, keepBelow = 0) {
  const out: string[] = [];
  const result = await sanitizeHarStream(
    chunked(text, size),
    (t) => {
      out.push(t);
    },
    { keepBelow },
  );
  return { result, text: out.join('') };
}

describe('sanitizeHarStream', () => {
  const files = harFiles(FIXTURES);

  it('writes byte for byte what sanitizeHar gives, counts included, on every fixture', async () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const whole = sanitizeHar(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
      if (!whole.ok) throw new Error(`${file}: ${whole.error}`);
      // Read twice, and read once with the entries kept (small files).
      for (const keepBelow of [0, KEEP_ENTRIES_BELOW]) {
        const { result, text: out } = await streamed(text, 997, keepBelow);
        expect(result, file).toMatchObject({
          ok: true,
          masked: whole.masked,
          byKind: whole.byKind,
          copies: whole.copies,
        });
        expect(out, file).toBe(JSON.stringify(whole.har, null, 2));
      }
    }
  });

  it('checkHarStream says what checkHar says, on every fixture', async () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const whole = checkHar(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
      expect(await checkHarStream(chunked(text, 1500), { keepBelow: 0 }), file).toEqual(whole);
      expect(await checkHarStream(chunked(text, 1500)), file).toEqual(whole);
    }
  });

  it('keeps the members around the entries in JSON.parse order, sanitized, whatever the chunking', async () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const har = buildHar([
      {
        url: 'https://a.test/me',
        status: 401,
        request: { Authorization: `Bearer ${jwt}` },
      },
    ]) as unknown as { log: Record<string, unknown> };
    const text = JSON.stringify({
      before: `token ${jwt}`,
      '7': 'an integer key, first in JSON.parse order',
      log: {
        _custom: { note: `copied ${jwt}` },
        ...har.log,
        pages: [{ id: 'p', title: `page ${jwt}` }],
        comment: 'a "quoted" \\ comment \u2603',
        '\u00e9\\"k': [1, true, null, -2.5e3],
      },
      after: { nested: [jwt] },
    });
    const whole = sanitizeHar(JSON.parse(text));
    if (!whole.ok) throw new Error(whole.error);
    const expected = JSON.stringify(whole.har, null, 2);
    expect(expected).not.toContain(jwt);
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const { result, text: out } = await streamed(text, size, size % 2 ? 0 : KEEP_ENTRIES_BELOW);
      expect(result.ok, String(size)).toBe(true);
      expect(out, String(size)).toBe(expected);
    }
    const check = await checkHarStream(chunked(text, 5), { keepBelow: 0 });
    expect(check).toEqual(checkHar(JSON.parse(text)));
  });

  it('an empty entries array and a HAR without secrets', async () => {
    const text = '{"log":{"version":"1.2","entries":[],"pages":[]}}';
    const { result, text: out } = await streamed(text, 3);
    expect(result).toMatchObject({ ok: true, entries: 0, masked: 0 });
    expect(out).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('refuses what is not a HAR, or broken, before writing anything', async () => {
    for (const text of [
      '',
      '[]',
      '{"log":{}}',
      '{"log":{"entries":[{"a":1},]}}',
      '{"log":{"entries":[]},"pages":[1,}',
      '{"log":{"entries":[]}',
    ]) {
      const { result, text: out } = await streamed(text, 5);
      expect(result.ok, text).toBe(false);
      expect(out, text).toBe('');
      expect((await checkHarStream(chunked(text, 5))).ok, text).toBe(false);
    }
  });

  it('a small file is read once, a bigger one twice', async () => {
    const text = generateHar(300);
    let reads = 0;
    const open = (size: number) =>
      async function* () {
        reads++;
        yield* chunked(text, size)();
      };
    const small = await sanitizeHarStream(open(1000), () => {});
    expect(reads).toBe(1);
    const big = await sanitizeHarStream(open(1000), () => {}, { keepBelow: text.length - 1 });
    expect(reads).toBe(3);
    expect(big).toEqual(small);
  });

  it('a file that changes between the two reads is refused', async () => {
    let reads = 0;
    const small = JSON.stringify(buildHar([{ url: 'https://a.test/', status: 401 }]));
    const big = JSON.stringify(
      buildHar([
        { url: 'https://a.test/', status: 401 },
        { url: 'https://a.test/', status: 200 },
      ]),
    );
    const result = await sanitizeHarStream(
      async function* () {
        yield reads++ === 0 ? small : big;
      },
      () => {},
      { keepBelow: 0 },
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('changed') });
  });

  it('a write that fails rejects with its error', async () => {
    const text = generateHar(50);
    await expect(
      sanitizeHarStream(chunked(text, 1000), () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
  });
});
