// Builders for failure views in the UI tests: real diagnoses from the core.

import { createContext } from '../../src/core/context';
import { credentialKinds } from '../../src/core/credential-kinds';
import { diagnose } from '../../src/core/diagnose';
import type { FailureRecord } from '../../src/storage/failures';
import { type FailureView, viewFromFailure, viewFromRecord } from '../../src/ui/failure-view';
import { createExchange, type ExchangeOverrides } from '../support/exchange';

/** A view of the exchange's failure as an imported HAR gives it (raw exchange kept). */
export function harView(overrides: ExchangeOverrides, index = 0): FailureView {
  const exchange = createExchange({ id: String(index), ...overrides });
  const failure = diagnose(exchange, createContext(), { statuses: new Set([401, 403, 407]) });
  if (!failure) throw new Error('not a failure');
  return viewFromFailure(
    failure,
    exchange,
    'har',
    index,
    credentialKinds(exchange.request.headers, exchange.request.url),
  );
}

/** A view of a stored record for the same exchange (masked, no exchange). */
export function capturedView(overrides: ExchangeOverrides, tabId = 7, id = 'r1'): FailureView {
  const view = harView(overrides);
  const record: FailureRecord = {
    id,
    tabId,
    method: view.method,
    url: view.url,
    status: view.status,
    time: view.time,
    type: 'xmlhttprequest',
    carried: view.carried as FailureRecord['carried'],
    diagnoses: view.diagnoses,
    platforms: view.platforms,
  };
  return viewFromRecord(record);
}
