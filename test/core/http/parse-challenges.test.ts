import { describe, expect, it } from 'vitest';
import { parseChallenges, serializeChallenges } from '../../../src/core/http/parse-challenges';
import { CHALLENGE_CASES } from './challenge-cases';

describe('parseChallenges: conformance table (httpauth suite and RFC examples)', () => {
  for (const c of CHALLENGE_CASES) {
    it(c.name, () => {
      const { challenges, problems } = parseChallenges(c.header);
      expect(
        challenges.map((ch) => ({
          scheme: ch.scheme,
          ...(ch.token68 === undefined ? {} : { token68: ch.token68 }),
          params: { ...ch.params },
        })),
      ).toEqual(c.challenges.map((e) => ({ ...e, params: e.params ?? {} })));
      expect(problems.map((p) => p.code)).toEqual(c.problems);
    });
  }
});

describe('parseChallenges: grammar', () => {
  it('lower-cases parameter names and keeps value case', () => {
    const { challenges } = parseChallenges('Newauth ReAlM="MiXeD", Type=Token');
    expect({ ...challenges[0]?.params }).toEqual({ realm: 'MiXeD', type: 'Token' });
  });

  it('gives registered schemes their registered spelling and keeps unknown ones', () => {
    const { challenges } = parseChallenges('bearer, DIGEST realm="r", nonce="n", dpop, Custom');
    expect(challenges.map((c) => c.scheme)).toEqual(['Bearer', 'Digest', 'DPoP', 'Custom']);
  });

  it('stores a parameter named __proto__ as data without touching any prototype', () => {
    const { challenges } = parseChallenges(
      'Newauth __proto__="polluted", constructor=x, toString=y',
    );
    const params = challenges[0]?.params ?? {};
    const proto = '__proto__';
    expect(params[proto]).toBe('polluted');
    expect(params.constructor).toBe('x');
    expect('toString' in params).toBe(false);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(params))).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(challenges[0]))).toMatchObject({
      params: { constructor: 'x', tostring: 'y' },
    });
  });

  it('reports offsets, and the line index for several field lines', () => {
    const { problems } = parseChallenges(['Basic realm="a"', 'Basic realm="a", realm="b"']);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'duplicate-param', severity: 'error', offset: 17, line: 1 }),
    ]);
  });

  it('finds duplicated parameters whatever their name and case, per challenge', () => {
    // Common names (realm, service, the last of the common list), others, and upper case.
    const { challenges, problems } = parseChallenges(
      'Bearer realm="a", Service="s", x-custom=1, REALM="b", service="t", X-Custom=2, Bearer realm="c", service="u"',
    );
    expect(problems.map((p) => p.code)).toEqual([
      'duplicate-param',
      'duplicate-param',
      'duplicate-param',
    ]);
    expect(challenges.map((c) => ({ ...c.params }))).toEqual([
      { realm: 'a', service: 's', 'x-custom': '1' },
      { realm: 'c', service: 'u' },
    ]);
  });

  it('treats an empty header as no challenge (a warning, not an error)', () => {
    expect(parseChallenges('')).toEqual({
      challenges: [],
      problems: [expect.objectContaining({ code: 'empty-value', severity: 'warning' })],
    });
    expect(parseChallenges([]).challenges).toEqual([]);
    expect(parseChallenges(' , ,').challenges).toEqual([]);
  });

  it('treats a quoted comma as part of the value', () => {
    const { challenges } = parseChallenges('Digest realm="a, b", qop="auth,auth-int", nonce="n"');
    expect(challenges).toHaveLength(1);
    expect(challenges[0]?.params.realm).toBe('a, b');
    expect(challenges[0]?.digest?.qop).toEqual(['auth', 'auth-int']);
  });

  it('reads token68 with trailing "=" padding and tells it from a parameter', () => {
    expect(parseChallenges('X abc=').challenges[0]?.token68).toBe('abc=');
    expect(parseChallenges('X abc==, Y').challenges.map((c) => c.token68)).toEqual([
      'abc==',
      undefined,
    ]);
    expect({ ...parseChallenges('X abc=def').challenges[0]?.params }).toEqual({ abc: 'def' });
  });

  it('flags a control character inside a quoted string', () => {
    const { problems } = parseChallenges('Basic realm="a\u0001b"');
    expect(problems.map((p) => p.code)).toEqual(['control-character']);
  });

  it('flags a character that cannot start a scheme and recovers at the next comma', () => {
    const { challenges, problems } = parseChallenges('@@@, Basic realm="x"');
    expect(challenges.map((c) => c.scheme)).toEqual(['Basic']);
    expect(problems.map((p) => p.code)).toEqual(['invalid-character']);
  });
});

describe('parseChallenges: Basic (RFC 7617)', () => {
  it('warns when charset is not UTF-8', () => {
    const { problems } = parseChallenges('Basic realm="x", charset="ISO-8859-1"');
    expect(problems.map((p) => p.code)).toEqual(['invalid-charset']);
  });
});

describe('parseChallenges: Bearer (RFC 6750, RFC 9470, RFC 9728)', () => {
  it('normalises scope, error, max_age, acr_values and resource_metadata', () => {
    const { challenges, problems } = parseChallenges(
      'Bearer realm="api", scope="read:users  write:users", error="insufficient_scope", error_description="Need write", error_uri="https://e.x/doc", max_age="300", acr_values="urn:a urn:b", resource_metadata="https://api.x/.well-known/oauth-protected-resource"',
    );
    expect(problems).toEqual([]);
    expect(challenges[0]?.bearer).toEqual({
      scope: ['read:users', 'write:users'],
      error: 'insufficient_scope',
      errorDescription: 'Need write',
      errorUri: 'https://e.x/doc',
      maxAge: 300,
      acrValues: ['urn:a', 'urn:b'],
      resourceMetadata: 'https://api.x/.well-known/oauth-protected-resource',
    });
  });

  it('warns about an error code RFC 6750 does not define', () => {
    const { problems } = parseChallenges('Bearer error="expired_token"');
    expect(problems.map((p) => p.code)).toEqual(['unknown-error-code']);
  });

  it('warns about a max_age that is not a number and a description with a backslash', () => {
    const { problems } = parseChallenges('Bearer max_age="soon", error_description="a\\\\b"');
    expect(problems.map((p) => p.code)).toEqual(['invalid-param-value', 'invalid-param-value']);
  });
});

describe('parseChallenges: scheme views built when read', () => {
  it('gives the same view on every read, and none for other schemes', () => {
    const { challenges } = parseChallenges(
      'Bearer scope="a b", Digest realm="r", nonce="n", Basic realm="x"',
    );
    const [bearer, digest, basic] = challenges;
    expect(bearer?.bearer).toBe(bearer?.bearer);
    expect(bearer?.bearer?.scope).toEqual(['a', 'b']);
    expect(bearer?.digest).toBeUndefined();
    expect(bearer?.dpop).toBeUndefined();
    expect(digest?.digest).toMatchObject({ algorithm: 'MD5', qop: [], stale: false });
    expect(digest?.bearer).toBeUndefined();
    expect(basic?.bearer ?? basic?.digest ?? basic?.dpop).toBeUndefined();
  });

  it('keeps the views in JSON, as plain objects holding them would', () => {
    const header =
      'DPoP algs="ES256 PS256", error="use_dpop_nonce", Digest realm="r", nonce="n", qop="auth-int, x", Negotiate abc==';
    const { challenges } = parseChallenges(header);
    expect(JSON.parse(JSON.stringify(challenges))).toEqual([
      {
        scheme: 'DPoP',
        params: { algs: 'ES256 PS256', error: 'use_dpop_nonce' },
        offset: 0,
        dpop: { scope: [], acrValues: [], error: 'use_dpop_nonce', algs: ['ES256', 'PS256'] },
      },
      {
        scheme: 'Digest',
        params: { realm: 'r', nonce: 'n', qop: 'auth-int, x' },
        offset: header.indexOf('Digest'),
        digest: {
          algorithm: 'MD5',
          session: false,
          qop: ['auth-int', 'x'],
          stale: false,
          userhash: false,
          utf8: false,
        },
      },
      { scheme: 'Negotiate', params: {}, offset: header.indexOf('Negotiate'), token68: 'abc==' },
    ]);
  });
});

describe('parseChallenges: Digest (RFC 7616)', () => {
  it('normalises algorithm (with -sess), qop, stale, userhash and charset', () => {
    const { challenges, problems } = parseChallenges(
      'Digest realm="r", nonce="n", algorithm=sha-512-256-SESS, qop="AUTH", stale=TRUE, userhash=true, charset=UTF-8',
    );
    expect(problems).toEqual([]);
    expect(challenges[0]?.digest).toEqual({
      algorithm: 'SHA-512-256-sess',
      session: true,
      qop: ['auth'],
      stale: true,
      userhash: true,
      utf8: true,
    });
  });

  it('defaults to MD5 without qop (RFC 2069 style) and without stale', () => {
    const { challenges } = parseChallenges('Digest realm="r", nonce="n"');
    expect(challenges[0]?.digest).toMatchObject({ algorithm: 'MD5', qop: [], stale: false });
  });

  it('reports a missing nonce and realm, an unknown algorithm and a bad stale', () => {
    const { problems } = parseChallenges('Digest algorithm=SHA-1, stale=maybe');
    expect(problems.map((p) => p.code)).toEqual([
      'missing-realm',
      'missing-param',
      'unknown-algorithm',
      'invalid-param-value',
    ]);
  });
});

describe('parseChallenges: DPoP, Negotiate, NTLM, HOBA, Mutual, AWS', () => {
  it('DPoP: algs split on spaces, DPoP error codes accepted', () => {
    const { challenges, problems } = parseChallenges(
      'DPoP algs="ES256 EdDSA", error="invalid_dpop_proof"',
    );
    expect(problems).toEqual([]);
    expect(challenges[0]?.dpop).toMatchObject({
      algs: ['ES256', 'EdDSA'],
      error: 'invalid_dpop_proof',
    });
  });

  it('Negotiate with parameters is a warning', () => {
    const { problems } = parseChallenges('Negotiate realm="x"');
    expect(problems.map((p) => p.code)).toEqual(['params-not-allowed']);
  });

  it('HOBA needs challenge and max-age (RFC 7486 §3)', () => {
    expect(parseChallenges('HOBA challenge="abc", max-age="10"').problems).toEqual([]);
    expect(parseChallenges('HOBA realm="x"').problems.map((p) => p.code)).toEqual([
      'missing-param',
      'missing-param',
    ]);
  });

  it('Mutual and AWS4-HMAC-SHA256 are recognised by name', () => {
    const { challenges } = parseChallenges('mutual realm="x", aws4-hmac-sha256');
    expect(challenges.map((c) => c.scheme)).toEqual(['Mutual', 'AWS4-HMAC-SHA256']);
  });
});

describe('serializeChallenges', () => {
  it('round-trips every well-formed case of the conformance table', () => {
    for (const c of CHALLENGE_CASES.filter((k) => !k.name.startsWith('malformed/'))) {
      const first = parseChallenges(c.header).challenges;
      const again = parseChallenges(serializeChallenges(first)).challenges;
      expect(again.map((ch) => [ch.scheme, ch.token68, { ...ch.params }])).toEqual(
        first.map((ch) => [ch.scheme, ch.token68, { ...ch.params }]),
      );
    }
  });
});
