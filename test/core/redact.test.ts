import { describe, expect, it } from 'vitest';
import {
  isMaskedValue,
  redact,
  redactAuthorization,
  redactCookieHeader,
  redactHeaders,
  redactSetCookie,
  redactUrl,
} from '../../src/core/redact';
import { redactText } from '../../src/core/secrets/value-masker';

describe('redact', () => {
  it('tokens show at most their first and last 4 characters', () => {
    expect(redact('abcdefghijklmnopqrstuvwxyz0123')).toBe('abcd…0123');
    expect(redact('abcdefghijklmn')).toBe('abcd…');
    expect(redact('short')).toBe('•••');
  });

  it('passwords and cookie values never show', () => {
    expect(redact('correct horse battery staple', 'password')).toBe('•••');
    expect(redact('s%3Along-session-value-0123456789', 'cookie')).toBe('•••');
  });

  it('JWTs never show any of their signature', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(redact(jwt)).toBe('eyJh…');
    expect(redact(jwt, 'jwt-claims')).toBe('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.REDACTED');
  });

  it('Authorization keeps the scheme, masks the credentials', () => {
    expect(redactAuthorization('Basic YWxpY2U6c2VjcmV0')).toBe('Basic •••');
    expect(redactAuthorization('Bearer abcdefghijklmnopqrstuvwxyz0123')).toBe('Bearer abcd…0123');
    const digest = redactAuthorization(
      'Digest username="alice", realm="r", nonce="abc", response="0123456789abcdef"',
    );
    expect(digest).toContain('username="alice"');
    expect(digest).not.toContain('0123456789abcdef');
  });

  it('Authorization with several words after the scheme: each word masked on its own', () => {
    expect(
      redactAuthorization(
        'Bearer  abcdefghijklmnopqrstuvwxyz0123\t short  eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln',
      ),
    ).toBe('Bearer abcd…0123 ••• eyJh…');
    expect(redactAuthorization('  Token   abcdefghijkl  ')).toBe('Token abcd…');
    expect(redactAuthorization('Bearer x\ny')).toBe('Bearer ••• •••');
  });

  it('Authorization lists, doubled schemes and quotes keep their structure, only secrets masked', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    // The comma and the second scheme show two credentials (multiple-authorization).
    expect(redactAuthorization('Bearer FAKE-new-token, Bearer FAKE-new-token')).toBe(
      'Bearer FAKE…, Bearer FAKE…',
    );
    // The doubled scheme (duplicated-scheme) and the quotes (quoted-token) stay.
    expect(redactAuthorization('Bearer Bearer abcdefghijklmnopqrstuvwxyz0123')).toBe(
      'Bearer Bearer abcd…0123',
    );
    expect(redactAuthorization(`Bearer "${jwt}"`)).toBe('Bearer "eyJh…"');
    // A JWT next to a comma or a quote is still a JWT: no character of its signature shows.
    const list = redactAuthorization(`Bearer ${jwt}, Bearer ${jwt}`);
    expect(list).toBe('Bearer eyJh…, Bearer eyJh…');
    expect(list).not.toMatch(/ZQ|yZQ/);
    // A Basic credential may be plain text: whatever it holds is one •••, up to the next
    // scheme of a list.
    expect(redactAuthorization('Basic dXNlcjpwYXNz, Basic dXNlcjpwYXNz')).toBe(
      'Basic •••, Basic •••',
    );
    expect(redactAuthorization('Basic Basic dXNlcjpwYXNz')).toBe('Basic Basic •••');
    for (const plain of ['Basic user:pa,ss word', 'Basic "user:pass"', 'Basic admin token'])
      expect(redactAuthorization(plain)).toBe('Basic •••');
    expect(redactAuthorization('Bearer abcdefghijklmn, Basic dXNlcjpwYXNz')).toBe(
      'Bearer abcd…, Basic •••',
    );
  });

  it('cookies keep names and attributes only', () => {
    expect(redactCookieHeader('sid=abc123; theme=dark')).toBe('sid=•••; theme=•••');
    expect(redactSetCookie('sid=abc123; Path=/; HttpOnly; SameSite=Lax')).toBe(
      'sid=•••; Path=/; HttpOnly; SameSite=Lax',
    );
  });

  it('headers and URLs: API keys masked, other values kept', () => {
    const out = redactHeaders([
      { name: 'X-API-Key', value: 'key_0123456789abcdefghijklmnop' },
      { name: 'Accept', value: 'application/json' },
    ]);
    expect(out[0]?.value).toBe('key_…mnop');
    expect(out[1]?.value).toBe('application/json');
    expect(redactUrl('https://x.test/a?api_key=0123456789abcdefghijklmn&page=2')).toBe(
      'https://x.test/a?api_key=0123…klmn&page=2',
    );
  });

  it('free text: known secrets replaced wherever they appear', () => {
    expect(
      redactText('token abcdefghijklmnopqrstuvwxyz0123 refused', [
        'abcdefghijklmnopqrstuvwxyz0123',
      ]),
    ).toBe('token abcd…0123 refused');
  });

  it('recognises values already masked', () => {
    for (const value of ['Bearer abcd…0123', '•••', 'REDACTED', '[redacted]', '****'])
      expect(isMaskedValue(value)).toBe(true);
    expect(isMaskedValue('Bearer abcdefghijkl')).toBe(false);
  });
});

describe('redactText and plain words', () => {
  it('a password that is a plain word does not mangle sentences (nor point at itself)', () => {
    expect(redactText('user "alice" (password hidden)', ['password'])).toBe(
      'user "alice" (password hidden)',
    );
  });
});
