// Catalogue family "Basic and Digest" (docs/diagnoses.md). Hand-built exchanges here; the
// recorded nginx / Apache ones are in test/core/har/recorded.test.ts.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { basic, failed, find, firstId, ids } from '../support/build';

const basicChallenge = { 'WWW-Authenticate': 'Basic realm="Restricted"' };
const digestAuth = (over: Record<string, string> = {}) => {
  const params: Record<string, string> = {
    username: '"alice"',
    realm: '"private"',
    nonce: '"bm9uY2UtMQ"',
    uri: '"/resource"',
    algorithm: 'MD5',
    response: '"6629fae49393a05397450978507c4ef1"',
    qop: 'auth',
    nc: '00000001',
    cnonce: '"0a4f113b"',
    ...over,
  };
  return `Digest ${Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}`;
};
const digestChallenge = (extra = '') => ({
  'WWW-Authenticate': `Digest realm="private", nonce="bm9uY2UtMg", algorithm=MD5, qop="auth"${extra}`,
});

describe('basic-digest', () => {
  it('basic-not-encoded: `Basic user:pass` sent as plain text', () => {
    const failure = diagnose(failed({ Authorization: 'Basic alice:secret' }, basicChallenge));
    expect(firstId(failure)).toBe('basic-not-encoded');
    expect(JSON.stringify(failure)).not.toContain('secret');
  });

  it('basic-malformed: base64 without a colon', () => {
    const value = `Basic ${Buffer.from('alicesecret').toString('base64')}`;
    expect(firstId(diagnose(failed({ Authorization: value }, basicChallenge)))).toBe(
      'basic-malformed',
    );
  });

  it('basic-malformed: a trailing newline from `echo` inside the encoded text', () => {
    const value = `Basic ${Buffer.from('alice:secret\n').toString('base64')}`;
    expect(ids(diagnose(failed({ Authorization: value }, basicChallenge)))).toContain(
      'basic-malformed',
    );
  });

  it('basic-charset: a non-ASCII password and a challenge without charset="UTF-8"', () => {
    const value = `Basic ${Buffer.from('jürgen:pässwort').toString('base64')}`;
    const failure = diagnose(failed({ Authorization: value }, basicChallenge));
    expect(firstId(failure)).toBe('basic-charset');
    expect(find(failure, 'basic-charset')?.evidence.join('\n')).toContain(
      'does not announce charset',
    );
  });

  it('basic-rejected: well-formed credentials refused (wrong password)', () => {
    const failure = diagnose(
      failed({ Authorization: basic('alice', 'wrong-password') }, basicChallenge),
    );
    expect(firstId(failure)).toBe('basic-rejected');
    const text = JSON.stringify(failure);
    expect(text).toContain('alice');
    expect(text).not.toContain('wrong-password');
  });

  it('digest-stale-nonce: stale=true, the password was right', () => {
    const failure = diagnose(
      failed({ Authorization: digestAuth() }, digestChallenge(', stale=true')),
    );
    expect(firstId(failure)).toBe('digest-stale-nonce');
    expect(ids(failure)).not.toContain('digest-rejected');
  });

  it('digest-mismatch: the response names another realm', () => {
    const failure = diagnose(
      failed({ Authorization: digestAuth({ realm: '"other"' }) }, digestChallenge()),
    );
    expect(firstId(failure)).toBe('digest-mismatch');
    expect(find(failure, 'digest-mismatch')?.evidence.join('\n')).toContain('realm="other"');
  });

  it('digest-mismatch: the uri is not the request URI', () => {
    const failure = diagnose(
      failed({ Authorization: digestAuth({ uri: '"/elsewhere"' }) }, digestChallenge()),
    );
    expect(firstId(failure)).toBe('digest-mismatch');
  });

  it('digest-rejected: matching, not stale, refused', () => {
    const failure = diagnose(failed({ Authorization: digestAuth() }, digestChallenge()));
    expect(firstId(failure)).toBe('digest-rejected');
    expect(JSON.stringify(failure)).not.toContain('6629fae49393a05397450978507c4ef1');
  });
});
