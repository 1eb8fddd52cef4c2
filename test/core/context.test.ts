// The context's bounds and lookups: origins evicted least recently recorded first, cookies
// found by site, domain and name, and a context read back from JSON (storage.session) that
// keeps working.
import { describe, expect, it } from 'vitest';
import {
  cookiesForHost,
  cookiesNamed,
  cookiesOfDomain,
  cookiesOfSite,
  createContext,
  type DiagnosisContext,
  guestCookie,
  originHistory,
  recordExchange,
} from '../../src/core/context';
import { diagnose } from '../../src/core/diagnose';
import { describeCredential, type SentCredential } from '../../src/core/sent-credentials';
import { parseUrl, siteOf } from '../../src/core/url-parts';
import type { ExchangeOverrides } from '../support/exchange';
import { createExchange, headers } from './support/build';

const T = Date.UTC(2026, 0, 1);

function visit(context: DiagnosisContext, url: string, time: number, setCookie?: string) {
  recordExchange(
    context,
    createExchange({
      request: { url, time },
      response: {
        status: 200,
        time,
        headers: headers(setCookie ? { 'Set-Cookie': setCookie } : {}),
      },
    }),
  );
}

describe('context origins', () => {
  it('keeps 256 origins and evicts the least recently recorded one', () => {
    const context = createContext();
    for (let i = 0; i < 256; i++) visit(context, `https://h${i}.example.test/`, T + i);
    // h0 is seen again: h1 becomes the oldest.
    visit(context, 'https://h0.example.test/x', T + 300);
    visit(context, 'https://new.example.test/', T + 301);
    expect(Object.keys(context.origins)).toHaveLength(256);
    expect(originHistory(context, 'https://h0.example.test')).toBeDefined();
    expect(originHistory(context, 'https://h1.example.test')).toBeUndefined();
    expect(originHistory(context, 'https://new.example.test')?.lastSeen).toBe(T + 301);
  });

  it('a context read back from JSON evicts by last seen, then by recording order', () => {
    const context = createContext();
    visit(context, 'https://b.example.test/', T + 2);
    visit(context, 'https://a.example.test/', T + 1);
    for (let i = 0; i < 254; i++) visit(context, `https://h${i}.example.test/`, T + 10 + i);
    const copy = JSON.parse(JSON.stringify(context)) as DiagnosisContext;
    visit(copy, 'https://new.example.test/', T + 1000);
    // a has the smallest lastSeen although it was recorded after b.
    expect(originHistory(copy, 'https://a.example.test')).toBeUndefined();
    expect(originHistory(copy, 'https://b.example.test')).toBeDefined();
    visit(copy, 'https://newer.example.test/', T + 1001);
    expect(originHistory(copy, 'https://b.example.test')).toBeUndefined();
  });
});

describe('context cookies', () => {
  it('finds cookies by site, domain, host (parent domains too) and name, oldest first', () => {
    const context = createContext();
    visit(context, 'https://api.shop.test/', T, 'sid=1; Domain=shop.test');
    visit(context, 'https://api.shop.test/', T + 1, 'host=2');
    visit(context, 'https://www.other.test/', T + 2, 'sid=3');
    visit(context, 'https://a.api.shop.test/', T + 3, 'deep=4');
    expect(cookiesOfSite(context, 'x.shop.test').map((c) => c.name)).toEqual([
      'sid',
      'host',
      'deep',
    ]);
    expect(cookiesOfDomain(context, 'api.shop.test').map((c) => c.name)).toEqual(['host']);
    expect(cookiesForHost(context, 'a.api.shop.test').map((c) => c.name)).toEqual([
      'sid',
      'host',
      'deep',
    ]);
    expect(cookiesForHost(context, 'api.shop.test').map((c) => c.name)).toEqual(['sid', 'host']);
    expect(cookiesNamed(context, 'sid').map((c) => c.domain)).toEqual([
      'shop.test',
      'www.other.test',
    ]);
  });

  it('a cookie set again replaces the old one, in the list and in every lookup', () => {
    const context = createContext();
    visit(context, 'https://api.shop.test/', T, 'sid=1; Path=/');
    visit(context, 'https://api.shop.test/', T + 1, 'other=1');
    visit(context, 'https://api.shop.test/', T + 2, 'sid=2; Path=/');
    expect(context.cookies.map((c) => c.name)).toEqual(['other', 'sid']);
    expect(cookiesNamed(context, 'sid')).toHaveLength(1);
    expect(cookiesNamed(context, 'sid')[0]?.setAt).toBe(T + 2);
    expect(cookiesOfSite(context, 'shop.test').map((c) => c.name)).toEqual(['other', 'sid']);
  });

  it('keeps 256 cookies: the oldest leaves every lookup too', () => {
    const context = createContext();
    for (let i = 0; i < 257; i++) visit(context, 'https://api.shop.test/', T + i, `c${i}=v`);
    expect(context.cookies).toHaveLength(256);
    expect(cookiesNamed(context, 'c0')).toHaveLength(0);
    expect(cookiesOfDomain(context, 'api.shop.test')).toHaveLength(256);
  });

  it('a context read back from JSON answers the same lookups and keeps recording', () => {
    const context = createContext();
    visit(context, 'https://api.shop.test/', T, 'sid=1; Domain=shop.test');
    const copy = JSON.parse(JSON.stringify(context)) as DiagnosisContext;
    expect(cookiesForHost(copy, 'api.shop.test').map((c) => c.name)).toEqual(['sid']);
    visit(copy, 'https://api.shop.test/', T + 1, 'sid=2; Domain=shop.test');
    expect(copy.cookies).toHaveLength(1);
    expect(cookiesNamed(copy, 'sid')[0]?.setAt).toBe(T + 1);
  });
});

describe('guest sessions and sign-ins', () => {
  const send = (
    context: DiagnosisContext,
    request: NonNullable<ExchangeOverrides['request']>,
    status: number,
    setCookie?: string,
  ) =>
    recordExchange(
      context,
      createExchange({
        request: { time: T, ...request },
        response: { status, headers: headers(setCookie ? { 'Set-Cookie': setCookie } : {}) },
      }),
    );

  it('a session cookie set for a request that identified no one is a guest one, and stays so', () => {
    const context = createContext();
    visit(context, 'https://app.shop.test/', T, 'sid=g1; Path=/');
    visit(context, 'https://app.shop.test/', T, 'theme=dark; Path=/');
    expect(cookiesNamed(context, 'sid')[0]?.guest).toBe(true);
    // Not a session: not marked.
    expect(cookiesNamed(context, 'theme')[0]?.guest).toBeUndefined();
    expect(guestCookie(context, 'app.shop.test', 'sid', 'g1')).toBeDefined();
    expect(guestCookie(context, 'app.shop.test', 'sid', 'g2')).toBeUndefined();
    expect(guestCookie(context, 'other.test', 'sid', 'g1')).toBeUndefined();
    // Re-set for a request carrying the guest cookie: a guest still.
    send(
      context,
      { url: 'https://app.shop.test/a', headers: headers({ Cookie: 'sid=g1' }) },
      200,
      'sid=g2',
    );
    expect(guestCookie(context, 'app.shop.test', 'sid', 'g2')).toBeDefined();
    // Plain JSON: read back from storage, it answers the same.
    const copy = JSON.parse(JSON.stringify(context)) as DiagnosisContext;
    expect(guestCookie(copy, 'app.shop.test', 'sid', 'g2')).toBeDefined();
  });

  it('set for a sign-in, a credential, a cookie not known as a guest one or a code in the URL: no guest', () => {
    const cases: Array<Parameters<typeof send>[1]> = [
      { url: 'https://app.shop.test/login', method: 'POST', passwordField: true },
      { url: 'https://app.shop.test/', headers: headers({ Authorization: 'Bearer abc' }) },
      { url: 'https://app.shop.test/', headers: headers({ Cookie: 'remember_token=r1' }) },
      { url: 'https://app.shop.test/callback?code=c1&state=s1' },
      { url: 'https://app.shop.test/cas/login?ticket=ST-1' },
    ];
    for (const request of cases) {
      const context = createContext();
      send(context, request, 302, 'sid=s1; Path=/');
      expect(cookiesNamed(context, 'sid')[0]?.guest, request.url).toBeUndefined();
    }
  });

  it('notes when a sign-in went to an origin, unless it was refused', () => {
    const context = createContext();
    const login = { url: 'https://app.shop.test/login', method: 'POST', passwordField: true };
    send(context, login, 401);
    expect(originHistory(context, 'https://app.shop.test')?.signInAt).toBeUndefined();
    send(context, { ...login, time: T + 5 }, 302);
    expect(originHistory(context, 'https://app.shop.test')?.signInAt).toBe(T + 5);
    // A GET to a login page is no sign-in.
    const other = createContext();
    send(other, { url: 'https://app.shop.test/login' }, 200);
    expect(originHistory(other, 'https://app.shop.test')?.signInAt).toBeUndefined();
  });
});

describe('siteOf', () => {
  it('is the last two labels; IP literals and short hosts are their own site', () => {
    expect(siteOf('a.b.example.test')).toBe('example.test');
    expect(siteOf('example.test')).toBe('example.test');
    expect(siteOf('localhost')).toBe('localhost');
    expect(siteOf('10.0.0.1')).toBe('10.0.0.1');
    expect(siteOf('[::1]')).toBe('[::1]');
    expect(siteOf('a..c')).toBe('.c');
    // The cache answers the same the second time.
    expect(siteOf('a.b.example.test')).toBe('example.test');
  });
});

describe('context credentials across origins', () => {
  it('describes a credential seen at another origin as it would a new one (display, redirect evidence)', () => {
    const token = 'tok_4f9a1c7e2b8d6f3a5c0e9b1d7a2f4c8e';
    const other = 'tok_4f9a1c7e2b8d6f3a5c0e9b1d7a2f4XYZ';
    const send = (context: DiagnosisContext, url: string, value: string, status = 200) =>
      recordExchange(
        context,
        createExchange({
          request: { url, time: T, headers: headers({ Authorization: `Bearer ${value}` }) },
          response: {
            status,
            time: T,
            headers: headers(status === 302 ? { Location: '/next' } : {}),
          },
        }),
      );
    const shared = createContext();
    send(shared, 'https://a.example.test/', token);
    // The same token at a new origin, redirected: its display comes from the first origin's.
    send(shared, 'https://b.example.test/', token, 302);
    send(shared, 'https://b.example.test/', other);
    const fresh = createContext();
    send(fresh, 'https://b.example.test/', token, 302);
    send(fresh, 'https://b.example.test/', other);
    expect(shared.redirects[0]?.authorization).toBe('Bearer tok_…4c8e');
    expect(shared.redirects).toEqual(fresh.redirects);
    expect(originHistory(shared, 'https://b.example.test')?.credentials).toEqual(
      originHistory(fresh, 'https://b.example.test')?.credentials,
    );
    expect(
      originHistory(shared, 'https://b.example.test')?.credentials.map((c) => c.display),
    ).toEqual(['Bearer tok_…4c8e', 'Bearer tok_…4XYZ']);
  });
});

describe('context caches give the answers they stand for', () => {
  const send = (context: DiagnosisContext, url: string, headerList: [string, string][]) =>
    recordExchange(
      context,
      createExchange({
        request: { url, time: T, headers: headerList.map(([name, value]) => ({ name, value })) },
        response: { status: 200, time: T, headers: [] },
      }),
    );
  const described = (kind: SentCredential['kind'], name: string, value: string) =>
    describeCredential({ kind, name, label: '', value, display: '', masked: false });

  it('displays of thousands of credentials across more origins than it keeps, each its own', () => {
    const context = createContext();
    const tokens = Array.from(
      { length: 5000 },
      (_, i) => `tok_${(i * 7919).toString(36)}_${i}abcdefghij`,
    );
    // Each token at two origins, far apart: the second time its display comes from the cache
    // (or is made again), and must be the same.
    for (let round = 0; round < 2; round++)
      for (const [i, token] of tokens.entries())
        send(context, `https://h${(i + round * 77) % 600}.example.test/`, [
          ['Authorization', `Bearer ${token}`],
          ['X-Api-Key', token],
        ]);
    for (const history of Object.values(context.origins)) {
      for (const seen of history.credentials) {
        expect(seen.display).toMatch(
          seen.kind === 'authorization' ? /^Bearer tok_…/ : /^X-Api-Key: tok_…/,
        );
      }
    }
    const last = tokens.length - 1;
    expect(
      originHistory(context, `https://h${(last + 77) % 600}.example.test`)?.credentials.map((c) => [
        c.name,
        c.display,
      ]),
    ).toEqual([
      [
        'authorization',
        described('authorization', 'authorization', `Bearer ${tokens[last]}`).display,
      ],
      ['x-api-key', described('header', 'X-Api-Key', tokens[last] ?? '').display],
    ]);
  });

  it('a key header sent with capitals is one credential request after request, as in lower case', () => {
    for (const name of ['X-Api-Key', 'x-api-key']) {
      const context = createContext();
      for (let i = 0; i < 40; i++)
        send(context, 'https://api.example.test/', [
          [name, 'tok_live_4f9a8b7c6d5e4f3a2b1c'],
          ['Cookie', 'sid=FAKE-session-value-1234567890'],
        ]);
      const seen = originHistory(context, 'https://api.example.test')?.credentials ?? [];
      expect(
        seen.map((c) => [c.kind, c.name]),
        name,
      ).toEqual([
        ['header', 'x-api-key'],
        ['cookie', 'sid'],
      ]);
    }
  });

  it('the same value under another kind or name, and values sharing a cache slot, get their own display', () => {
    const context = createContext();
    // Found by search: the same display cache slot, different hashes.
    const a = 'Bearer tok_xyzxyzxyzxyz0000n70x';
    const b = 'Bearer tok_xyzxyzxyzxyz000148a0';
    send(context, 'https://a.example.test/', [['Authorization', a]]);
    send(context, 'https://b.example.test/', [['Authorization', b]]);
    send(context, 'https://c.example.test/', [
      ['Authorization', a],
      ['X-Token', a],
      ['Cookie', `session=${a}`],
    ]);
    send(context, 'https://d.example.test/', [['x-token', a]]);
    const displays = (origin: string) =>
      originHistory(context, origin)?.credentials.map((c) => [c.kind, c.name, c.display]);
    expect(displays('https://a.example.test')).toEqual([
      ['authorization', 'authorization', described('authorization', 'authorization', a).display],
    ]);
    expect(displays('https://b.example.test')).toEqual([
      ['authorization', 'authorization', described('authorization', 'authorization', b).display],
    ]);
    expect(displays('https://c.example.test')).toEqual([
      ['authorization', 'authorization', described('authorization', 'authorization', a).display],
      ['header', 'x-token', described('header', 'X-Token', a).display],
      ['cookie', 'session', 'session=•••'],
    ]);
    expect(displays('https://d.example.test')).toEqual([
      ['header', 'x-token', described('header', 'x-token', a).display],
    ]);
  });

  it('origins of URLs sharing an origin-cache slot, with ports, case, user info and odd schemes', () => {
    const context = createContext();
    const urls = [
      // Found by search: the same origin cache slot.
      'https://huwx.example.test/',
      'https://ha4gd.example.test/',
      'https://huwx.example.test:8443/a',
      'HTTPS://HUWX.Example.Test:443/b',
      'https://user:pw@huwx.example.test/c',
      'https://huwx.example.test?q=1',
      'wss://huwx.example.test#x',
      'http://[::1]:8080/',
    ];
    for (const round of [0, 1]) for (const url of urls) visit(context, url, T + round);
    expect(Object.keys(context.origins).sort()).toEqual(
      [...new Set(urls.map((url) => parseUrl(url)?.origin))].sort(),
    );
  });
});

describe('redirects remembered for redirect-dropped-credentials', () => {
  it('keeps the Authorization display when the origin already knew the token (a token sent many times), and when the capture masked it', () => {
    const token = 'tok_4f9a1c7e2b8d6f3a5c0e9b1d7a2f4c8e';
    const context = createContext();
    const send = (value: string, status: number) =>
      recordExchange(
        context,
        createExchange({
          request: {
            url: 'https://api.example.test/files/1',
            time: T,
            headers: headers({ Authorization: `Bearer ${value}` }),
          },
          response: {
            status,
            time: T,
            headers: headers(
              status === 302 ? { Location: 'https://cdn.example-files.test/blob/1' } : {},
            ),
          },
        }),
      );
    send(token, 200);
    send(token, 200);
    // The third request with the same token is the one redirected.
    send(token, 302);
    expect(context.redirects.at(-1)?.authorization).toBe('Bearer tok_…4c8e');
    // The redirected request, without it, refused: the diagnosis finds the dropped header.
    const redirected = createExchange({
      request: { url: 'https://cdn.example-files.test/blob/1', time: T },
      response: { status: 401, time: T },
    });
    expect(diagnose(redirected, context)?.diagnoses.map((d) => d.id)).toContain(
      'redirect-dropped-credentials',
    );
    send('[REDACTED]', 302);
    expect(context.redirects.at(-1)?.authorization).toBeTruthy();
    expect(context.redirects.at(-1)?.authorization).not.toContain(token);
  });
});
