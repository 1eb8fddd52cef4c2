import { describe, expect, it } from 'vitest';
import { challengeText } from '../../../src/core/rules/facts';
import { parseChallenges } from '../../../src/core/rules/parsers';

const texts = (line: string) => parseChallenges([line]).challenges.map(challengeText);

describe('challengeText', () => {
  it('the scheme, then every parameter quoted, in the order sent', () => {
    expect(texts('Bearer realm="api", error="invalid_token", scope="a b"')).toEqual([
      'Bearer realm="api", error="invalid_token", scope="a b"',
    ]);
    expect(texts('Digest realm="x", qop="auth", algorithm=SHA-256, nonce="n1"')).toEqual([
      'Digest realm="x", qop="auth", algorithm="SHA-256", nonce="n1"',
    ]);
  });

  it('a bare scheme alone; a token68 masked', () => {
    expect(texts('Negotiate')).toEqual(['Negotiate']);
    const [text] = texts(
      'Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6iBwMFACAAAACjggSa',
    );
    expect(text?.startsWith('Negotiate ')).toBe(true);
    expect(text).not.toContain('YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEFoQMCAQ6iBwMFACAAAACjggSa');
  });

  it('parameter objects of many shapes, in turns', () => {
    const lines = [
      'Bearer realm="api"',
      'Basic realm="r", charset="UTF-8"',
      'Bearer realm="api", error="invalid_token"',
      'Digest realm="x", nonce="a", opaque="b", qop="auth"',
      'Bearer error="insufficient_scope", scope="read", realm="api", error_description="d"',
    ];
    for (let round = 0; round < 3; round++)
      for (const line of lines)
        expect(texts(line)).toEqual([line.replace(/=([^"\s,]+)/g, '="$1"')]);
  });
});
