import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { reportFailureJson } from '../../src/cli/commands/analyze';
import { analyzeHar, toReportFailure } from '../../src/core/har/analyze-har';

const dir = new URL('../fixtures/public/', import.meta.url);

// `analyze --json` writes each failure with its own serialiser: it must give the text the
// generic JSON.stringify(…, null, 2) gives, indented to its place in the list, on every
// recorded capture (notes, platforms, empty lists, quotes and non-ASCII in evidence).
it('writes each failure as JSON.stringify(toReportFailure(…), null, 2) would', () => {
  let failures = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.har'))) {
    const result = analyzeHar(readFileSync(new URL(name, dir), 'utf8'));
    if (!result.ok) continue;
    for (const { index, failure } of result.failures) {
      failures++;
      const generic = JSON.stringify(toReportFailure(index, failure), null, 2).replace(
        /\n/g,
        '\n    ',
      );
      expect(reportFailureJson(index, failure), name).toBe(generic);
    }
  }
  expect(failures).toBeGreaterThan(40);
});

// The catalogue's words are written from literals made once, when a diagnosis holds them as the
// catalogue gave them; anything else (a fix list that does not end with the general fixes,
// changed words) is written as it is.
it('writes changed words and fix lists as they are', () => {
  const result = analyzeHar(readFileSync(new URL('aspnetcore-jwtbearer-expired.har', dir), 'utf8'));
  if (!result.ok) throw new Error(result.error);
  const { index, failure } = result.failures[0] as (typeof result.failures)[number];
  const generic = () =>
    JSON.stringify(toReportFailure(index, failure), null, 2).replace(/\n/g, '\n    ');
  const first = failure.diagnoses[0] as (typeof failure.diagnoses)[number];
  expect(first.fixes.length).toBeGreaterThan(1);
  const variants: Array<() => void> = [
    () => first.fixes.pop(),
    () => first.fixes.splice(0, first.fixes.length),
    () => first.fixes.unshift('Own "first" step'),
    () => {
      first.fixes[first.fixes.length - 1] = `${first.fixes.at(-1)} (changed)`;
    },
    () => {
      first.title = `${first.title} \u2028`;
      first.explanation = 'Other <words> & "quotes"';
    },
  ];
  const { fixes, title, explanation } = first;
  for (const change of variants) {
    Object.assign(first, { fixes: [...fixes], title, explanation });
    change();
    expect(reportFailureJson(index, failure)).toBe(generic());
  }
});

// Strings are quoted by a fast path when nothing but `"` needs escaping: any text (controls,
// backslashes, lone and paired surrogates, U+2028) must come out as JSON.stringify writes it.
it('writes any text in a failure as JSON.stringify does', () => {
  const result = analyzeHar(readFileSync(new URL('aspnetcore-jwtbearer-expired.har', dir), 'utf8'));
  if (!result.ok) throw new Error(result.error);
  const { index, failure } = result.failures[0] as (typeof result.failures)[number];
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({
      unit: fc.constantFrom(
        'a',
        '"',
        '\\',
        '\n',
        '\u0000',
        '\u001f',
        '\u007f',
        '\u2028',
        '\ud83d',
        '\ude00',
        'é',
      ),
      maxLength: 12,
    }),
  );
  fc.assert(
    fc.property(text, fc.array(text, { maxLength: 4 }), text, (url, evidence, note) => {
      const changed = {
        ...failure,
        url,
        notes: [note],
        diagnoses: failure.diagnoses.map((d) => ({ ...d, evidence })),
      };
      const generic = JSON.stringify(toReportFailure(index, changed), null, 2).replace(
        /\n/g,
        '\n    ',
      );
      expect(reportFailureJson(index, changed)).toBe(generic);
    }),
    { numRuns: 500 },
  );
});
