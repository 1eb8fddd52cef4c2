import { expect, test } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import {
  claimTimes,
  credentialsFromExchange,
  credentialsFromFailure,
} from '../../src/ui/credential-details';
import { at, basic, fakeJwt } from '../core/support/build';
import { createExchange, DEFAULT_TEST_TIME, headers } from '../support/exchange';
import { harView } from './views';

const now = DEFAULT_TEST_TIME + 3_600_000;

test('JWT time claims: UTC, relative to now and to the request, EXPIRED and NOT YET VALID', () => {
  const times = claimTimes({ exp: at(-300), nbf: at(120), iat: at(-3600) }, DEFAULT_TEST_TIME, now);
  const exp = times.find((t) => t.claim === 'exp');
  expect(exp).toMatchObject({
    utc: '2025-12-31 23:55:00 UTC',
    relative: '1 h 5 min ago',
    atRequest: '5 min before the request',
    marker: 'EXPIRED',
  });
  expect(times.find((t) => t.claim === 'nbf')?.marker).toBe('NOT YET VALID');
  expect(times.find((t) => t.claim === 'iat')?.marker).toBeUndefined();
  expect(claimTimes({ exp: at(600) }, DEFAULT_TEST_TIME, now)[0]?.marker).toBeUndefined();
});

test('from an exchange in memory: Bearer JWT decoded, masked, revealable with its raw value', () => {
  const token = fakeJwt({ sub: 'alice', exp: at(-60) });
  const view = harView({ request: { headers: headers({ Authorization: `Bearer ${token}` }) } });
  const [credential] = credentialsFromExchange(view.exchange ?? assertNever(), now);
  expect(credential?.where).toBe('Authorization header');
  expect(credential?.masked).toBe('Bearer eyJh…');
  expect(credential?.raw).toBe(`Bearer ${token}`);
  expect(credential?.revealable).toBe(true);
  expect(credential?.jwt?.payload).toMatchObject({ sub: 'alice' });
  expect(credential?.jwt?.times.find((t) => t.claim === 'exp')?.marker).toBe('EXPIRED');
});

test('Basic: the user shown, the password masked (raw only for reveal); Digest parameters listed, proofs masked', () => {
  const view = harView({
    request: { headers: headers({ Authorization: basic('alice', 'correct-horse') }) },
  });
  const [credential] = credentialsFromExchange(view.exchange ?? assertNever(), now);
  expect(credential?.basic).toEqual({
    username: 'alice',
    passwordMasked: '•••',
    password: 'correct-horse',
  });
  expect(credential?.masked).toBe('Basic •••');

  const digest =
    'Digest username="alice", realm="r", nonce="abc", uri="/x", response="0123456789abcdef0123456789abcdef", qop=auth, nc=00000001, cnonce="cnonce-value-123"';
  const digestView = harView({ request: { headers: headers({ Authorization: digest }) } });
  const [d] = credentialsFromExchange(digestView.exchange ?? assertNever(), now);
  expect(d?.scheme).toBe('Digest');
  const params = Object.fromEntries((d?.digest ?? []).map((p) => [p.name, p.masked]));
  expect(params.username).toBe('alice');
  expect(params.response).not.toContain('0123456789abcdef0123456789abcdef');
  expect(params.cnonce).not.toBe('cnonce-value-123');
});

test('a value that reached us masked (sanitized HAR) cannot be revealed', () => {
  const view = harView({ request: { headers: headers({ Authorization: 'Bearer eyJh…' }) } });
  const [credential] = credentialsFromExchange(view.exchange ?? assertNever(), now);
  expect(credential?.revealable).toBe(false);
  expect(credential?.raw).toBeUndefined();
});

test("from the core's failure (masked, claims kept): decoded, never revealable", () => {
  const token = fakeJwt({ sub: 'bob', exp: at(-60) });
  const view = harView({ request: { headers: headers({ Authorization: `Bearer ${token}` }) } });
  const [credential] = credentialsFromFailure(view.failure ?? assertNever(), now);
  expect(credential?.revealable).toBe(false);
  expect(credential?.raw).toBeUndefined();
  expect(credential?.masked).not.toContain(token);
  expect(credential?.jwt?.payload).toMatchObject({ sub: 'bob' });
});

function assertNever(): never {
  throw new Error('missing');
}

test("the EXPIRED / NOT YET VALID markers agree with the diagnosis under the user's leeway", () => {
  let checked = 0;
  for (const leewaySeconds of [0, 30, 60, 300]) {
    for (const iat of [-3600, 20, 45, 90, 400]) {
      for (const exp of [-1, 0, 1, 7200]) {
        for (const nbf of [undefined, -5, 5]) {
          const payload = {
            sub: 'a',
            iat: at(iat),
            exp: at(exp),
            ...(nbf ? { nbf: at(nbf) } : {}),
          };
          const exchange = createExchange({
            request: { headers: headers({ Authorization: `Bearer ${fakeJwt(payload)}` }) },
            response: { headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
          });
          const ids = new Set(
            diagnose(exchange, undefined, { leewaySeconds })?.diagnoses.map((d) => d.id),
          );
          const [credential] = credentialsFromExchange(exchange, now, leewaySeconds * 1000);
          const markers = new Set(credential?.jwt?.times.map((t) => t.marker));
          const label = JSON.stringify({ leewaySeconds, iat, exp, nbf });
          expect(markers.has('EXPIRED'), label).toBe(ids.has('jwt-expired'));
          expect(markers.has('NOT YET VALID'), label).toBe(ids.has('jwt-not-yet-valid'));
          checked++;
        }
      }
    }
  }
  expect(checked).toBe(240);
});
