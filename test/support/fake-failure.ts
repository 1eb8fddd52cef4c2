// Seeded factories for stored failures and diagnoses: sensible defaults, overridden per test.
// Ids and times follow a counter (r1, r2, ...; later failures are newer), reset per test.

import type { CompactDiagnosis, Diagnosis } from '../../src/core/diagnose';
import { DIAGNOSIS_KINDS } from '../../src/core/diagnosis-kinds';
import type { FailureRecord } from '../../src/storage/failures';

let n = 0;

/** Restarts the ids at r1 (call in beforeEach where ids are asserted). */
export function resetFakeFailures(): void {
  n = 0;
}

export function fakeFailure<D extends CompactDiagnosis = Diagnosis>(
  overrides: Partial<FailureRecord<D>> = {},
): FailureRecord<D> {
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

/** A diagnosis of `overrides.id` (default jwt-expired), with that id's family and title. */
export function fakeDiagnosis(overrides: Partial<Diagnosis> = {}): Diagnosis {
  const kind = DIAGNOSIS_KINDS[overrides.id ?? 'jwt-expired'];
  return {
    id: 'jwt-expired',
    family: kind.family,
    severity: 'error',
    confidence: 0.95,
    title: kind.title,
    explanation: '',
    evidence: [],
    fixes: [],
    ...overrides,
  };
}
