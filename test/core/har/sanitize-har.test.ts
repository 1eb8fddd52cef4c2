import { describe, expect, it } from 'vitest';
import { analyzeHar } from '../../../src/core/har/analyze-har';
import { sanitizeHar } from '../../../src/core/har/sanitize-har';
import { buildHar } from './build-har';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const jwt = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: 'alice', exp: 1767222000 }))}.U0lHTkFUVVJFLXNlY3JldC0wMTIzNDU2Nzg5`;
const SECRETS = [
  'U0lHTkFUVVJFLXNlY3JldC0wMTIzNDU2Nzg5',
  'YWxpY2U6aHVudGVyMg',
  'FAKE-session-0123456789',
  'FAKE-new-session-9876543210',
  'key_FAKE_0123456789abcdefghij',
  'qkey_FAKE_0123456789abcdefghij',
  'refresh-FAKE-0123456789abcdefghij',
  'hunter2-password',
];

function dirtyHar() {
  const har = buildHar([
    {
      url: 'https://api.example.test/login?api_key=qkey_FAKE_0123456789abcdefghij',
      method: 'POST',
      status: 200,
      request: {
        Authorization: 'Basic YWxpY2U6aHVudGVyMg==',
        'X-API-Key': 'key_FAKE_0123456789abcdefghij',
      },
      response: { 'Set-Cookie': 'sid=FAKE-new-session-9876543210; Path=/; HttpOnly' },
      body: JSON.stringify({
        access_token: jwt,
        refresh_token: 'refresh-FAKE-0123456789abcdefghij',
        user: 'alice',
      }),
    },
    {
      url: 'https://api.example.test/me',
      status: 401,
      request: { Authorization: `Bearer ${jwt}`, Cookie: 'sid=FAKE-session-0123456789' },
      response: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    },
  ]);
  const first = (har.log.entries as Array<{ request: Record<string, unknown> }>)[0];
  if (first) {
    first.request.postData = {
      mimeType: 'application/json',
      text: JSON.stringify({ user: 'alice', password: 'hunter2-password' }),
    };
    first.request.cookies = [{ name: 'sid', value: 'FAKE-session-0123456789' }];
  }
  return har;
}

describe('sanitizeHar', () => {
  it('masks every secret: Authorization, Cookie, Set-Cookie, API keys, query keys, JWT signatures, body tokens, passwords', () => {
    const result = sanitizeHar(dirtyHar());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = JSON.stringify(result.har);
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(result.masked).toBeGreaterThan(5);
  });

  it('keeps what the analysis needs: structure, statuses, JWT claims', () => {
    const result = sanitizeHar(dirtyHar());
    if (!result.ok) throw new Error(result.error);
    const text = JSON.stringify(result.har);
    expect(text).toContain(`${jwt.split('.').slice(0, 2).join('.')}.REDACTED`);
    const analysis = analyzeHar(result.har);
    expect(analysis.ok && analysis.report.failures[0]?.diagnoses[0]?.id).toBe('jwt-expired');
  });

  it('an Authorization list or quoted token keeps its structure, and bare copies are masked', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2VjcmV0LXNpZ25hdHVyZQ';
    const har = buildHar([
      {
        url: 'https://api.example.test/me',
        status: 401,
        request: { Authorization: `Bearer "${token}"` },
        response: {},
      },
      {
        url: 'https://api.example.test/me',
        status: 401,
        request: {
          Authorization: 'Bearer FAKE-opaque-0123456789abcdef, Bearer FAKE-other-0123456789abcdef',
        },
        response: {},
      },
      {
        url: 'https://api.example.test/me',
        status: 401,
        request: { Authorization: 'Bearer "FAKE-quoted-0123456789abcdef"' },
        response: {},
        // Copies of the tokens without the comma and quotes that followed them there.
        body: '{"echo":"FAKE-opaque-0123456789abcdef FAKE-quoted-0123456789abcdef"}',
      },
    ]);
    const result = sanitizeHar(har);
    if (!result.ok) throw new Error(result.error);
    const text = JSON.stringify(result.har);
    expect(text).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
    expect(text).not.toContain('FAKE-opaque-0123456789abcdef');
    expect(text).not.toContain('FAKE-quoted-0123456789abcdef');
    const auth = (i: number) =>
      (
        result.har.log.entries[i] as { request: { headers: { name: string; value: string }[] } }
      ).request.headers.find((h) => h.name === 'Authorization')?.value;
    expect(auth(0)).toBe('Bearer "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.REDACTED"');
    expect(auth(1)).toBe('Bearer FAKE…cdef, Bearer FAKE…cdef');
    expect(auth(2)).toBe('Bearer "FAKE…cdef"');
  });

  it('does not change its input', () => {
    const har = dirtyHar();
    const before = JSON.stringify(har);
    sanitizeHar(har);
    expect(JSON.stringify(har)).toBe(before);
  });

  it('refuses what is not a HAR', () => {
    expect(sanitizeHar({ nope: 1 }).ok).toBe(false);
    expect(sanitizeHar(null).ok).toBe(false);
  });
});

describe('sanitizeHar on hostile text (linear scans; a quadratic one would hit the test timeout)', () => {
  const harWithBody = (text: string) =>
    buildHar([{ url: 'https://a.test/', status: 200, body: text }]);

  it.each([
    ['eyJ- repeated', 'eyJ-'.repeat(250_000)],
    ['eyJa.eyJa. repeated', 'eyJa.eyJa.'.repeat(100_000)],
    ['unterminated secret strings', '"token":"\\"'.repeat(100_000)],
    ['a huge token value', `{"access_token":"${'a'.repeat(2_000_000)}"}`],
  ])('%s', (_name, text) => {
    const result = sanitizeHar(harWithBody(text));
    expect(result.ok).toBe(true);
  });

  it('masks a long secret value whole', () => {
    const secret = 'S'.repeat(50_000);
    const result = sanitizeHar(harWithBody(`{"access_token":"${secret}","user":"alice"}`));
    expect(JSON.stringify(result.ok && result.har)).not.toContain(secret);
    expect(JSON.stringify(result.ok && result.har)).toContain('alice');
  });

  it('replaces JWTs anywhere, keeping their claims', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2VjcmV0LXNpZ25hdHVyZQ';
    const result = sanitizeHar(harWithBody(`see ${token}, and again:${token}`));
    const text = JSON.stringify(result.ok && result.har);
    expect(text).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
    expect(text).toContain(
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.REDACTED, and again:eyJhbGciOiJIUzI1NiJ9',
    );
  });
});
