// Seeded factories for stored failures and diagnoses: sensible defaults, overridden per test.
// Ids and times follow a counter (r1, r2, ...; later failures are newer), reset per test.
import type { FailureRecord } from '../../src/background/store';
import type { Diagnosis } from '../../src/core/diagnose';

let n = 0;

/** Restarts the ids at r1 (call in beforeEach where ids are asserted). */
export function resetFakeFailures(): void {
  n = 0;
}

export function fakeFailure(overrides: Partial<FailureRecord> = {}): FailureRecord {
  n++;
  return {
    id: `r${n}`,
    tabId: 1,
    method: 'GET',
    url: `https://api.example.test/items/${n}`,
    status: 401,
    time: 1_700_000_000_000 + n,
    type: 'xmlhttprequest',
    carried: [],
    diagnoses: [],
    platforms: [],
    ...overrides,
  };
}

export function fakeDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  return {
    id: 'jwt-expired',
    family: 'jwt',
    severity: 'error',
    confidence: 0.95,
    title: 'The token had expired',
    explanation: '',
    evidence: [],
    fixes: [],
    ...overrides,
  };
}
