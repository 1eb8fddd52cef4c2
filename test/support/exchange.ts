// Builders for hand-built exchanges in tests (not part of the core's public API).
import type {
  Exchange,
  ExchangeGaps,
  ExchangeRequest,
  ExchangeResponse,
  Header,
} from '../../src/core/exchange';

export interface ExchangeOverrides {
  id?: string;
  source?: Exchange['source'];
  request?: Partial<ExchangeRequest>;
  response?: Partial<ExchangeResponse>;
  gaps?: ExchangeGaps;
}

/** Fixed request time used by builders: 2026-01-01T00:00:00Z. */
export const DEFAULT_TEST_TIME = Date.UTC(2026, 0, 1);

/**
 * An exchange with sensible defaults (`GET https://api.example.test/resource` answered 401 at
 * 2026-01-01T00:00:00Z) (tests). Overrides replace whole fields.
 */
export function createExchange(overrides: ExchangeOverrides = {}): Exchange {
  const time = overrides.request?.time ?? DEFAULT_TEST_TIME;
  const exchange: Exchange = {
    source: overrides.source ?? 'test',
    request: {
      method: 'GET',
      url: 'https://api.example.test/resource',
      headers: [],
      redirectChain: [],
      ...overrides.request,
      time,
    },
    response: {
      status: 401,
      headers: [],
      ...overrides.response,
      time: overrides.response?.time ?? time + 20,
    },
  };
  if (overrides.id !== undefined) exchange.id = overrides.id;
  if (overrides.gaps !== undefined) exchange.gaps = overrides.gaps;
  return exchange;
}

/** `[{name, value}]` from `{Name: value}` or `[[name, value]]`, order kept. */
export function headers(
  input: Record<string, string | string[]> | ReadonlyArray<readonly [string, string]>,
): Header[] {
  const out: Header[] = [];
  if (Array.isArray(input)) {
    for (const [name, value] of input as ReadonlyArray<readonly [string, string]>)
      out.push({ name, value });
    return out;
  }
  for (const [name, value] of Object.entries(input as Record<string, string | string[]>)) {
    if (Array.isArray(value)) for (const one of value) out.push({ name, value: one });
    else out.push({ name, value });
  }
  return out;
}
