// Chrome's sanitized export told from a whole file (src/core/sanitized-export.ts): which
// exchanges are signs that the traffic carried secret headers. Hand-built; the public captures
// are in masked.test.ts and rules/expected-401s.test.ts.
import { describe, expect, it } from 'vitest';
import { sessionSignOf } from '../../src/core/sanitized-export';
import { createExchange, headers } from './support/build';

describe('sessionSignOf: a server refusing a password', () => {
  const refused = (method: string, passwordField = false) =>
    createExchange({
      request: { url: 'https://api.example.test/api/orders', method, passwordField },
      response: {
        status: 401,
        headers: headers({ 'Content-Type': 'application/json' }),
        body: '{"success":false,"errors":["Invalid login credentials"]}',
      },
    });

  it('after a POST (a password may have travelled in an Authorization header): a sign', () => {
    expect(sessionSignOf(refused('POST'))).toContain('says a credential it received was refused');
  });

  it('after a GET without a challenge: no sign (a GET carries a password only by Basic, refused with a challenge)', () => {
    expect(sessionSignOf(refused('GET'))).toBeUndefined();
    expect(sessionSignOf(refused('HEAD'))).toBeUndefined();
  });

  it('other refusals after a GET still are (a token said to be invalid was sent)', () => {
    const exchange = createExchange({
      request: { url: 'https://api.example.test/api/orders' },
      response: {
        status: 401,
        headers: headers({ 'Content-Type': 'application/json' }),
        body: '{"error":"invalid_token","error_description":"The access token expired"}',
      },
    });
    expect(sessionSignOf(exchange)).toContain('says a credential it received was refused');
  });
});
