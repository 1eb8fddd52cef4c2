// The engine graded on captures nobody here produced (test/fixtures/public/README.md): every
// file with `log._publicCase` carries the cause a person judged from the capture alone, written
// before the engine was run on it. The figures are the bar: the judged cause in the
// top 3 for at least 90 % of the auth failures, first for at least 80 %, and the generic
// `auth-required` / `missing-challenge` never first when the capture says more.
import { describe, expect, it } from 'vitest';
import { corpusFigures, gradePublicCorpus } from '../../scripts/public-corpus';

const cases = gradePublicCorpus();

describe('public captures: the engine on traffic nobody here produced', () => {
  it('every case is documented: source, licence, capture style, judged cause and why', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const { file, meta } of cases) {
      expect(meta.source, file).toMatch(/^https:\/\/|public repository/);
      expect(meta.licence.length, file).toBeGreaterThan(2);
      expect(meta.style.length, file).toBeGreaterThan(2);
      expect(meta.judged.why.length, file).toBeGreaterThan(20);
    }
  });

  it('covers many providers and capture styles', () => {
    expect(new Set(cases.map((c) => c.meta.provider)).size).toBeGreaterThanOrEqual(35);
    const styles = cases.map((c) => c.meta.style).join('\n');
    for (const style of ['Polly', 'VCR', 'sanitized', 'nock', 'curl', 'Charles', 'Fiddler'])
      expect(styles, style).toContain(style);
  });

  it('the judged cause is in the top 3 for at least 90 %, first for at least 80 %', () => {
    const { top1, top3 } = corpusFigures(cases);
    const misses = cases
      .filter((c) => c.rank < 0 || c.rank >= 3)
      .map(
        (c) =>
          `${c.file}: judged ${c.meta.judged.cause}, got ${c.failure.diagnoses.map((d) => d.id).join(', ')}`,
      );
    expect(top3 / cases.length, misses.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(top1 / cases.length).toBeGreaterThanOrEqual(0.8);
  });

  it('auth-required and missing-challenge are never first when the capture says more', () => {
    for (const { file, failure } of cases) {
      const first = failure.diagnoses[0]?.id;
      if (failure.diagnoses.length > 1) {
        expect(first, file).not.toBe('auth-required');
        expect(first, file).not.toBe('missing-challenge');
      }
      expect(
        failure.diagnoses.map((d) => d.id),
        file,
      ).not.toContain('auth-required');
    }
  });

  it('info never ranks above a cause', () => {
    for (const { file, failure } of cases) {
      const firstInfo = failure.diagnoses.findIndex((d) => d.severity === 'info');
      const lastCause = failure.diagnoses.findLastIndex(
        (d) => d.severity === 'error' && d.confidence >= 0.5,
      );
      if (firstInfo >= 0 && lastCause >= 0) expect(firstInfo, file).toBeGreaterThan(lastCause);
    }
  });

  it('a masked credential is a credential: never placeholder-token, never no-credentials', () => {
    const masked = cases.filter((c) => c.masked);
    expect(masked.length).toBeGreaterThanOrEqual(20);
    for (const { file, failure } of masked) {
      const ids = failure.diagnoses.map((d) => d.id);
      expect(ids, file).not.toContain('placeholder-token');
      expect(ids, file).not.toContain('no-credentials');
    }
  });

  it('evidence says what the capture hid, and quotes the provider with its source', () => {
    const graphCase = cases.find((c) => c.meta.id === 'graph-token-expired-masked');
    const evidence = graphCase?.failure.diagnoses[0]?.evidence.join('\n') ?? '';
    expect(evidence).toContain('the capture hid its value ([REDACTED])');
    expect(evidence).toContain(
      'Microsoft Graph says: "Lifetime validation failed, the token is expired."',
    );
    expect(evidence).toContain('https://learn.microsoft.com/en-us/graph/resolve-auth-errors');
  });
});
