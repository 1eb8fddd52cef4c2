// The clock leeway (options page: "Clock leeway"): how far apart clocks may be before
// clock-skew and jwt-not-yet-valid (iat in the future) are reported. Hand-built exchanges.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../../src/core/context';
import { diagnose } from '../../../src/core/diagnose';
import { at, failed, fakeJwt, ids } from '../support/build';

const serverAhead = (seconds: number) => ({
  'WWW-Authenticate': 'Bearer realm="api"',
  Date: new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toUTCString(),
});

describe('clock leeway', () => {
  it('by default clocks 90 s apart are skewed; with a leeway of 120 s they are not', () => {
    const exchange = failed(
      { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
      serverAhead(90),
    );
    expect(ids(diagnose(exchange))).toContain('clock-skew');
    expect(ids(diagnose(exchange, createContext(), { leewaySeconds: 120 }))).not.toContain(
      'clock-skew',
    );
    expect(ids(diagnose(exchange, createContext(), { leewaySeconds: 10 }))).toContain('clock-skew');
  });

  it('an iat 30 s ahead is fine by default and not yet valid with no leeway', () => {
    const exchange = failed(
      { Authorization: `Bearer ${fakeJwt({ iat: at(30), exp: at(3600) })}` },
      { 'WWW-Authenticate': 'Bearer realm="api"' },
    );
    expect(ids(diagnose(exchange))).not.toContain('jwt-not-yet-valid');
    expect(ids(diagnose(exchange, createContext(), { leewaySeconds: 0 }))).toContain(
      'jwt-not-yet-valid',
    );
  });

  it('a nonsensical leeway falls back to the default', () => {
    const exchange = failed(
      { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
      serverAhead(90),
    );
    expect(ids(diagnose(exchange, createContext(), { leewaySeconds: -1 }))).toContain('clock-skew');
    expect(ids(diagnose(exchange, createContext(), { leewaySeconds: Number.NaN }))).toContain(
      'clock-skew',
    );
  });
});
