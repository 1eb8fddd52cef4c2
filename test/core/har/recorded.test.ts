// Recorded fixtures: real servers on loopback (nginx auth_basic, Apache mod_auth_digest,
// Express with passport-http-bearer / express-jwt, oidc-provider, a 407 proxy) driven by real
// headless Chromium through Playwright's recordHar. Recorders: test/fixtures/record/*.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AnalyzeHarResult, analyzeHar } from '../../../src/core/har/analyze-har';

const ALL = new Set([401, 403, 407]);
const cache = new Map<string, AnalyzeHarResult>();

function analysed(name: string) {
  let result = cache.get(name);
  if (!result) {
    const text = readFileSync(new URL(`../../fixtures/har/${name}.har`, import.meta.url), 'utf8');
    result = analyzeHar(text, { statuses: ALL });
    cache.set(name, result);
  }
  if (!result.ok) throw new Error(result.error);
  return result;
}

/** The failure whose URL has `case=<name>` (the recorders tag every request). */
function failureOf(file: string, caseName: string) {
  const result = analysed(file);
  const found = result.failures.find(({ failure }) =>
    new RegExp(`[?&]case=${caseName}(&|$)`).test(failure.url),
  );
  if (!found) throw new Error(`${file}: no failure for case=${caseName}`);
  return found.failure;
}

const first = (file: string, caseName: string) => failureOf(file, caseName).diagnoses[0]?.id;
const ids = (file: string, caseName: string) =>
  failureOf(file, caseName).diagnoses.map((d) => d.id);

describe('recorded: nginx auth_basic (nginx-basic.har)', () => {
  it('no-credentials, with the note that browser-answered Basic is invisible in HARs', () => {
    const failure = failureOf('nginx-basic', 'no-credentials');
    expect(failure.diagnoses[0]?.id).toBe('no-credentials');
    expect(failure.diagnoses[0]?.evidence.join('\n')).toContain('login prompt');
    expect(failure.platforms[0]?.id).toBe('nginx');
  });
  it('basic-rejected: a wrong password', () =>
    expect(first('nginx-basic', 'wrong-password')).toBe('basic-rejected'));
  it('basic-not-encoded: `Basic user:pass`', () =>
    expect(first('nginx-basic', 'not-encoded')).toBe('basic-not-encoded'));
  it('basic-malformed: base64 of text without the colon', () =>
    expect(first('nginx-basic', 'no-colon')).toBe('basic-malformed'));
  it('basic-charset: non-ASCII credentials, no charset in the challenge', () =>
    expect(first('nginx-basic', 'charset')).toBe('basic-charset'));
  it('auth_request: the subrequest refused, nginx answers 401 without a challenge', () => {
    const failure = failureOf('nginx-basic', 'auth-request-missing');
    expect(failure.diagnoses[0]?.id).toBe('no-credentials');
    expect(failure.diagnoses.map((d) => d.id)).toContain('missing-challenge');
    expect(first('nginx-basic', 'auth-request-wrong')).toBe('api-key-rejected');
  });
  it('the right password is not a failure', () => {
    expect(
      analysed('nginx-basic').failures.some(({ failure }) => failure.url.includes('case=ok')),
    ).toBe(false);
  });
});

describe('recorded: Apache mod_auth_digest (apache-digest.har)', () => {
  it('digest-rejected: a wrong password', () =>
    expect(first('apache-digest', 'wrong-password')).toBe('digest-rejected'));
  it('digest-mismatch: computed for another realm', () =>
    expect(first('apache-digest', 'realm-mismatch')).toBe('digest-mismatch'));
  it('digest-stale-nonce: an expired nonce (AuthDigestNonceLifetime)', () =>
    expect(first('apache-digest', 'stale')).toBe('digest-stale-nonce'));
  it('platform apache', () =>
    expect(failureOf('apache-digest', 'stale').platforms[0]?.id).toBe('apache'));
});

describe('recorded: Express, passport-http-bearer and express-jwt (express-bearer-jwt.har)', () => {
  const F = 'express-bearer-jwt';
  it.each([
    ['no-credentials', 'no-credentials'],
    ['revoked', 'invalid-token'],
    ['unknown-token', 'invalid-token'],
    ['placeholder', 'placeholder-token'],
    ['object', 'placeholder-token'],
    ['empty', 'empty-credentials'],
    ['missing-scheme', 'missing-scheme'],
    ['duplicated-scheme', 'duplicated-scheme'],
    ['quoted', 'quoted-token'],
    ['json', 'malformed-authorization'],
    ['two-credentials', 'multiple-authorization'],
    ['basic-to-bearer', 'scheme-mismatch'],
    ['expired', 'jwt-expired'],
    ['not-yet-valid', 'jwt-not-yet-valid'],
    ['truncated', 'jwt-malformed'],
    ['unsigned', 'jwt-unsigned'],
    ['id-token', 'jwt-wrong-token-type'],
    ['audience', 'jwt-audience-mismatch'],
    ['token-not-sent', 'credentials-not-forwarded'],
    ['after-revoke', 'invalid-token'],
    ['scope', 'insufficient-scope'],
    ['key-missing', 'api-key-missing'],
    ['key-wrong', 'api-key-rejected'],
    // A token sent and refused, the 401 without a challenge: the cause first, the context after.
    ['no-challenge', 'credentials-rejected'],
    ['clock', 'clock-skew'],
    ['session-expired', 'session-expired'],
    ['issuer', 'environment-mismatch'],
    ['forbidden', 'forbidden-not-unauthorized'],
    ['opaque-stopped', 'credential-stopped-working'],
    ['opaque-unknown', 'credentials-rejected'],
    ['jwe', 'jwe-opaque'],
    ['two-places', 'invalid-request'],
    ['loop-5', 'retry-storm'],
  ])('case=%s ranks %s first', (caseName, id) => {
    expect(first(F, caseName)).toBe(id);
  });
  it('case=no-challenge: missing-challenge is in the top 3, after the cause', () =>
    expect(ids(F, 'no-challenge').slice(0, 3)).toContain('missing-challenge'));
  it('revoked after working: also credential-stopped-working', () =>
    expect(ids(F, 'after-revoke')).toContain('credential-stopped-working'));
  it('the fifth refusal with the same expired token: retry-storm', () =>
    expect(ids(F, 'retry-4')).toContain('retry-storm'));
  it('express-jwt error invalid_request after a format mistake ranks below it', () => {
    expect(ids(F, 'duplicated-scheme').indexOf('invalid-request')).toBeGreaterThan(0);
  });
  it('platform express', () => expect(failureOf(F, 'expired').platforms[0]?.id).toBe('express'));
  it('successful requests never yield a failure', () => {
    const failed = new Set(analysed(F).failures.map(({ index }) => index));
    const har = JSON.parse(
      readFileSync(new URL(`../../fixtures/har/${F}.har`, import.meta.url), 'utf8'),
    );
    har.log.entries.forEach((entry: { response: { status: number } }, index: number) => {
      if (entry.response.status < 400) expect(failed.has(index)).toBe(false);
    });
  });
  it('evidence names its facts and masks the token', () => {
    const d = failureOf(F, 'expired').diagnoses[0];
    expect(d?.evidence.join('\n')).toMatch(/exp = \d+ .*before the request/);
    expect(JSON.stringify(analysed(F).report)).not.toContain(
      'FAKE-passport-token-0123456789abcdef',
    );
  });
});

describe('recorded: cookies, CORS and redirects across localhost and 127.0.0.1 (express-cross-origin.har)', () => {
  const F = 'express-cross-origin';
  it('cors-credentials-not-sent: the other site calls without credentials', () =>
    expect(first(F, 'cors-no-credentials')).toBe('cors-credentials-not-sent'));
  it('cookie-blocked: a SameSite=Lax session cookie stays home on a cross-site fetch', () => {
    const failure = failureOf(F, 'samesite-lax');
    expect(failure.diagnoses[0]?.id).toBe('cookie-blocked');
    expect(failure.diagnoses[0]?.evidence.join('\n')).toContain('SameSite=Lax');
  });
  it('third-party cookie blocking is offered, less sure, when SameSite=None did not help', () => {
    expect(ids(F, 'third-party-cookie')).toContain('cookie-blocked');
  });
  it('preflight-unauthorized: the auth layer refused the OPTIONS preflight (entry added from the DevTools protocol)', () => {
    const failure = failureOf(F, 'preflight');
    expect(failure.method).toBe('OPTIONS');
    expect(failure.diagnoses[0]?.id).toBe('preflight-unauthorized');
  });
  it('redirect-dropped-credentials: Authorization lost on a 307 to the other origin', () => {
    const found = analysed(F).failures.find(({ failure }) => failure.url.endsWith('/api/me'));
    expect(found?.failure.diagnoses[0]?.id).toBe('redirect-dropped-credentials');
  });
});

describe('recorded: oidc-provider token revocation (oidc-revoked-token.har)', () => {
  it('invalid-token (revoked) ranks first, credential-stopped-working next', () => {
    expect(ids('oidc-revoked-token', 'revoked').slice(0, 2)).toEqual([
      'invalid-token',
      'credential-stopped-working',
    ]);
    expect(failureOf('oidc-revoked-token', 'revoked').diagnoses[0]?.evidence.join('\n')).toContain(
      'revoked',
    );
  });
});

describe("recorded by Firefox's own HAR export (firefox-express.har)", () => {
  it.each([
    ['ff-placeholder', 'placeholder-token'],
    ['ff-expired', 'jwt-expired'],
    ['ff-no-credentials', 'no-credentials'],
    ['ff-session', 'session-expired'],
  ])('case=%s ranks %s first', (caseName, id) => {
    expect(first('firefox-express', caseName)).toBe(id);
  });
  it('is a Firefox HAR', () => {
    const har = JSON.parse(
      readFileSync(new URL('../../fixtures/har/firefox-express.har', import.meta.url), 'utf8'),
    );
    expect(har.log.creator.name).toBe('Firefox');
  });
});

describe('recorded: a proxy that wants credentials (proxy-407.har)', () => {
  it('proxy-auth-required', () => {
    const result = analysed('proxy-407');
    expect(result.failures[0]?.failure.status).toBe(407);
    expect(result.failures[0]?.failure.diagnoses[0]?.id).toBe('proxy-auth-required');
  });
});

describe('recorded: the README example (example-session.har)', () => {
  it('the token not sent after sign-in, then an expired token', () => {
    const result = analysed('example-session');
    expect(result.failures.map(({ failure }) => failure.diagnoses[0]?.id)).toEqual([
      'credentials-not-forwarded',
      'jwt-expired',
    ]);
  });
});

describe("derived: the README example as Chrome's sanitized export would give it (example-session-stripped.har)", () => {
  it('still analyses, says what is missing, and trusts the server about the refused token', () => {
    const result = analysed('example-session-stripped');
    expect(result.report.warnings?.join(' ')).toContain('sanitized');
    const [first, second] = result.failures.map(({ failure }) => failure);
    expect(first?.notes.join(' ')).toContain('removed');
    expect(first?.diagnoses[0]?.id).toBe('no-credentials');
    expect(second?.diagnoses[0]?.id).toBe('invalid-token');
    expect(second?.diagnoses[0]?.evidence.join(' ')).toContain('jwt expired');
  });
});

describe('recorded fixtures sanitize and still analyse', () => {
  it.each(['nginx-basic', 'express-bearer-jwt', 'express-cross-origin'])('%s', async (name) => {
    const { sanitizeHar } = await import('../../../src/core/har/sanitize-har');
    const har = JSON.parse(
      readFileSync(new URL(`../../fixtures/har/${name}.har`, import.meta.url), 'utf8'),
    );
    const clean = sanitizeHar(har);
    if (!clean.ok) throw new Error(clean.error);
    const text = JSON.stringify(clean.har);
    for (const secret of [
      'FAKE-passport-token-0123456789abcdef',
      'FAKE-session-0123456789abcdef',
      'FAKE-api-key-0123456789abcdef',
    ])
      expect(text).not.toContain(secret);
    const again = analyzeHar(clean.har, { statuses: ALL });
    expect(again.ok && again.report.failures.length).toBe(analysed(name).report.failures.length);
  });
});
