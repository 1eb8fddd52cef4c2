// The engine calls a rule only when the facts have what the rule needs (src/core/rules/needs.ts).
// That is right only if a rule whose needs are unmet never finds anything: here every rule runs
// on every failure of the recorded HARs and of generated exchanges, in the engine's order, and
// each finding must come from a rule whose needs were met. (The token endpoint's rules are
// reached by the recorded OAuth flows.)
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext, type DiagnosisContext, recordExchange } from '../../../src/core/context';
import { PROVIDER_KNOWLEDGE } from '../../../src/core/diagnose';
import { isDiagnosedFailure, RULE_FAMILIES } from '../../../src/core/engine';
import type { Exchange, Header } from '../../../src/core/exchange';
import { importHar } from '../../../src/core/har/import-har';
import { buildFacts } from '../../../src/core/rules/facts';
import { meets, needsOf, presentIn } from '../../../src/core/rules/needs';
import type { Finding } from '../../../src/core/rules/types';
import { createExchange } from '../../support/exchange';
import { FIXTURES, harFiles } from '../har/fixture-files';

const RULES = RULE_FAMILIES.flatMap((family) => family.rules);
const EVERY_STATUS = new Set([400, 401, 403, 407, 419, 440]);

/** Rules that found something, by name (to see that the exchanges reach every rule). */
const fired = new Set<string>();

/** Runs every rule on the failure, as the engine does but ungated; returns what went wrong. */
function unmetButFound(exchange: Exchange, context: DiagnosisContext): string[] {
  if (!isDiagnosedFailure(exchange, EVERY_STATUS, context)) return [];
  const facts = buildFacts(exchange, context, undefined, PROVIDER_KNOWLEDGE);
  const present = presentIn(facts);
  const found = new Map<Finding['id'], Finding>();
  const wrong: string[] = [];
  for (const rule of RULES) {
    const result = rule(facts, found);
    const findings = result === undefined ? [] : Array.isArray(result) ? result : [result];
    if (findings.length === 0) continue;
    fired.add(rule.name);
    if (!meets(needsOf(rule), present))
      wrong.push(`${rule.name} found ${findings.map((f) => f.id).join(', ')} without its needs`);
    for (const finding of findings) if (!found.has(finding.id)) found.set(finding.id, finding);
  }
  return wrong;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (
  payload: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'RS256' },
) => `${b64url(header)}.${b64url(payload)}.c2lnbmF0dXJl`;
const T = Date.UTC(2026, 0, 1) / 1000;

const requestHeader: fc.Arbitrary<Header> = fc.oneof(
  fc.record({
    name: fc.constantFrom('Authorization', 'Proxy-Authorization'),
    value: fc.constantFrom(
      'Bearer undefined',
      'Bearer ',
      '',
      'Basic dXNlcjpwYXNz',
      'Basic dXNlcjpwYXNz==x',
      'Basic not base64!',
      'Basic dXNlcg',
      'Digest username="u", realm="r", nonce="n", uri="/x", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="c"',
      'Bearer Bearer abc.def',
      '"tok_0123456789abcdef"',
      `Bearer ${jwt({ exp: T - 3600, iat: T - 7200, aud: 'https://other.example.test', iss: 'https://auth.staging.example.com' })}`,
      `Bearer ${jwt({ exp: T + 3600, nbf: T + 600, typ: 'Refresh', nonce: 'n', cnf: { jkt: 'k' } })}`,
      `Bearer ${jwt({ exp: T + 3600 }, { alg: 'none' })}`,
      `DPoP ${jwt({ exp: T + 3600, cnf: { jkt: 'k' } })}`,
      'Bearer eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d',
      'Bearer eyJhbGciOi.broken',
      'Bearer sk_test_0123456789abcdef',
      'Negotiate TlRMTVNTUAADAAAA',
      'NTLM TlRMTVNTUAABAAAA',
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc',
      'Bearer [REDACTED]',
    ),
  }),
  fc.record({
    name: fc.constantFrom('Cookie', 'X-API-Key', 'Api-Key', 'X-Auth-Token'),
    value: fc.constantFrom(
      'sid=abc123; theme=dark',
      'session=0123456789abcdef',
      '_ga=GA1.1.1',
      '',
      'sk_live_0123456789abcdef',
      jwt({ exp: T - 60 }),
    ),
  }),
  fc.record({
    name: fc.constantFrom(
      'Origin',
      'Referer',
      'Sec-Fetch-Site',
      'Sec-Fetch-Mode',
      'Access-Control-Request-Method',
      'User-Agent',
      'DPoP',
      'X-Amz-Date',
    ),
    value: fc.constantFrom(
      'https://app.example.test',
      'https://other.example.org/page',
      'cross-site',
      'same-origin',
      'navigate',
      'cors',
      'GET',
      'Mozilla/5.0',
      'curl/8.0',
      '20260101T000000Z',
    ),
  }),
);

const responseHeader: fc.Arbitrary<Header> = fc.oneof(
  fc.record({
    name: fc.constantFrom('WWW-Authenticate', 'Proxy-Authenticate'),
    value: fc.constantFrom(
      'Bearer realm="api"',
      'Bearer error="invalid_token", error_description="The token expired"',
      'Bearer error="insufficient_scope", scope="read write"',
      'Bearer error="invalid_request"',
      'Bearer error="insufficient_user_authentication", acr_values="mfa", max_age=60',
      'DPoP error="use_dpop_nonce", algs="ES256"',
      'Basic realm="x", charset="UTF-8"',
      'Digest realm="r", nonce="n2", qop="auth", algorithm=SHA-256, stale=true',
      'Negotiate',
      'NTLM TlRMTVNTUAACAAAA',
      'ApiKey realm="x"',
      'Bearer resource_metadata="https://api.example.test/.well-known/oauth-protected-resource"',
    ),
  }),
  fc.record({
    name: fc.constantFrom(
      'Set-Cookie',
      'Date',
      'Access-Control-Allow-Credentials',
      'Access-Control-Allow-Origin',
      'x-amzn-ErrorType',
      'DPoP-Nonce',
      'Location',
    ),
    value: fc.constantFrom(
      'sid=; Max-Age=0',
      'sid=abc123; Path=/app; Secure; SameSite=Strict',
      'session=x; Domain=example.test; Expires=Wed, 01 Jan 2020 00:00:00 GMT',
      'Thu, 01 Jan 2026 00:00:00 GMT',
      'Thu, 01 Jan 2026 05:00:00 GMT',
      'true',
      '*',
      'UnauthorizedException',
      'nonce-1',
      'https://api.example.test/resource',
    ),
  }),
);

const body = fc.constantFrom(
  undefined,
  '{"error":"invalid_token","error_description":"Token revoked"}',
  '{"error":"invalid_client"}',
  '{"error":"invalid_grant","error_description":"refresh token reused"}',
  '{"error":"insufficient_user_authentication"}',
  '{"error":"use_dpop_nonce"}',
  '{"message":"Invalid API key provided"}',
  '{"message":"API key is missing"}',
  '{"message":"Bad credentials"}',
  '{"message":"Invalid username or password"}',
  '<Error><Code>SignatureDoesNotMatch</Code></Error>',
  '<html><title>401 Authorization Required</title><center>nginx</center></html>',
  'Unauthorized',
);

const exchangeArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'OPTIONS', 'HEAD'),
  url: fc.constantFrom(
    'https://api.example.test/resource',
    'https://api.example.test/api/me',
    'http://api.example.test/x?api_key=0123456789abcdef',
    'https://auth.example.test/oauth/token',
    'https://api.staging.example.com/v1/items',
    'https://app.example.test/login',
  ),
  status: fc.constantFrom(200, 400, 401, 403, 407, 419, 440),
  requestHeaders: fc.array(requestHeader, { maxLength: 6 }),
  responseHeaders: fc.array(responseHeader, { maxLength: 5 }),
  body,
  passwordField: fc.boolean(),
  redirected: fc.boolean(),
  stripped: fc.boolean(),
  offset: fc.integer({ min: 0, max: 120_000 }),
});

describe('rule needs', () => {
  it('no rule finds anything in the recorded HARs without its needs', () => {
    for (const file of harFiles(FIXTURES)) {
      const imported = importHar(readFileSync(file, 'utf8'));
      if (!imported.ok) continue;
      const context = createContext();
      for (const exchange of imported.value.exchanges) {
        expect(unmetButFound(exchange, context), file).toEqual([]);
        recordExchange(context, exchange);
      }
    }
  });

  it('nor in generated exchanges, one context for all (history, redirects, token requests)', () => {
    const context = createContext();
    fc.assert(
      fc.property(exchangeArb, (e) => {
        const time = Date.UTC(2026, 0, 1) + e.offset;
        const exchange = createExchange({
          request: {
            method: e.method,
            url: e.url,
            headers: e.requestHeaders,
            time,
            ...(e.passwordField ? { passwordField: true } : {}),
            ...(e.redirected
              ? {
                  redirectChain: [
                    {
                      method: 'GET',
                      url: 'https://old.example.org/resource',
                      status: 301,
                      requestHeaders: [{ name: 'Authorization', value: 'Bearer abc0123456789' }],
                    },
                  ],
                }
              : {}),
          },
          response: {
            status: e.status,
            headers: e.responseHeaders,
            ...(e.body === undefined ? {} : { body: e.body }),
          },
          ...(e.stripped ? { gaps: { strippedHeaders: ['authorization', 'cookie'] } } : {}),
        });
        expect(unmetButFound(exchange, context)).toEqual([]);
        recordExchange(context, exchange);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('the exchanges above reach most rules (so the checks mean something)', () => {
    // (Runs after the two above, which fill `fired`.)
    const never = RULES.map((rule) => rule.name).filter((name) => !fired.has(name));
    expect(never).toEqual([]);
  });
});
