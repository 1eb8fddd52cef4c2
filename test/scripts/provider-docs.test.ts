import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PROVIDER_DOC, README, renderProviderDoc, renderReadme } from '../../scripts/provider-docs';
import { PROVIDERS } from '../../src/core/providers';

describe('the provider table in docs/providers.md and README.md', () => {
  test('docs/providers.md is what `npm run docs:providers` generates from the core', () => {
    expect(readFileSync(PROVIDER_DOC, 'utf8')).toBe(renderProviderDoc());
  });

  test("README's coverage list and corpus figure are generated (run `npm run docs:providers`)", () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(renderReadme(readme));
    for (const row of PROVIDERS) expect(readme, row.id).toContain(row.name);
  });

  test('every row has a public source and at least one message', () => {
    expect(PROVIDERS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PROVIDERS.map((row) => row.id)).size).toBe(PROVIDERS.length);
    for (const row of PROVIDERS) {
      expect(row.source, row.id).toMatch(/^https:\/\//);
      expect(row.messages.length, row.id).toBeGreaterThan(0);
    }
  });
});
