// Catalogue family "Other statuses and the fallback" (docs/diagnoses.md). Hand-built.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose';
import { createExchange, failed, find, firstId, headers, ids } from '../support/build';

describe('other-statuses', () => {
  it('proxy-auth-required: 407 with Proxy-Authenticate', () => {
    const failure = diagnose(
      createExchange({
        response: {
          status: 407,
          headers: headers({ 'Proxy-Authenticate': 'Basic realm="corp-proxy"' }),
        },
      }),
    );
    expect(firstId(failure)).toBe('proxy-auth-required');
    expect(find(failure, 'proxy-auth-required')?.evidence[0]).toContain('corp-proxy');
    expect(failure?.challenges[0]?.header).toBe('Proxy-Authenticate');
  });

  it('proxy-auth-required: a 407 to a request with Authorization and no Proxy-Authorization says the header is the wrong one', () => {
    const proxyAsks = { 'Proxy-Authenticate': 'Basic realm="proxy"' };
    const wrong = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'Basic dXNlcjpwYXNzd29yZA==' }) },
        response: { status: 407, headers: headers(proxyAsks) },
      }),
    );
    expect(firstId(wrong)).toBe('proxy-auth-required');
    expect(find(wrong, 'proxy-auth-required')?.evidence.join('\n')).toContain(
      'The request carried Authorization (Basic',
    );
    // With Proxy-Authorization sent, that one was refused: no line about Authorization.
    const both = diagnose(
      createExchange({
        request: {
          headers: headers({
            Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123',
            'Proxy-Authorization': 'Basic dXNlcjpwYXNzd29yZA==',
          }),
        },
        response: { status: 407, headers: headers(proxyAsks) },
      }),
    );
    expect(find(both, 'proxy-auth-required')?.evidence.join('\n')).not.toContain(
      'The request carried Authorization',
    );
  });

  it('forbidden-not-unauthorized: a 403 with a token (401 = who are you, 403 = not allowed)', () => {
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' }) },
        response: { status: 403, body: '{"message":"not in the admins group"}' },
      }),
    );
    expect(firstId(failure)).toBe('forbidden-not-unauthorized');
  });

  it('a 403 with something more specific does not get forbidden-not-unauthorized', () => {
    const failure = diagnose(
      createExchange({
        request: { headers: headers({ Authorization: 'Bearer undefined' }) },
        response: { status: 403 },
      }),
    );
    expect(ids(failure)).not.toContain('forbidden-not-unauthorized');
  });

  it('credentials sent, a challenge, nothing more specific: credentials-rejected, not auth-required', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123' },
        { 'WWW-Authenticate': 'Bearer realm="api"' },
      ),
    );
    expect(firstId(failure)).toBe('credentials-rejected');
    expect(failure?.diagnoses.map((d) => d.id)).not.toContain('auth-required');
  });

  it('auth-required: only when nothing else can be said (an exchange the rules cannot read)', () => {
    const unreadable = createExchange();
    (unreadable.request as { headers: unknown }).headers = null;
    const failure = diagnose(unreadable);
    expect(failure?.diagnoses.map((d) => d.id)).toEqual(['auth-required']);
    expect(find(failure, 'auth-required')?.fixes.length).toBeGreaterThanOrEqual(6);
  });

  it('statuses that are not failures give null', () => {
    for (const status of [200, 204, 302, 304, 404, 500])
      expect(diagnose(createExchange({ response: { status } }))).toBeNull();
  });
});
