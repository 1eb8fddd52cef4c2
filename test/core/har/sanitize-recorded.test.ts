// sanitizeHar on captures made outside these tests' control: the recorded HARs (real servers,
// real browsers) and the public corpus. After sanitizing, `checkHar` finds nothing, sanitizing
// again changes nothing, and the file analyses to the same diagnoses, except where masking hides
// the very thing a diagnosis reads (listed below with the reason, and checked to stay so).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHar } from '../../../src/core/har/analyze-har';
import { checkHar, sanitizeHar } from '../../../src/core/har/sanitize-har';

const DIRS = ['test/fixtures/har', 'test/fixtures/public'].map((dir) =>
  join(__dirname, '../../..', dir),
);

/**
 * Diagnoses a sanitized file cannot give, by file: `lost` may disappear, `gained` may take
 * their place. Masking is the point; these are the costs, said here rather than hidden.
 */
const LIMITS: Record<string, { lost: string[]; gained: string[]; why: string }> = {
  'oauth-step-up.har': {
    lost: ['credential-stopped-working'],
    gained: ['credentials-rejected'],
    why: 'the opaque access token that worked a moment before, masked, cannot be followed across requests; step-up-required stays first',
  },
  'apache-digest.har': {
    lost: ['digest-mismatch'],
    gained: ['digest-rejected'],
    why: 'the rule does not read a Digest credential whose response is masked',
  },
  'express-bearer-jwt.har': {
    lost: [
      'missing-scheme',
      'duplicated-scheme',
      'quoted-token',
      'malformed-authorization',
      'multiple-authorization',
      'jwt-malformed',
      'credential-stopped-working',
      'jwe-opaque',
      'credentials-rejected',
      'retry-storm',
    ],
    gained: ['jwt-malformed', 'invalid-token', 'invalid-request', 'credentials-rejected'],
    why: 'format problems are read in the raw Authorization value that the mask replaces; an opaque token masked as abcd…wxyz cannot be followed across requests, so neither credential-stopped-working nor retry-storm can say it is the same one',
  },
  'nginx-basic.har': {
    lost: ['basic-not-encoded', 'basic-malformed', 'basic-charset'],
    gained: ['basic-rejected'],
    why: 'what is wrong with a Basic credential is inside the base64 that the mask hides',
  },
  'oauth-refresh-failed.har': {
    lost: ['credential-stopped-working'],
    gained: [],
    why: 'an opaque token masked as abcd…wxyz cannot be followed across requests',
  },
  'oauth-refresh-and-retry.har': {
    lost: ['credential-stopped-working'],
    gained: [],
    why: 'an opaque token masked as abcd…wxyz cannot be followed across requests',
  },
  'oidc-revoked-token.har': {
    lost: ['credential-stopped-working'],
    gained: [],
    why: 'an opaque token masked as abcd…wxyz cannot be followed across requests',
  },
  'nextauth-session-cookie-cleared.har': {
    lost: ['session-expired'],
    gained: ['credentials-rejected'],
    why: 'the masked cookies cannot be matched with the ones accepted before, and the masked origin cannot be tied to the earlier answer that cleared the session cookie',
  },

  'authlib-token-invalid-client-empty-basic.har': {
    lost: ['empty-credentials'],
    gained: ['basic-rejected'],
    why: 'the mask hides that the Basic value is Og== (an empty id and secret), so only a refused Basic credential is left',
  },
  'gbif-basic-latin1-umlaut-password.har': {
    lost: ['basic-charset'],
    gained: [],
    why: 'the Latin-1 byte of the password is inside the base64 that the mask hides',
  },

  'okhttp-authenticator-retry-same-basic.har': {
    lost: ['retry-storm'],
    gained: [],
    why: 'a Basic value masked as ••• cannot be followed across requests, so the loop cannot say it is the same credential',
  },
  'rfc7616-digest-stale-nonce-reused.har': {
    lost: ['credential-stopped-working'],
    gained: [],
    why: 'the masked Digest credential cannot be matched with the one accepted before; digest-stale-nonce stays first',
  },
  'restcli-basic-not-encoded.har': {
    lost: ['basic-not-encoded'],
    gained: ['basic-rejected'],
    why: 'the plain-text user and password the mask hides are what shows the value is not base64',
  },
  'laravel-sanctum-guest-session-probe.har': {
    lost: ['signed-out-probe'],
    gained: ['credentials-rejected'],
    why: 'the masked laravel_session sent cannot be matched with the guest session the page load set',
  },

  'express-oauth2-jwt-bearer-jwe-access-token.har': {
    lost: ['jwe-opaque'],
    gained: ['invalid-token'],
    why: "the mask (eyJh…ag00) hides the five segments and the alg dir / enc A256GCM header that make the token a JWE, so the server's invalid_token stands alone",
  },
};

const files = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.har'))
    .map((name) => ({ name, path: join(dir, name) })),
);

const idsOf = (har: unknown): string[][] => {
  const analysis = analyzeHar(har);
  if (!analysis.ok) throw new Error(analysis.error);
  return analysis.report.failures.map((f) => f.diagnoses.map((d) => d.id));
};

describe('sanitizeHar on recorded and public captures', () => {
  it('there are captures to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('$name', ({ name, path }) => {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    const result = sanitizeHar(data);
    if (!result.ok) throw new Error(result.error);
    const check = checkHar(result.har);
    expect(check.ok && check.places).toEqual([]);
    const again = sanitizeHar(result.har);
    expect(again.ok && again.masked).toBe(0);
    const before = idsOf(data);
    const after = idsOf(result.har);
    expect(after.length).toBe(before.length);
    const limit = LIMITS[name];
    if (!limit) {
      expect(after).toEqual(before);
      return;
    }
    // Still different (else the entry is stale), and only as said.
    expect(after).not.toEqual(before);
    before.forEach((ids, i) => {
      const now = after[i] ?? [];
      for (const id of ids)
        if (!now.includes(id)) expect(limit.lost, `${name} #${i}`).toContain(id);
      for (const id of now)
        if (!ids.includes(id)) expect(limit.gained, `${name} #${i}`).toContain(id);
    });
  });
});
