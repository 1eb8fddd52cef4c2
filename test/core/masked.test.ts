// Values that whoever made a capture hid (src/core/masked.ts): recognised as masks, and
// diagnosed as "a credential was sent, its value was hidden", never as a placeholder or as no
// credentials.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import { findCaptureMask, isMaskedValue } from '../../src/core/masked';
import { redact } from '../../src/core/redact';
import { failed, find, ids } from './support/build';

const MASKS = [
  '[REDACTED]',
  'Bearer [REDACTED]',
  'REDACTED',
  '***',
  'Bearer ****',
  '<redacted>',
  '[Filtered]',
  'Token [FILTERED]',
  'xxxxxxxx',
  'Basic xxxxxxxxxxxxxxxx',
  '••••',
  'Bearer ••••',
  'Sanitized',
  '<GITHUB_TOKEN>',
  'token <GITHUB_TOKEN>',
  '********************************',
  '●●●●●●',
  'SSWS ****',
  'Token token=********',
  'sk_test_********************1234',
  'AWS4-HMAC-SHA256 Credential=AKIA****************/20240301/us-east-1/sts/aws4_request, Signature=****',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.REDACTED',
  // 401 Doctor's own masks
  redact('abcdefghijklmnopqrstuvwxyz0123456789'),
  redact('short-secret'),
  'Bearer abcd…wxyz',
];

const NOT_MASKS = [
  'Bearer abcdefghijklmnopqrstuvwxyz0123',
  'Basic dXNlcjpwYXNz',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl',
  'Bearer <token>',
  'undefined',
  'Bearer xxx',
  'sid=0123456789abcdef',
  'ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE1234',
];

describe('findCaptureMask', () => {
  it.each(MASKS)('%s is a mask', (value) => {
    expect(isMaskedValue(value)).toBe(true);
    expect(findCaptureMask(value)?.length ?? 0).toBeGreaterThan(0);
  });
  it.each(NOT_MASKS)('%s is not', (value) => expect(isMaskedValue(value)).toBe(false));
  it('says which mask it saw', () => {
    expect(findCaptureMask('Bearer [REDACTED]')).toBe('[REDACTED]');
    expect(findCaptureMask('Basic ********')).toBe('a run of "*"');
    expect(findCaptureMask('token <GITHUB_TOKEN>')).toContain('<GITHUB_TOKEN>');
    expect(findCaptureMask('abcd…wxyz')).toBe("401 Doctor's mask");
  });
  it('is linear on long hostile values', () => {
    for (const value of [
      '*'.repeat(1 << 20),
      `${'[REDACTED'.repeat(100_000)}`,
      'x'.repeat(1 << 20),
    ])
      expect(typeof isMaskedValue(value)).toBe('boolean');
  });
});

describe('a masked credential was sent', () => {
  it.each(MASKS.filter((m) => !m.startsWith('AWS4') && !m.startsWith('eyJ')))(
    'Authorization: %s is never placeholder-token nor no-credentials',
    (value) => {
      const failure = diagnose(failed({ Authorization: value }, {}));
      expect(ids(failure)).not.toContain('placeholder-token');
      expect(ids(failure)).not.toContain('no-credentials');
      expect(ids(failure)).not.toContain('auth-required');
    },
  );

  it('a masked token refused with nothing more said: credentials-rejected, evidence says what was hidden', () => {
    const failure = diagnose(failed({ Authorization: 'Bearer [REDACTED]' }, {}));
    expect(ids(failure)[0]).toBe('credentials-rejected');
    expect(find(failure, 'credentials-rejected')?.evidence[0]).toBe(
      'Authorization header: a credential was sent, but the capture hid its value ([REDACTED]), so its format, expiry and claims cannot be checked here',
    );
  });

  it('a masked Basic value with a Basic challenge: basic-rejected', () => {
    const failure = diagnose(
      failed({ Authorization: 'Basic ********' }, { 'WWW-Authenticate': 'Basic realm="x"' }),
    );
    expect(ids(failure)[0]).toBe('basic-rejected');
  });

  it('a masked cookie or API key is sent too', () => {
    expect(ids(diagnose(failed({ Cookie: 'session=[REDACTED]' }, {})))).not.toContain(
      'no-credentials',
    );
    expect(ids(diagnose(failed({ 'X-API-Key': '***' }, {})))).not.toContain('no-credentials');
  });
});
