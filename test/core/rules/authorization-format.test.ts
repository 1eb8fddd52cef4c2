// Catalogue family "Authorization header format" (docs/diagnoses.md). Hand-built exchanges.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { failed, fakeJwt, find, firstId, ids } from '../support/build';

const bearerChallenge = { 'WWW-Authenticate': 'Bearer realm="api"' };

describe('authorization-format', () => {
  it('placeholder-token: `Bearer undefined` (the token variable was empty)', () => {
    const failure = diagnose(failed({ Authorization: 'Bearer undefined' }, bearerChallenge));
    expect(firstId(failure)).toBe('placeholder-token');
    // A placeholder is not a secret: the evidence shows it as sent.
    expect(find(failure, 'placeholder-token')?.evidence[0]).toBe(
      'Authorization header: Bearer undefined',
    );
  });

  it.each([
    'Bearer null',
    'Bearer [object Object]',
    'Bearer <token>',
    'Bearer YOUR_TOKEN',
    'Bearer {{token}}',
  ])('placeholder-token: %s', (value) => {
    expect(firstId(diagnose(failed({ Authorization: value }, bearerChallenge)))).toBe(
      'placeholder-token',
    );
  });

  it('empty-credentials: a lone `Bearer` (what fetch sends for `Bearer ` + empty string)', () => {
    expect(firstId(diagnose(failed({ Authorization: 'Bearer' }, bearerChallenge)))).toMatch(
      /empty-credentials|placeholder-token/,
    );
    expect(
      ids(diagnose(failed({ Authorization: 'Basic ' }, { 'WWW-Authenticate': 'Basic realm="x"' }))),
    ).toContain('empty-credentials');
  });

  it('missing-scheme: a bare JWT while the server challenges Bearer', () => {
    const failure = diagnose(
      failed({ Authorization: fakeJwt({ sub: 'alice', exp: 4e9 }) }, bearerChallenge),
    );
    expect(firstId(failure)).toBe('missing-scheme');
    expect(find(failure, 'missing-scheme')?.fixes[0]).toContain('Authorization: Bearer <token>');
  });

  it('duplicated-scheme: `Bearer Bearer x`', () => {
    const failure = diagnose(
      failed({ Authorization: 'Bearer Bearer abcdefghijklmnopqrstuvwxyz012345' }, bearerChallenge),
    );
    expect(firstId(failure)).toBe('duplicated-scheme');
  });

  it('quoted-token: the token wrapped in quotes (JSON.stringify of a stored string)', () => {
    const failure = diagnose(
      failed({ Authorization: 'Bearer "abcdefghijklmnopqrstuvwxyz012345"' }, bearerChallenge),
    );
    expect(firstId(failure)).toBe('quoted-token');
  });

  it('malformed-authorization: JSON instead of a token', () => {
    const failure = diagnose(
      failed({ Authorization: 'Bearer {"access_token":"abcdefghijklmnop"}' }, bearerChallenge),
    );
    expect(firstId(failure)).toBe('malformed-authorization');
  });

  it('malformed-authorization: inner spaces in a token68 scheme', () => {
    const failure = diagnose(
      failed({ Authorization: 'Bearer abcdefgh ijklmnop qrstuvwx' }, bearerChallenge),
    );
    expect(ids(failure)).toContain('malformed-authorization');
  });

  it('scheme-mismatch: Basic sent, the server offers Bearer only', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Basic YWxpY2U6c2VjcmV0' },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      ),
    );
    expect(firstId(failure)).toBe('scheme-mismatch');
    expect(find(failure, 'scheme-mismatch')?.evidence.join('\n')).toContain('Bearer realm="api"');
  });
  // Salesforce answers `WWW-Authenticate: Token` and takes `Bearer` (and `OAuth`): a server that
  // says the token itself is invalid has read it, whatever scheme its challenge names.
  it('scheme-mismatch is only a possibility when a provider says the token itself is invalid', () => {
    const token = 'Bearer opaque-0123456789abcdefghijklmnop';
    const url = 'https://example.my.salesforce.com/services/data/v59.0/sobjects';
    const plain = diagnose(
      failed({ Authorization: token }, { 'WWW-Authenticate': 'Token' }, { request: { url } }),
    );
    expect(firstId(plain)).toBe('scheme-mismatch');
    expect(find(plain, 'scheme-mismatch')?.confidence).toBe(0.85);
    const said = diagnose(
      failed(
        { Authorization: token },
        { 'WWW-Authenticate': 'Token' },
        {
          request: { url },
          response: {
            body: '[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]',
          },
        },
      ),
    );
    expect(firstId(said)).toBe('invalid-token');
    expect(find(said, 'scheme-mismatch')?.confidence).toBe(0.5);
    expect(find(said, 'scheme-mismatch')?.evidence.join('\n')).toContain(
      'But the server\'s words are about the token itself (Salesforce: "Session expired or invalid")',
    );
    // A bare RFC 6750 code also covers a malformed token: no change.
    const code = diagnose(
      failed(
        { Authorization: token },
        { 'WWW-Authenticate': 'Token' },
        {
          request: { url: 'https://api.example.test/x' },
          response: { body: '{"error":"invalid_token"}' },
        },
      ),
    );
    expect(find(code, 'scheme-mismatch')?.confidence).toBe(0.85);
  });

  it('multiple-authorization: two Authorization lines', () => {
    const failure = diagnose(
      failed(
        {
          Authorization: [
            'Bearer abcdefghijklmnopqrstuvwxyz0123',
            'Bearer zyxwvutsrqponmlkjihgfedcba9876',
          ],
        },
        bearerChallenge,
      ),
    );
    expect(firstId(failure)).toBe('multiple-authorization');
  });

  it('multiple-authorization: credentials joined with a comma', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123, Basic YWxpY2U6c2VjcmV0' },
        bearerChallenge,
      ),
    );
    expect(ids(failure)).toContain('multiple-authorization');
  });

  it('evidence never shows a real token in full', () => {
    const token = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const failure = diagnose(failed({ Authorization: `Bearer Bearer ${token}` }, bearerChallenge));
    expect(JSON.stringify(failure)).not.toContain(token);
  });
});

// A sanitized capture masks the secret, not the words around it (401 Doctor's sanitize, and
// the public corpus's STAC Browser, Guzzle, ASP.NET Core and NestJS cases once sanitized).
describe('format problems a mask leaves visible', () => {
  it.each([
    ['Bearer Bearer [REDACTED]', 'duplicated-scheme'],
    ['Bearer "[REDACTED]"', 'quoted-token'],
    ['Bearer [REDACTED], Bearer [REDACTED]', 'multiple-authorization'],
    [`${fakeJwt({ sub: 'u1' }).replace(/\.[^.]+$/, '.REDACTED')}`, 'missing-scheme'],
  ])('%s: %s', (value, id) => {
    expect(ids(diagnose(failed({ Authorization: value }, bearerChallenge)))).toContain(id);
  });

  it.each([
    'Bearer [REDACTED]',
    'Basic •••',
    'Bearer eyJh…wxyz',
    'Digest username="•••", response="•••"',
  ])('nothing from the mask alone: %s', (value) => {
    const found = ids(diagnose(failed({ Authorization: value }, bearerChallenge)));
    for (const id of [
      'duplicated-scheme',
      'quoted-token',
      'multiple-authorization',
      'missing-scheme',
    ])
      expect(found, value).not.toContain(id);
  });
});
