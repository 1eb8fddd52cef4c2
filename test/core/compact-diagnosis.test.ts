import { expect, test } from 'vitest';
import { compactDiagnosis, expandDiagnosis } from '../../src/core/compact-diagnosis';
import { diagnose } from '../../src/core/diagnose';
import { at, failed, fakeJwt } from './support/build';

test('a compact diagnosis keeps its own facts and gets its words back, exactly', () => {
  const failure = diagnose(
    failed(
      { Authorization: `Bearer ${fakeJwt({ sub: 'alice', exp: at(-60) })}` },
      { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    ),
  );
  expect(failure?.diagnoses.length).toBeGreaterThan(0);
  for (const diagnosis of failure?.diagnoses ?? []) {
    const compact = compactDiagnosis(diagnosis);
    expect('title' in compact).toBe(false);
    expect('explanation' in compact).toBe(false);
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(diagnosis).length);
    expect(expandDiagnosis(JSON.parse(JSON.stringify(compact)))).toEqual(diagnosis);
  }
});

test('a full diagnosis or an unknown id passes through expand unchanged', () => {
  const failure = diagnose(failed({}, { 'WWW-Authenticate': 'Bearer' }));
  const full = failure?.diagnoses[0];
  expect(full && expandDiagnosis(full)).toBe(full);
  const unknown = {
    id: 'from-the-future',
    severity: 'info',
    confidence: 1,
    evidence: [],
    fixes: [],
  };
  // biome-ignore lint/suspicious/noExplicitAny: a record written by a newer version
  expect(expandDiagnosis(unknown as any)).toBe(unknown);
});
