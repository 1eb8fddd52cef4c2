import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cookiePairsWhere,
  parseCookieDate,
  parseCookieHeader,
  parseSetCookie,
} from '../../../src/core/http/parse-cookies';

const codes = (v: string) => parseSetCookie(v).problems.map((p) => p.code);

describe('parseSetCookie (RFC 6265bis §5.6)', () => {
  it('reads every attribute', () => {
    const { cookie, problems } = parseSetCookie(
      'sid=abc123; Expires=Wed, 21 Oct 2026 07:28:00 GMT; Max-Age=3600; Domain=.Example.COM; Path=/api; Secure; HttpOnly; SameSite=None; Partitioned',
    );
    expect(problems).toEqual([]);
    expect(cookie).toEqual({
      name: 'sid',
      value: 'abc123',
      expires: Date.UTC(2026, 9, 21, 7, 28, 0),
      maxAge: 3600,
      domain: 'example.com',
      path: '/api',
      secure: true,
      httpOnly: true,
      sameSite: 'None',
      partitioned: true,
    });
  });

  it('matches attribute names case-insensitively and lets the last one win', () => {
    const { cookie } = parseSetCookie('a=b; samesite=lax; SAMESITE=Strict; path=/x; PATH=/y');
    expect(cookie).toMatchObject({ sameSite: 'Strict', path: '/y' });
  });

  it('keeps Max-Age=0 and negative values (the cookie is deleted)', () => {
    expect(parseSetCookie('a=; Max-Age=0').cookie?.maxAge).toBe(0);
    expect(parseSetCookie('a=; Max-Age=-1').cookie?.maxAge).toBe(-1);
  });

  it('a pair without "=" is a cookie with an empty name', () => {
    expect(parseSetCookie('justavalue; Secure').cookie).toMatchObject({
      name: '',
      value: 'justavalue',
    });
  });

  it('ignores attributes browsers ignore, with a warning', () => {
    expect(codes('a=b; Max-Age=1h; Expires=tomorrow; Path=api; SameSite=Relaxed; Domain=')).toEqual(
      [
        'cookie-invalid-attribute',
        'cookie-invalid-attribute',
        'cookie-invalid-attribute',
        'cookie-invalid-attribute',
        'cookie-invalid-attribute',
      ],
    );
  });

  it('names what makes browsers reject a cookie', () => {
    expect(codes('a=b; SameSite=None')).toEqual(['cookie-samesite-none-insecure']);
    expect(codes('a=b; Partitioned')).toEqual(['cookie-partitioned-insecure']);
    expect(codes('__Secure-a=b')).toEqual(['cookie-prefix-violation']);
    expect(codes('__Host-a=b; Secure; Path=/; Domain=example.com')).toEqual([
      'cookie-prefix-violation',
    ]);
    expect(codes('__Host-a=b; Secure; Path=/')).toEqual([]);
    expect(codes(`a=${'x'.repeat(5000)}`)).toEqual(['cookie-too-large']);
    expect(codes('a=b\u0000c')).toEqual(['control-character']);
    expect(codes('=; Path=/')).toEqual(['cookie-no-name-value']);
    expect(parseSetCookie('a=b\u0000c').cookie).toBeUndefined();
  });

  it('warns about characters outside cookie-octet', () => {
    expect(codes('a=b c')).toEqual(['cookie-invalid-character']);
    expect(codes('a="quoted"')).toEqual([]);
  });
});

describe('parseCookieDate (RFC 6265bis §5.1.1)', () => {
  it('reads the formats servers send', () => {
    const t = Date.UTC(2015, 9, 21, 7, 28, 0);
    expect(parseCookieDate('Wed, 21 Oct 2015 07:28:00 GMT')).toBe(t);
    expect(parseCookieDate('Wednesday, 21-Oct-15 07:28:00 GMT')).toBe(t);
    expect(parseCookieDate('Wed Oct 21 07:28:00 2015')).toBe(t);
    expect(parseCookieDate('21 October 2015 7:28:0')).toBe(t);
  });
  it('maps two-digit years: 70-99 to 19xx, 00-69 to 20xx', () => {
    expect(parseCookieDate('01 Jan 70 00:00:00')).toBe(0);
    expect(parseCookieDate('01 Jan 69 00:00:00')).toBe(Date.UTC(2069, 0, 1));
  });
  it('rejects impossible dates', () => {
    expect(parseCookieDate('30 Feb 2015 00:00:00')).toBeUndefined();
    expect(parseCookieDate('01 Jan 1600 00:00:00')).toBeUndefined();
    expect(parseCookieDate('01 Jan 2015 24:00:00')).toBeUndefined();
    expect(parseCookieDate('tomorrow')).toBeUndefined();
  });
});

describe('parseCookieHeader', () => {
  it('splits pairs, keeps order and duplicates', () => {
    expect(parseCookieHeader('a=1; b=2; a=3; flag').cookies).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'a', value: '3' },
      { name: '', value: 'flag' },
    ]);
  });
  it('keeps "=" inside values and flags empty pairs', () => {
    const { cookies, problems } = parseCookieHeader('jwt=a.b=.c;; x=');
    expect(cookies).toEqual([
      { name: 'jwt', value: 'a.b=.c' },
      { name: 'x', value: '' },
    ]);
    expect(problems.map((p) => p.code)).toEqual(['cookie-no-name-value']);
  });
  it('an empty header has no cookies and no problems', () => {
    expect(parseCookieHeader('')).toEqual({ cookies: [], problems: [] });
  });
});

describe('cookiePairsWhere', () => {
  const cookieish = fc
    .array(fc.constantFrom(' ', '\t', ';', '=', 'sid', 'a', 'SESS', 'x1', '"', '\u00e4', ''), {
      maxLength: 30,
    })
    .map((parts) => parts.join(''));
  const keeps: [string, (name: string) => boolean][] = [
    ['session-like names', (name) => /sid|sess/i.test(name)],
    ['every name, the empty one too', () => true],
    ['the empty name only', (name) => name === ''],
    ['none', () => false],
  ];
  for (const [label, keep] of keeps)
    it(`gives what parseCookieHeader then a filter give (${label})`, () => {
      fc.assert(
        fc.property(fc.oneof(cookieish, fc.string()), (header) => {
          expect(cookiePairsWhere(header, keep)).toEqual(
            parseCookieHeader(header).cookies.filter((pair) => keep(pair.name)),
          );
        }),
      );
    });
  it('keeps order and values with "=" in them', () => {
    expect(
      cookiePairsWhere(' sid=a=b ; theme=dark;sid2=\t2;flag', (n) => n.startsWith('sid')),
    ).toEqual([
      { name: 'sid', value: 'a=b' },
      { name: 'sid2', value: '2' },
    ]);
  });
});
