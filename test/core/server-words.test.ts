// Reading what the server said (src/core/server-words.ts) and matching it against the
// provider table (src/core/providers.ts): JSON, XML, HTML and text bodies and vendor headers,
// from a bounded prefix, in linear time, never executed; hostile bodies never crash it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose, PROVIDER_KNOWLEDGE } from '../../src/core/diagnose';
import { importHar } from '../../src/core/har/import-har';
import { forgetRememberedValues } from '../../src/core/remembered-values';
import {
  BODY_READ_LIMIT,
  headerNamesOf,
  matchServerWords,
  readBodyWords,
  readServerWords,
  type ServerWords,
} from '../../src/core/server-words';
import { headers } from '../support/exchange';
import { FIXTURES, harFiles } from './har/fixture-files';
import { failed, find, ids } from './support/build';

const words = (body: string, type = '', head: Record<string, string> = {}) =>
  readServerWords(body, headers(head), type);
const verdict = (body: string, host = 'api.unknown.test', head: Record<string, string> = {}) =>
  matchServerWords(
    words(body, '', head),
    host,
    new Set(Object.keys(head).map((h) => h.toLowerCase())),
    PROVIDER_KNOWLEDGE,
  );

describe('readServerWords', () => {
  it('JSON: error_description, message, errors[].message, detail, title, nested error objects', () => {
    expect(
      words('{"error":"invalid_grant","error_description":"Invalid user credentials"}').messages,
    ).toEqual(['Invalid user credentials', 'invalid_grant']);
    expect(words('{"errors":[{"message":"Bad credentials"}]}').messages).toContain(
      'Bad credentials',
    );
    expect(
      words('{"error":{"code":401,"message":"Request had invalid authentication credentials."}}')
        .messages,
    ).toContain('Request had invalid authentication credentials.');
    expect(
      words('{"type":"about:blank","title":"Unauthorized","detail":"Token expired"}').messages,
    ).toEqual(['Token expired', 'Unauthorized']);
    expect(
      words('[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]').messages,
    ).toContain('Session expired or invalid');
    expect(words('{"error":{"invalidToken":true,"message":"Not authorized"}}').messages).toContain(
      'invalidToken',
    );
  });

  it('XML error documents and HTML pages: code, message, title and headings, never scripts', () => {
    expect(
      words(
        '<?xml version="1.0"?><Error><Code>InvalidAccessKeyId</Code><Message>Nope</Message></Error>',
      ).messages,
    ).toEqual(['InvalidAccessKeyId', 'Nope']);
    const html = words(
      '<html><head><title>401 Unauthorized</title><script>alert("x")</script></head><body><h1>Sign in required</h1></body></html>',
      'text/html',
    );
    expect(html.messages).toEqual(['401 Unauthorized', 'Sign in required']);
    const noTitle = words(
      '<html><body><script>steal()</script><p>Access denied</p></body></html>',
      'text/html',
    );
    expect(noTitle.messages.join(' ')).toContain('Access denied');
    expect(noTitle.messages.join(' ')).not.toContain('steal');
  });

  it('vendor headers that carry an error', () => {
    const read = words('', '', {
      'X-Ms-Error-Code': 'AuthenticationFailed',
      'x-amzn-ErrorType': 'UnauthorizedException',
      'X-Request-Id': 'abc',
    });
    expect(read.headers).toEqual([
      'X-Ms-Error-Code: AuthenticationFailed',
      'x-amzn-ErrorType: UnauthorizedException',
    ]);
  });

  it('bad input: binary, base64, broken and deeply nested JSON, huge bodies give a bounded read', () => {
    const binary = String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => i % 256));
    const cases = [
      binary,
      Buffer.from('{"message":"hidden in base64"}').toString('base64').repeat(1000),
      '{"message": "unterminated',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `${'{"error":'.repeat(50_000)}"deep"${'}'.repeat(50_000)}`,
      'x'.repeat(10 << 20),
      `<title>${'a'.repeat(1 << 20)}`,
      `<html>${'<script>'.repeat(100_000)}`,
    ];
    for (const body of cases) {
      const read = words(body, body.startsWith('<') ? 'text/html' : '');
      expect(read.raw.length).toBeLessThanOrEqual(4096);
      for (const message of read.messages) expect(message.length).toBeLessThanOrEqual(300);
      expect(read.messages.length).toBeLessThanOrEqual(8);
    }
    expect(BODY_READ_LIMIT).toBe(65536);
  });

  it('bad input through the whole engine: never throws, evidence cut and masked', () => {
    const token = 'opaque-token-0123456789abcdefghijklmnop';
    const failure = diagnose(
      failed(
        { Authorization: `Bearer ${token}` },
        { 'Content-Type': 'application/json' },
        { response: { body: `{"message":"Invalid token ${token} ${'z'.repeat(5000)}"}` } },
      ),
    );
    const text = JSON.stringify(failure);
    expect(text).not.toContain(token);
    for (const diagnosis of failure?.diagnoses ?? [])
      for (const line of diagnosis.evidence) expect(line.length).toBeLessThan(2000);
  });
});

describe('matchServerWords: the provider table, then the generic phrases', () => {
  it('a provider is recognised by host, header or body shape, and its row names its source', () => {
    const github = verdict('{"message":"Bad credentials"}', 'api.github.com');
    expect(github?.diagnosis).toBe('invalid-token');
    expect(github?.provider?.source).toMatch(/^https:\/\/docs\.github\.com/);
    expect(
      verdict('{"message":"x"}', 'x.blob.core.windows.net', {
        'x-ms-error-code': 'AuthenticationFailed',
      })?.diagnosis,
    ).toBe('credentials-rejected');
    expect(
      verdict('{"kind":"Status","reason":"Unauthorized","code":401}', '10.0.0.1')?.provider?.id,
    ).toBe('kubernetes');
  });

  it('a provider row does not apply to another host', () => {
    // "Invalid API Key provided" is Stripe's words, but any API may say "invalid API key".
    expect(
      verdict('{"message":"Invalid API Key provided"}', 'api.other.test')?.provider,
    ).toBeUndefined();
    expect(verdict('{"message":"Invalid API Key provided"}', 'api.other.test')?.diagnosis).toBe(
      'api-key-rejected',
    );
  });

  it.each([
    ['You must use a personal access token instead of your password', 'api-token-required'],
    ['Password authentication was removed; use a token', 'api-token-required'],
    ['Invalid username or password', 'login-rejected'],
    ['Wrong password', 'login-rejected'],
    ['The API key is invalid', 'api-key-rejected'],
    ['API key is missing', 'api-key-missing'],
    ['jwt expired', 'invalid-token'],
    ['Token has been revoked', 'invalid-token'],
    ['Signature does not match', 'credentials-rejected'],
    ['Bad credentials', 'credentials-rejected'],
    ['Authentication credentials were not provided.', 'no-credentials'],
    ['Not authenticated', 'no-credentials'],
  ])('generic phrase: %s → %s', (message, id) => {
    expect(verdict(JSON.stringify({ message }))?.diagnosis).toBe(id);
  });

  it('"Unauthorized" alone says nothing', () => {
    expect(verdict('{"message":"Unauthorized"}')).toBeUndefined();
  });
});

describe('the new diagnoses on hand-built exchanges', () => {
  it('login-rejected: a POST to /login with a password field, answered 401', () => {
    const exchange = failed(
      { 'Content-Type': 'application/json' },
      {},
      { request: { method: 'POST', url: 'https://app.example.test/login', passwordField: true } },
    );
    expect(ids(diagnose(exchange))[0]).toBe('login-rejected');
    expect(ids(diagnose(exchange))).not.toContain('no-credentials');
  });

  it('api-token-required: Basic with a password, the body says to use an API token', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Basic dXNlckBleGFtcGxlLmNvbTpodW50ZXIy' },
        {},
        {
          response: {
            body: 'Basic authentication with passwords is deprecated. Use an API token.',
          },
        },
      ),
    );
    expect(ids(failure)[0]).toBe('api-token-required');
    expect(find(failure, 'api-token-required')?.evidence.join('\n')).toContain(
      'Basic credentials were sent',
    );
  });

  it('insufficient-scope: Microsoft Graph 403 Authorization_RequestDenied (resolve-auth-errors)', () => {
    const body =
      '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}';
    const graph = (url: string) =>
      diagnose(
        failed(
          { Authorization: 'Bearer [REDACTED]' },
          { 'Content-Type': 'application/json' },
          { request: { url }, response: { status: 403, body } },
        ),
      );
    const failure = graph('https://graph.microsoft.com/v1.0/organization');
    expect(ids(failure)[0]).toBe('insufficient-scope');
    expect(find(failure, 'insufficient-scope')?.evidence.join('\n')).toContain(
      'learn.microsoft.com/en-us/graph/resolve-auth-errors',
    );
    // The same words from another host are not Graph's.
    expect(ids(graph('https://api.example.test/v1/organization'))).not.toContain(
      'insufficient-scope',
    );
  });

  it('credentials-rejected: the body says "no credentials" but the capture shows one was sent', () => {
    const failure = diagnose(
      failed(
        { Authorization: 'Bearer [REDACTED]' },
        {},
        {
          response: { body: '{"message":"Authentication credentials not found"}' },
        },
      ),
    );
    expect(ids(failure)[0]).toBe('credentials-rejected');
    expect(ids(failure)).not.toContain('no-credentials');
  });
});

describe('matchServerWords: verdicts kept for the same words', () => {
  it('gives each host, header set and body its own verdict, whatever was read before', () => {
    const body = '{"message":"Bad credentials"}';
    // The same words, asked in turns: a provider's host, an unknown host, a provider header.
    for (let round = 0; round < 3; round++) {
      expect(verdict(body, 'api.github.com')?.provider?.id).toBe('github');
      expect(verdict(body, 'api.unknown.test')?.provider).toBeUndefined();
      expect(
        verdict(body, 'api.unknown.test', { 'X-GitHub-Request-Id': 'A1B2:3C4D' })?.provider?.id,
      ).toBe('github');
      expect(verdict('{"message":"Nothing to see"}', 'api.github.com')).toBeUndefined();
    }
  });

  it('hands out a copy: changing one verdict does not change the next', () => {
    const first = verdict('{"message":"Bad credentials"}', 'api.github.com');
    if (first?.provider) first.provider.name = 'changed';
    if (first) first.quote = 'changed';
    const again = verdict('{"message":"Bad credentials"}', 'api.github.com');
    expect(again?.quote).toBe('Bad credentials');
    expect(again?.provider?.name).not.toBe('changed');
  });
});

describe('readBodyWords: a body read before is not read again', () => {
  it('reads the same body by its content type, whatever was read first', () => {
    // As text the tags stay; as HTML they go.
    const body = 'Denied: <b>token expired</b>';
    for (let round = 0; round < 3; round++) {
      expect(readBodyWords(body, 'text/plain').messages).toEqual([body]);
      expect(readBodyWords(body, 'text/html; charset=utf-8').messages).toEqual([
        'Denied: token expired',
      ]);
      expect(readBodyWords(body, 'TEXT/HTML').messages).toEqual(['Denied: token expired']);
    }
  });

  it('gives what readServerWords gives, and a frozen answer (shared by the failures that read it)', () => {
    const body = '{"error":"invalid_token","error_description":"The token expired"}';
    const first = readBodyWords(body, 'application/json');
    expect(first).toBe(readBodyWords(body, 'application/json'));
    expect(first.messages).toEqual(words(body).messages);
    expect(first.json).toEqual(JSON.parse(body));
    expect(Object.isFrozen(first.messages)).toBe(true);
    expect(Object.isFrozen(first.json)).toBe(true);
    // A long body is read every time (and not kept), with the same answer.
    const long = `{"message":"Bad credentials","pad":"${'x'.repeat(9000)}"}`;
    expect(readBodyWords(long)).not.toBe(readBodyWords(long));
    expect(readBodyWords(long)).toEqual(readBodyWords(long));
  });
});

describe('headerNamesOf', () => {
  it('the lower-case names, one set per list of names as sent', () => {
    const a = headerNamesOf(headers({ 'Content-Type': 'x', 'X-GitHub-Request-Id': 'y' }));
    expect([...a]).toEqual(['content-type', 'x-github-request-id']);
    expect(headerNamesOf(headers({ 'Content-Type': 'other', 'X-GitHub-Request-Id': 'z' }))).toBe(a);
    // Lists that would read alike if joined without lengths stay apart.
    const joined = headerNamesOf(headers({ 'a2:bc': '1' }));
    const split = headerNamesOf(headers({ a: '1', bc: '2' }));
    expect([...joined]).toEqual(['a2:bc']);
    expect([...split]).toEqual(['a', 'bc']);
    // In turns (the last list and the kept ones): each list its own set.
    for (let round = 0; round < 3; round++) {
      expect(headerNamesOf(headers({ 'a2:bc': '2' }))).toBe(joined);
      expect(headerNamesOf(headers({ A: '3', bc: '4' }))).toEqual(new Set(['a', 'bc']));
      expect(headerNamesOf(headers({ a: '3', bc: '4' }))).toBe(split);
      expect([...headerNamesOf(headers({ a: '3' }))]).toEqual(['a']);
      expect([...headerNamesOf([])]).toEqual([]);
    }
  });

  it('its sets give the verdicts a fresh set gives, in any order', () => {
    const body = '{"message":"Bad credentials"}';
    const head = { 'X-GitHub-Request-Id': 'A1B2:3C4D', Server: 'x' };
    for (let round = 0; round < 3; round++) {
      const kept = matchServerWords(
        readServerWords(body, headers(head)),
        'api.unknown.test',
        headerNamesOf(headers(head)),
        PROVIDER_KNOWLEDGE,
      );
      expect(kept?.provider?.id).toBe('github');
      expect(verdict(body, 'api.unknown.test', head)).toEqual(kept);
      expect(
        matchServerWords(
          readServerWords(body, headers({ Server: 'x' })),
          'api.unknown.test',
          headerNamesOf(headers({ Server: 'x' })),
          PROVIDER_KNOWLEDGE,
        )?.provider,
      ).toBeUndefined();
    }
  });
});

describe('matchServerWords on a kept body', () => {
  // The same words in a list of their own (not a kept body's): the verdict read in full.
  const unkept = (w: ServerWords): ServerWords => ({ ...w, messages: [...w.messages] });

  it('gives the verdict the full reading gives, on every recorded failure, header lines varied', () => {
    let compared = 0;
    for (const file of harFiles(FIXTURES)) {
      const result = importHar(readFileSync(file, 'utf8'));
      if (!result.ok) continue;
      for (const exchange of result.value.exchanges) {
        const { response, request } = exchange;
        if (response.status < 400 || !response.body) continue;
        const host = new URL(request.url).hostname;
        const type = response.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
        // Extra vendor lines (unique each time, so that no verdict is remembered): none, one
        // that says something, one that says nothing.
        for (const extra of [
          [],
          ['X-Error: invalid api key'],
          [`X-Request-Reason: r${compared}`],
        ]) {
          const head = [
            ...response.headers,
            ...extra.map((line, k) => ({
              name: line.slice(0, line.indexOf(':')),
              value: `${line.slice(line.indexOf(':') + 2)} ${compared}-${k}`,
            })),
          ];
          const kept = readServerWords(response.body, head, type);
          const names = headerNamesOf(head);
          const full = matchServerWords(unkept(kept), host, new Set(names), PROVIDER_KNOWLEDGE);
          expect(matchServerWords(kept, host, names, PROVIDER_KNOWLEDGE), file).toEqual(full);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('a header line is still read when the kept body says nothing to a phrase', () => {
    const body = '{"status":"nope"}';
    for (let round = 0; round < 3; round++) {
      const head = headers({ 'X-Error': `Invalid API key ${round}` });
      const kept = readServerWords(body, head);
      const full = matchServerWords(
        unkept(kept),
        'api.unknown.test',
        new Set(),
        PROVIDER_KNOWLEDGE,
      );
      expect(full).toBeDefined();
      expect(matchServerWords(kept, 'api.unknown.test', new Set(), PROVIDER_KNOWLEDGE)).toEqual(
        full,
      );
      const quiet = readServerWords(body, headers({ 'X-Error': `nothing ${round}` }));
      expect(
        matchServerWords(quiet, 'api.unknown.test', new Set(), PROVIDER_KNOWLEDGE),
      ).toBeUndefined();
    }
  });
});

describe('matchServerWords: verdicts remembered', () => {
  it('the same verdicts past the memo size, asked again in turns', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['{"message":"Bad credentials"}', { 'X-GitHub-Request-Id': 'A1B2:3C4D' }],
      ['{"error":"invalid_token"}', { 'WWW-Authenticate': 'Bearer error="invalid_token"' }],
      ['Unauthorized', {}],
    ];
    const first = cases.map(([body, head]) => verdict(body, 'api.unknown.test', head));
    expect(first[0]?.provider?.id).toBe('github');
    for (let round = 0; round < 3; round++) {
      // Each time more keys than the memo holds (a fresh nonce in every challenge).
      for (let i = 0; i < 700; i++)
        verdict('{"error":"invalid_token"}', 'api.unknown.test', {
          'WWW-Authenticate': `Digest realm="x", nonce="n${round}-${i}"`,
        });
      expect(cases.map(([body, head]) => verdict(body, 'api.unknown.test', head))).toEqual(first);
    }
  });
});

describe('matchServerWords: vendor lines that no pattern matches', () => {
  const ask = (body: string, head: Array<[string, string]>) => {
    const list = head.map(([name, value]) => ({ name, value }));
    return matchServerWords(
      readServerWords(body, list),
      'api.unknown.test',
      headerNamesOf(list),
      PROVIDER_KNOWLEDGE,
    );
  };

  it('change no verdict wherever they are, and a line that says something is still quoted', () => {
    const said: [string, string] = ['X-Error', 'Invalid API key'];
    for (const body of ['{"status":"nope"}', '{"error":"invalid_token"}', 'Unauthorized', '']) {
      for (let round = 0; round < 3; round++) {
        // Unique each time, as a Digest nonce is: no verdict is remembered for them.
        const nonce: [string, string] = ['WWW-Authenticate', `Digest realm="x", nonce="n${round}"`];
        const reason: [string, string] = ['X-Request-Reason', `r${round}`];
        forgetRememberedValues();
        const alone = ask(body, [said]);
        const none = ask(body, []);
        forgetRememberedValues();
        expect(ask(body, [nonce, reason])).toEqual(none);
        for (const head of [
          [nonce, said],
          [said, reason],
          [nonce, said, reason],
          [reason, nonce, said],
        ])
          expect(ask(body, head), `${body} ${JSON.stringify(head)}`).toEqual(alone);
        if (body !== '{"error":"invalid_token"}')
          expect(alone?.quote).toBe('X-Error: Invalid API key');
      }
    }
  });
});
