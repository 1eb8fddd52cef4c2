// Values that whoever made a capture hid (src/core/masked.ts): recognised as masks, and
// diagnosed as "a credential was sent, its value was hidden", never as a placeholder or as no
// credentials.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/core/diagnose';
import { importHar } from '../../src/core/har/import-har';
import { findCaptureMask, isMaskedValue } from '../../src/core/masked';
import { redact } from '../../src/core/redact';
import { createSanitizedExportCheck, sessionSignOf } from '../../src/core/sanitized-export';
import { buildHar } from './har/build-har';
import { createExchange, failed, find, headers, ids } from './support/build';

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
  // Cut short to a vendor prefix and an ASCII ellipsis (VCR.py filter_headers: notion-sdk-py).
  'ntn_...',
  'Bearer sk-...',
  'token ghp_abc...',
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
  // "..." alone is a placeholder copied from docs; a long value cut with "..." is left to the
  // format checks (a truncated JWT is jwt-malformed); one or two trailing dots are a token's.
  '...',
  'Bearer ...',
  'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0...',
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.',
  'Bearer abc..',
];

describe('findCaptureMask', () => {
  it.each(MASKS)('%s is a mask', (value) => {
    expect(isMaskedValue(value)).toBe(true);
    expect(findCaptureMask(value)?.length ?? 0).toBeGreaterThan(0);
  });
  it.each(NOT_MASKS)('%s is not', (value) => expect(isMaskedValue(value)).toBe(false));
  it.each(['####', 'Bearer ###########', '···', '░░', '██████', 'Bearer ●●'])(
    '%s, a run of another mask character, is a mask',
    (value) => expect(findCaptureMask(value)).toMatch(/^a run of/),
  );
  it('says which mask it saw', () => {
    expect(findCaptureMask('Bearer [REDACTED]')).toBe('[REDACTED]');
    expect(findCaptureMask('Basic ********')).toBe('a run of "*"');
    expect(findCaptureMask('token <GITHUB_TOKEN>')).toContain('<GITHUB_TOKEN>');
    expect(findCaptureMask('abcd…wxyz')).toBe("401 Doctor's mask");
    expect(findCaptureMask('ntn_...')).toBe('cut short to a few characters and "..."');
  });
  it('is linear on long hostile values', () => {
    for (const value of [
      '*'.repeat(1 << 20),
      `${'[REDACTED'.repeat(100_000)}`,
      'x'.repeat(1 << 20),
      '.'.repeat(1 << 20),
      `${'a'.repeat(1 << 20)}...`,
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

  it('a whole Authorization value masked as ntn_... (Notion, VCR.py): a hidden token, not an empty one', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'ntn_...', 'Notion-Version': '2025-09-03' },
        {},
        {
          response: {
            body: '{"object":"error","status":401,"code":"unauthorized","message":"API token is invalid."}',
          },
        },
      ),
    );
    expect(ids(failure)).not.toContain('empty-credentials');
    expect(ids(failure)).not.toContain('no-credentials');
    expect(JSON.stringify(failure)).toContain('the capture hid its value');
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

// Chrome's "sanitized" export: no Authorization, Cookie or Set-Cookie anywhere in the file
// WHILE the traffic shows cookie sessions or challenges. Plain unauthenticated traffic is not.
describe('createSanitizedExportCheck', () => {
  const plain = (url: string, status = 200, response: Record<string, string> = {}) =>
    createExchange({ request: { url }, response: { status, headers: headers(response) } });

  it('a public Chrome export (Google Calendar 401 with its challenge, no secret header): sanitized, and says why', () => {
    const imported = importHar(
      readFileSync(
        new URL('../fixtures/public/google-missing-credential-sanitized.har', import.meta.url),
        'utf8',
      ),
    );
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.secretsStripped).toBe(true);
    const warning = imported.value.warnings.join(' ');
    expect(warning).toContain('Authorization, Cookie or Set-Cookie');
    expect(warning).toContain(
      'a 401 with a WWW-Authenticate challenge (/calendar/v3/users/me/calendarList)',
    );
    expect(imported.value.exchanges[0]?.gaps?.strippedHeaders).toContain('authorization');
  });

  it('plain unauthenticated traffic (pages, scripts, a public API, even a 401 without challenge) is not sanitized', () => {
    const check = createSanitizedExportCheck();
    check.add(plain('https://example.test/'), false);
    check.add(plain('https://cdn.example.test/app.js'), false);
    check.add(plain('https://api.example.test/v1/items?page=2'), false);
    check.add(plain('https://api.example.test/v1/private', 401), false);
    expect(check.verdict('WebInspector')).toBeUndefined();
    const har = buildHar(
      [
        { url: 'https://example.test/', status: 200 },
        { url: 'https://api.example.test/v1/private', status: 401, body: '{"message":"nope"}' },
      ],
      'WebInspector',
    );
    const imported = importHar(har);
    expect(imported.ok && imported.value.secretsStripped).toBe(false);
    expect(imported.ok && imported.value.warnings).toEqual([]);
  });

  it.each([
    [
      'a 401 challenge',
      plain('https://a.test/x', 401, { 'WWW-Authenticate': 'Basic realm="x"' }),
      'a 401 with a WWW-Authenticate challenge (/x)',
    ],
    [
      'a 407 challenge',
      plain('https://a.test/y', 407, { 'Proxy-Authenticate': 'Negotiate' }),
      'a 407 with a Proxy-Authenticate challenge',
    ],
    [
      'a sign-in endpoint',
      plain('https://a.test/users/sign_in'),
      'a sign-in, session or current-user endpoint (/users/sign_in)',
    ],
    [
      'a who-am-I probe',
      plain('https://a.test/api/v1/users/current', 401),
      'current-user endpoint (/api/v1/users/current)',
    ],
    [
      'a redirect to sign-in',
      plain('https://a.test/admin', 302, { Location: '/login?next=/admin' }),
      'a redirect to a sign-in page (/admin)',
    ],
    [
      'a CSRF header',
      createExchange({
        request: { url: 'https://a.test/api/save', headers: headers({ 'X-CSRF-Token': 'abc' }) },
      }),
      'X-CSRF-Token header',
    ],
    [
      'Vary: Cookie',
      plain('https://a.test/feed', 200, { Vary: 'Accept-Encoding, Cookie' }),
      'varies on Cookie (/feed)',
    ],
  ])('%s is a sign of sessions or challenges', (_, exchange, sign) => {
    expect(sessionSignOf(exchange)).toContain(sign);
    const check = createSanitizedExportCheck();
    check.add(plain('https://a.test/'), false);
    check.add(exchange, false);
    expect(check.verdict('WebInspector')?.signs.join(' ')).toContain(sign);
    expect(check.verdict('WebInspector')?.hidden).toEqual([
      'Authorization',
      'Cookie',
      'Set-Cookie',
    ]);
  });

  it('a client log that left Authorization out (public Azure Storage capture): the server says it refused a credential, so one was removed', () => {
    const imported = importHar(
      readFileSync(
        new URL('../fixtures/public/azure-storage-sharedkey-mismatch.har', import.meta.url),
        'utf8',
      ),
    );
    expect(imported.ok && imported.value.secretsStripped).toBe(true);
    expect(imported.ok && imported.value.warnings.join(' ')).toContain(
      'a 403 whose server says a credential it received was refused (/tstate)',
    );
  });

  it('one secret header anywhere, or a Playwright recording, or no entry: not sanitized', () => {
    const challenge = plain('https://a.test/x', 401, { 'WWW-Authenticate': 'Bearer' });
    const withSecret = createSanitizedExportCheck();
    withSecret.add(challenge, false);
    withSecret.add(plain('https://a.test/later'), true);
    expect(withSecret.sawSecretHeader).toBe(true);
    expect(withSecret.verdict('WebInspector')).toBeUndefined();
    const playwright = createSanitizedExportCheck();
    playwright.add(challenge, false);
    expect(playwright.verdict('Playwright')).toBeUndefined();
    expect(createSanitizedExportCheck().verdict('WebInspector')).toBeUndefined();
  });
});
