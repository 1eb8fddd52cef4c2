// Engine-wide promises: the catalogue is complete, a success never yields a failure, every
// catalogue id is ranked first by at least one case, hostile input never throws, secrets
// never leave unmasked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, DIAGNOSIS_IDS } from '../../src/core/catalogue';
import { createContext, recordExchange } from '../../src/core/context';
import { diagnose, RULE_FAMILIES } from '../../src/core/diagnose';
import type { Header } from '../../src/core/exchange';
import { createExchange } from '../support/exchange';

// The ids of the catalogue (docs/diagnoses.md): a public contract, never renamed.
const CONTRACT = [
  'no-credentials',
  'credentials-not-forwarded',
  'redirect-dropped-credentials',
  'cors-credentials-not-sent',
  'cookie-blocked',
  'preflight-unauthorized',
  'insecure-transport',
  'placeholder-token',
  'empty-credentials',
  'missing-scheme',
  'duplicated-scheme',
  'quoted-token',
  'malformed-authorization',
  'scheme-mismatch',
  'multiple-authorization',
  'jwt-expired',
  'jwt-not-yet-valid',
  'jwt-malformed',
  'jwt-unsigned',
  'jwt-wrong-token-type',
  'jwt-audience-mismatch',
  'environment-mismatch',
  'jwe-opaque',
  'basic-not-encoded',
  'basic-malformed',
  'basic-charset',
  'basic-rejected',
  'digest-stale-nonce',
  'digest-mismatch',
  'digest-rejected',
  'invalid-token',
  'credentials-rejected',
  'login-rejected',
  'api-token-required',
  'invalid-request',
  'insufficient-scope',
  'missing-challenge',
  'api-key-missing',
  'api-key-rejected',
  'aws-signature-error',
  'oauth-client-auth-failed',
  'refresh-token-reused',
  'refresh-failed',
  'step-up-required',
  'dpop-proof-required',
  'credential-stopped-working',
  'session-expired',
  'retry-storm',
  'clock-skew',
  'signed-out-probe',
  'negotiate-handshake',
  'negotiate-not-answered',
  'proxy-auth-required',
  'forbidden-not-unauthorized',
  'auth-required',
];

describe('catalogue', () => {
  it('has exactly the contract ids', () => {
    expect([...DIAGNOSIS_IDS].sort()).toEqual([...CONTRACT].sort());
  });

  it('every entry has a title, a plain explanation and ordered fixes', () => {
    for (const id of DIAGNOSIS_IDS) {
      const entry = CATALOGUE[id];
      expect(entry.title.length, id).toBeGreaterThan(10);
      expect(entry.explanation.length, id).toBeGreaterThan(40);
      expect(entry.fixes.length, id).toBeGreaterThan(0);
    }
  });

  it('one rule file per family', () => {
    expect(RULE_FAMILIES.map((f) => f.family).sort()).toEqual([
      'across-requests',
      'authorization-format',
      'basic-digest',
      'expected-401s',
      'jwt',
      'oauth',
      'other-statuses',
      'presence-transport',
      'server-said',
    ]);
  });
});

const headerArb: fc.Arbitrary<Header> = fc.record({
  name: fc.oneof(
    fc.constantFrom(
      'Authorization',
      'Cookie',
      'X-API-Key',
      'Origin',
      'Proxy-Authorization',
      'Sec-Fetch-Site',
      'WWW-Authenticate',
      'Set-Cookie',
      'Date',
      'Location',
    ),
    fc.string({ maxLength: 12 }),
  ),
  value: fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom(
      'Bearer ',
      'Basic ',
      'Bearer eyJhbGciOiJub25lIn0.eyJleHAiOjF9.',
      'Digest realm="x", stale=true',
      'Bearer error="invalid_token"',
      'sid=; Max-Age=0',
      '\u0000\r\n',
      'eyJ.eyJ.eyJ.eyJ.eyJ',
    ),
  ),
});

describe('diagnose', () => {
  it('a successful request never yields a failure, whatever it carries', () => {
    fc.assert(
      fc.property(
        fc.array(headerArb, { maxLength: 8 }),
        fc.array(headerArb, { maxLength: 8 }),
        fc.integer({ min: 200, max: 399 }),
        (req, res, status) => {
          const exchange = createExchange({
            request: { headers: req },
            response: { status, headers: res },
          });
          expect(diagnose(exchange)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hostile headers never throw; a 401 always gets at least one diagnosis, evidence as strings', () => {
    const context = createContext();
    fc.assert(
      fc.property(
        fc.array(headerArb, { maxLength: 10 }),
        fc.array(headerArb, { maxLength: 10 }),
        fc.constantFrom(401, 403, 407, 419, 440),
        fc.oneof(
          fc.constant('https://api.example.test/x'),
          fc.string({ maxLength: 40 }),
          fc.constant('http://[::1]:8080/?key=abc&token=%zz'),
        ),
        fc.option(fc.string({ maxLength: 200 })),
        (req, res, status, url, body) => {
          const exchange = createExchange({
            request: { url, headers: req, time: Date.UTC(2026, 0, 1) },
            response: { status, headers: res, ...(body === null ? {} : { body }) },
          });
          const failure = diagnose(exchange, context);
          recordExchange(context, exchange);
          expect(failure?.diagnoses.length).toBeGreaterThan(0);
          for (const d of failure?.diagnoses ?? [])
            for (const e of d.evidence) expect(typeof e).toBe('string');
          expect(() => JSON.parse(JSON.stringify(failure))).not.toThrow();
        },
      ),
      { numRuns: 400 },
    );
  });

  it('megabyte headers and bodies are handled (a quadratic path would hit the test timeout)', () => {
    const big = 'a'.repeat(1_000_000);
    const failure = diagnose(
      createExchange({
        request: {
          headers: [
            { name: 'Authorization', value: `Bearer ${big}` },
            { name: 'Cookie', value: `sid=${big}` },
          ],
        },
        response: {
          headers: [{ name: 'WWW-Authenticate', value: `Bearer realm="${big}"` }],
          body: big,
        },
      }),
    );
    expect(failure?.diagnoses.length).toBeGreaterThan(0);
  });

  it('no secret of the request appears in the failure', () => {
    const token = 'tok_FAKE_0123456789abcdefghijklmnopqrstuv';
    const failure = diagnose(
      createExchange({
        request: {
          url: `https://api.example.test/x?access_token=${token}`,
          headers: [
            { name: 'Authorization', value: `Bearer ${token}` },
            { name: 'Cookie', value: `sid=${token}` },
            { name: 'X-API-Key', value: token },
          ],
        },
        response: {
          headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }],
          body: `{"message":"token ${token} revoked"}`,
        },
      }),
    );
    expect(JSON.stringify(failure)).not.toContain(token);
  });

  it('ranks by likelihood: errors before warnings before info unless the error is a weak guess', () => {
    const failure = diagnose(
      createExchange({
        request: {
          url: 'http://api.example.test/x',
          headers: [{ name: 'Authorization', value: 'Bearer undefined' }],
        },
      }),
    );
    const ids = failure?.diagnoses.map((d) => d.id) ?? [];
    expect(ids[0]).toBe('placeholder-token');
    expect(ids.indexOf('missing-challenge')).toBeGreaterThan(0);
  });

  it('thousands of Authorization lines and cookies: bounded evidence and listing', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      name: 'Authorization',
      value: `Bearer "tok-${i}-0123456789abcdef"`,
    }));
    const cookie = {
      name: 'Cookie',
      value: Array.from({ length: 5000 }, (_, i) => `sid${i}=v${i}`).join('; '),
    };
    const failure = diagnose(createExchange({ request: { headers: [...many, cookie] } }));
    expect(failure?.credentials.length).toBeLessThanOrEqual(50);
    for (const d of failure?.diagnoses ?? []) expect(d.evidence.length).toBeLessThanOrEqual(10);
  });
});
