// The OAuth corner's server: a real oidc-provider answering the token endpoint the way the
// scenarios need (record-oauth.ts in test/fixtures/record runs the whole flows in Chromium).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OAuthCorner, startOAuthCorner } from '../../playground/oauth-corner';
import { readTokenRequestBody } from '../../src/core/oauth/token-request';
import { afterHistory, createExchange, headers } from '../core/support/build';

const CODE = 'not-a-code-issued-0123456789abcdef';
const VERIFIER = 'verifier-that-matches-nothing-0123456789abcdefghijk';

let corner: OAuthCorner;
beforeAll(async () => {
  corner = await startOAuthCorner();
});
afterAll(async () => {
  await corner.close();
});

const SECRET = 'corner+Secret/0123456789abcdef==';
const formEncode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(authorization: string) {
  const response = await fetch(`${corner.issuer}/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return {
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.json(),
  };
}

describe('OAuth corner', () => {
  it('discovery names the token endpoint under /oauth', async () => {
    const response = await fetch(`${corner.issuer}/.well-known/openid-configuration`);
    const body = (await response.json()) as { token_endpoint: string };
    expect(body.token_endpoint).toBe(`${corner.issuer}/token`);
  });

  it('a wrong secret: 401 invalid_client with a Basic challenge', async () => {
    const answer = await token(basic('corner-backend', 'not-the-secret'));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.challenge).toMatch(/^Basic .*error="invalid_client"/);
  });

  it('the right secret not form-urlencoded is refused; encoded it works (RFC 6749 §2.3.1)', async () => {
    expect((await token(basic('corner-backend', SECRET))).status).toBe(401);
    const ok = await token(basic('corner-backend', formEncode(SECRET)));
    expect(ok.status).toBe(200);
    const admin = await fetch(new URL('/api/admin', corner.url), {
      headers: { authorization: `Bearer ${ok.body.access_token}` },
    });
    expect(admin.status).toBe(403);
    expect(admin.headers.get('www-authenticate')).toContain('insufficient_scope');
    const profile = await fetch(new URL('/api/profile', corner.url), {
      headers: { authorization: `Bearer ${ok.body.access_token}` },
    });
    expect(profile.status).toBe(200);
  });
});

describe('a refused code exchange explains the 401 after it (live oidc-provider answers)', () => {
  it('the 401 that follows names the refused authorization_code request, masked', async () => {
    const t0 = Date.now();
    const body = `grant_type=authorization_code&client_id=corner-spa&code=${CODE}&code_verifier=${VERIFIER}&redirect_uri=${encodeURIComponent(`${corner.url}callback`)}`;
    const tokenResponse = await fetch(`${corner.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const tokenText = await tokenResponse.text();
    expect(tokenResponse.status).toBe(400);
    const apiResponse = await fetch(new URL('/api/profile', corner.url));
    expect(apiResponse.status).toBe(401);
    const tokenExchange = createExchange({
      request: {
        method: 'POST',
        url: `${corner.issuer}/token`,
        time: t0,
        headers: headers({ 'Content-Type': 'application/x-www-form-urlencoded' }),
        ...(readTokenRequestBody(body) ? { tokenRequest: readTokenRequestBody(body) } : {}),
      },
      response: {
        status: tokenResponse.status,
        body: tokenText,
        headers: headers({ 'Content-Type': 'application/json' }),
      },
    });
    const api = createExchange({
      request: { url: new URL('/api/profile', corner.url).href, time: t0 + 1000 },
      response: {
        status: 401,
        body: await apiResponse.text(),
        headers: headers({ 'WWW-Authenticate': apiResponse.headers.get('www-authenticate') ?? '' }),
      },
    });
    const failure = afterHistory([tokenExchange], api);
    const evidence = failure?.diagnoses[0]?.evidence.join('\n') ?? '';
    expect(evidence).toContain('refused a token request');
    expect(evidence).toContain('(authorization_code)');
    expect(evidence).toContain('400 invalid_grant');
    expect(evidence).toContain('PKCE code_verifier');
    expect(JSON.stringify(failure)).not.toContain(CODE);
    expect(JSON.stringify(failure)).not.toContain(VERIFIER);
    // Half an hour later it no longer explains anything.
    const late = afterHistory([tokenExchange], {
      ...api,
      request: { ...api.request, time: t0 + 31 * 60_000 },
    });
    expect(late?.diagnoses.flatMap((d) => d.evidence).join('\n')).not.toContain(
      'refused a token request',
    );
  });
});
