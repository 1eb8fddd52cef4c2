import { readdirSync, readFileSync } from 'node:fs';
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
