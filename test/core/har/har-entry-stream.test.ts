import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateHar } from '../../../bench/analyze-har';
import type { Exchange } from '../../../src/core/exchange';
import { readHarEntryAt } from '../../../src/core/har/har-entry-stream';
import { importHar, markStripped } from '../../../src/core/har/import-har';
import { buildHar } from './build-har';
import { chunked, FIXTURES, harFiles } from './fixture-files';

describe('readHarEntryAt', () => {
  it('gives each entry and what came before it as importHar does, on every fixture (sanitized exports marked)', async () => {
    let marked = 0;
    for (const file of harFiles(FIXTURES)) {
      const text = readFileSync(file, 'utf8');
      const whole = importHar(text);
      if (!whole.ok) continue;
      const { exchanges, entryCount } = whole.value;
      if (whole.value.secretsStripped) marked++;
      for (let index = 0; index <= entryCount; index++) {
        const earlier: Exchange[] = [];
        const read = await readHarEntryAt(chunked(text, 333), index, (e) => earlier.push(e));
        const position = exchanges.findIndex((e) => Number(e.id) === index);
        if (position < 0) {
          expect(read, `${file} #${index}`).toEqual({ ok: true, found: false, entryCount });
          continue;
        }
        expect(read.ok && read.found && read.exchange, `${file} #${index}`).toEqual(
          exchanges[position],
        );
        // The earlier ones come unmarked (only a diagnosis reads the mark, not the context).
        if (whole.value.secretsStripped) for (const e of earlier) markStripped(e);
        expect(earlier, `${file} #${index}`).toEqual(exchanges.slice(0, position));
      }
    }
    // The fixtures hold sanitized exports: the marking after the entry is tested.
    expect(marked).toBeGreaterThan(0);
  });

  it('stops reading once the entry is found and an entry carried a secret header', async () => {
    const text = generateHar(2000);
    let chunks = 0;
    const read = await readHarEntryAt(
      chunked(text, 10_000, () => chunks++),
      100,
      () => {},
    );
    expect(read.ok && read.found && read.exchange.id).toBe('100');
    expect(chunks).toBeLessThan(text.length / 10_000 / 4);
  });

  it('the request body of the entry comes with it, and broken files are said', async () => {
    const har = buildHar([
      { url: 'https://a.test/login', method: 'POST', status: 401, body: 'ok' },
    ]) as unknown as { log: { entries: Array<{ request: Record<string, unknown> }> } };
    const first = har.log.entries[0];
    if (first) first.request.postData = { mimeType: 'text/plain', text: 'user=alice' };
    const read = await readHarEntryAt(chunked(JSON.stringify(har), 7), 0, () => {});
    expect(read.ok && read.found && read.entry).toMatchObject({
      request: { postData: { text: 'user=alice' } },
    });
    for (const broken of ['', 'hello', '{"log":{}}', '{"log":{"entries":[{"a":1}'])
      expect((await readHarEntryAt(chunked(broken, 3), 0, () => {})).ok, broken).toBe(false);
  });
});
