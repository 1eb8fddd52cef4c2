// Catalogue family "JSON Web Tokens" (docs/diagnoses.md). Hand-built exchanges; request
// time is the exchange's (2026-01-01T00:00:00Z), never the time the test runs.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { type Environment, environmentOf } from '../../../src/core/rules/jwt';
import { at, failed, fakeJwt, find, firstId, ids } from '../support/build';

const challenge = { 'WWW-Authenticate': 'Bearer realm="api"' };
const bearer = (
  payload: Record<string, unknown>,
  header?: Record<string, unknown>,
  sig?: string,
) => ({
  Authorization: `Bearer ${fakeJwt(payload, header, sig)}`,
});

describe('jwt', () => {
  it('jwt-expired: exp 3 h before the request, with the server agreeing', () => {
    const failure = diagnose(
      failed(bearer({ sub: 'alice', iat: at(-4 * 3600), exp: at(-3 * 3600) }), {
        'WWW-Authenticate': 'Bearer error="invalid_token", error_description="jwt expired"',
        Date: 'Thu, 01 Jan 2026 00:00:01 GMT',
      }),
    );
    expect(firstId(failure)).toBe('jwt-expired');
    const evidence = find(failure, 'jwt-expired')?.evidence.join('\n') ?? '';
    expect(evidence).toContain('3 h before the request');
    expect(evidence).toContain("By the server's clock");
    // The server's generic invalid_token adds nothing: the local cause wins.
    expect(ids(failure)).not.toContain('invalid-token');
  });

  it('jwt-expired: exp exactly at request time counts as expired', () => {
    expect(firstId(diagnose(failed(bearer({ exp: at(0) }), challenge)))).toBe('jwt-expired');
  });

  it('a token valid at request time is not expired, whatever the time now', () => {
    expect(ids(diagnose(failed(bearer({ exp: at(60) }), challenge)))).not.toContain('jwt-expired');
  });

  it('jwt-expired also in a cookie', () => {
    const failure = diagnose(failed({ Cookie: `access_token=${fakeJwt({ exp: at(-60) })}` }, {}));
    expect(firstId(failure)).toBe('jwt-expired');
    expect(find(failure, 'jwt-expired')?.evidence[0]).toContain('cookie access_token');
  });

  it('jwt-not-yet-valid: nbf 10 min after the request', () => {
    expect(firstId(diagnose(failed(bearer({ nbf: at(600), exp: at(4000) }), challenge)))).toBe(
      'jwt-not-yet-valid',
    );
  });

  it('jwt-not-yet-valid: iat more than 60 s in the future', () => {
    expect(firstId(diagnose(failed(bearer({ iat: at(300), exp: at(4000) }), challenge)))).toBe(
      'jwt-not-yet-valid',
    );
  });

  it('jwt-malformed: a truncated token (2 segments)', () => {
    const token = fakeJwt({ sub: 'alice', exp: at(3600) })
      .split('.')
      .slice(0, 2)
      .join('.');
    expect(firstId(diagnose(failed({ Authorization: `Bearer ${token}` }, challenge)))).toBe(
      'jwt-malformed',
    );
  });

  it('jwt-malformed: a payload that is not JSON', () => {
    const token = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('not json').toString('base64url')}.c2lnbmF0dXJl`;
    expect(ids(diagnose(failed({ Authorization: `Bearer ${token}` }, challenge)))).toContain(
      'jwt-malformed',
    );
  });

  it('jwt-unsigned: alg none with an empty signature', () => {
    const token = fakeJwt({ sub: 'alice', exp: at(3600) }, { alg: 'none', typ: 'JWT' }, '');
    expect(firstId(diagnose(failed({ Authorization: `Bearer ${token}` }, challenge)))).toBe(
      'jwt-unsigned',
    );
  });

  it('jwt-wrong-token-type: an OIDC ID token (nonce, aud = azp)', () => {
    const failure = diagnose(
      failed(
        bearer({
          sub: 'alice',
          aud: 'spa-client',
          azp: 'spa-client',
          nonce: 'n-0S6',
          exp: at(3600),
        }),
        challenge,
      ),
    );
    expect(firstId(failure)).toBe('jwt-wrong-token-type');
  });

  it('jwt-wrong-token-type: a refresh token (Keycloak typ "Refresh")', () => {
    expect(firstId(diagnose(failed(bearer({ typ: 'Refresh', exp: at(3600) }), challenge)))).toBe(
      'jwt-wrong-token-type',
    );
  });

  it('jwt-audience-mismatch: aud names another API host', () => {
    const failure = diagnose(
      failed(
        bearer({ aud: 'https://billing.example.test', exp: at(3600), scope: 'read' }),
        challenge,
      ),
    );
    expect(firstId(failure)).toBe('jwt-audience-mismatch');
    expect(find(failure, 'jwt-audience-mismatch')?.evidence.join('\n')).toContain(
      'api.example.test',
    );
  });

  it('an audience that is an opaque identifier is not judged', () => {
    expect(
      ids(diagnose(failed(bearer({ aud: 'my-api', exp: at(3600) }), challenge))),
    ).not.toContain('jwt-audience-mismatch');
  });

  it('environment-mismatch: a token from a localhost issuer sent to production', () => {
    const failure = diagnose(
      failed(bearer({ iss: 'http://localhost:8080/realms/dev', exp: at(3600) }), challenge, {
        request: { url: 'https://api.example.com/v1/me' },
      }),
    );
    expect(firstId(failure)).toBe('environment-mismatch');
  });

  it('environment-mismatch: a live key against a staging host', () => {
    const failure = diagnose(
      failed(
        { 'X-API-Key': 'sk_live_FAKEFAKEFAKEFAKEFAKE1234' },
        {},
        { request: { url: 'https://staging.example.com/v1' } },
      ),
    );
    expect(ids(failure)).toContain('environment-mismatch');
  });

  it('environments and claim hosts read again give the same answers, past the caches', () => {
    const env: Array<[string, Environment]> = [
      ['localhost', 'local'],
      ['api.internal', 'local'],
      ['192.168.1.20', 'local'],
      ['dev2.example.com', 'dev'],
      ['api-staging.example.com', 'staging'],
      ['api.example.com', 'production'],
    ];
    const verdicts = () =>
      env
        .map(([host]) => environmentOf(host))
        .concat(
          // A token from a dev issuer to production, and from a production issuer to staging.
          ['https://auth.dev.example.com/', 'auth.example.com'].map((iss) =>
            ids(
              diagnose(
                failed(bearer({ iss, exp: at(3600) }), challenge, {
                  request: { url: 'https://api.stage.example.com/v1' },
                }),
              ),
            ).includes('environment-mismatch')
              ? 'mismatch'
              : 'same',
          ) as never[],
        );
    const first = verdicts();
    expect(first).toEqual([...env.map(([, e]) => e), 'mismatch', 'mismatch']);
    for (let i = 0; i < 1200; i++) environmentOf(`host${i}.example.com`);
    for (let i = 0; i < 600; i++)
      diagnose(failed(bearer({ aud: `https://a${i}.example.org`, exp: at(3600) }), challenge));
    expect(verdicts()).toEqual(first);
    expect(verdicts()).toEqual(first);
  });

  it('jwe-opaque: an encrypted token is reported as info', () => {
    const header = Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM"}').toString('base64url');
    const token = `${header}.a2V5a2V5a2V5.aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn`;
    const failure = diagnose(failed({ Authorization: `Bearer ${token}` }, challenge));
    expect(find(failure, 'jwe-opaque')?.severity).toBe('info');
  });

  it('jwe-opaque is first when nothing else can be said (no generic fallback beside it)', () => {
    const header = Buffer.from('{"alg":"dir","enc":"A128GCM"}').toString('base64url');
    const token = `${header}..aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn`;
    const failure = diagnose(failed({ Authorization: `Bearer ${token}` }, challenge));
    expect(ids(failure)[0]).toBe('jwe-opaque');
    expect(ids(failure)).not.toContain('auth-required');
    expect(ids(failure)).not.toContain('credentials-rejected');
  });

  // auth0/node-oauth2-jwt-bearer#69: Auth0 issues an encrypted token when no audience is asked
  // for, and the API's "Invalid Compact JWS" is why, not a separate cause.
  it('jwe-opaque comes before the invalid_token the server says about it', () => {
    const header = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url');
    const token = `${header}..aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn`;
    const failure = diagnose(
      failed(
        { Authorization: `Bearer ${token}` },
        {
          'WWW-Authenticate':
            'Bearer realm="api", error="invalid_token", error_description="Invalid Compact JWS"',
        },
      ),
    );
    expect(ids(failure)[0]).toBe('jwe-opaque');
    expect(ids(failure)).not.toContain('invalid-token');
  });

  // IdentityServer4#5058: the API host's clock was behind the issuer's (IDX10222, "The token is
  // not valid before ..."): nbf is before the request by the client's clock, after it by the
  // server's Date.
  it("jwt-not-yet-valid by the server's clock: the API host's clock is behind", () => {
    const failure = diagnose(
      failed(bearer({ nbf: at(-5), iat: at(-5), exp: at(3600) }), {
        ...challenge,
        Date: new Date((at(-485) as number) * 1000).toUTCString(),
      }),
    );
    expect(firstId(failure)).toBe('jwt-not-yet-valid');
    expect(find(failure, 'jwt-not-yet-valid')?.evidence.join('\n')).toContain(
      "the server's clock is behind the issuer's",
    );
  });

  it('claims may show, the signature never does', () => {
    const signature = 'c2VjcmV0LXNpZ25hdHVyZS12YWx1ZS0xMjM0NTY3ODkw';
    const failure = diagnose(
      failed(bearer({ sub: 'alice', exp: at(-10) }, undefined, signature), challenge),
    );
    const text = JSON.stringify(failure);
    expect(text).not.toContain(signature);
    expect(failure?.credentials[0]?.jwt?.payload?.sub).toBe('alice');
  });
});
