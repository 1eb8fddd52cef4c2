// Small builders for hand-built exchanges (named as such in the tests that use them).
import { createContext, type DiagnosisContext, recordExchange } from '../../../src/core/context';
import { diagnose, type Failure } from '../../../src/core/diagnose';
import type { Exchange } from '../../../src/core/exchange';
import {
  createExchange,
  DEFAULT_TEST_TIME,
  type ExchangeOverrides,
  headers,
} from '../../support/exchange';

export { createExchange, DEFAULT_TEST_TIME, headers };

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** An unsigned-looking but well-formed test JWT (fake signature). */
export function fakeJwt(
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
  signature = 'ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz',
): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

/** Seconds since the epoch, `offset` seconds from the default request time. */
export const at = (offsetSeconds: number) => Math.floor(DEFAULT_TEST_TIME / 1000) + offsetSeconds;

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A 401 exchange with request and response headers given as objects. */
export function failed(
  request: Record<string, string | string[]> = {},
  response: Record<string, string | string[]> = {},
  more: ExchangeOverrides = {},
): Exchange {
  return createExchange({
    ...more,
    request: { headers: headers(request), ...more.request },
    response: { status: 401, headers: headers(response), ...more.response },
  });
}

/** Diagnoses the last exchange after folding the ones before it into a fresh context. */
export function afterHistory(history: Exchange[], last: Exchange): Failure | null {
  const context: DiagnosisContext = createContext();
  for (const exchange of history) recordExchange(context, exchange);
  return diagnose(last, context);
}

export const ids = (failure: Failure | null) => failure?.diagnoses.map((d) => d.id) ?? [];
export const firstId = (failure: Failure | null) => failure?.diagnoses[0]?.id;
export const find = (failure: Failure | null, id: string) =>
  failure?.diagnoses.find((d) => d.id === id);
