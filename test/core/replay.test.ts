// Replay: the request model, the suggested edits (each checked by diagnosing the edited request
// again with the real engine), and the outcome comparison.
import { describe, expect, it } from 'vitest';
import { createContext, recordExchange } from '../../src/core/context';
import { diagnose } from '../../src/core/diagnose';
import {
  applyEdit,
  applyHeaderLines,
  compareOutcome,
  comparePolicy,
  forBrowser,
  harRequestBody,
  headersToSend,
  maskedBody,
  needsConfirmation,
  type ReplayRequest,
  replayExchange,
  replayFromExchange,
  replayFromFailure,
  replayHeaderOf,
  suggestEdits,
} from '../../src/core/replay';
import { at, basic, createExchange, failed, fakeJwt, headers, ids } from './support/build';

const expired = fakeJwt({ sub: 'alice', aud: 'api', iat: at(-7200), exp: at(-3600) });
const fresh = fakeJwt({ sub: 'alice', aud: 'api', iat: at(-60), exp: at(3600) });

/** The suggestion, which the test expects to be there. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a suggestion');
  return value;
}

/** Diagnoses the request as if the server answered `status` (with a Bearer challenge). */
function answer(request: ReplayRequest, status: number, challenge = 'Bearer realm="api"') {
  const exchange = replayExchange(request, {
    status,
    headers: status === 401 ? headers({ 'WWW-Authenticate': challenge }) : [],
    sentAt: at(0) * 1000,
    receivedAt: at(0) * 1000 + 20,
  });
  return { exchange, failure: diagnose(exchange) };
}

describe('the replay request', () => {
  it('keeps method, URL and headers of the first hop, leaving transport headers out', () => {
    const exchange = failed(
      {
        Authorization: `Bearer ${expired}`,
        Accept: 'application/json',
        Host: 'x',
        ':authority': 'x',
        'Content-Length': '0',
        Cookie: 'sid=abc',
      },
      {},
      { request: { method: 'post' } },
    );
    const request = replayFromExchange(exchange, '{"a":1}');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.example.test/resource');
    expect(request.headers.map((h) => h.name)).toEqual(['Authorization', 'Accept', 'Cookie']);
    expect(replayHeaderOf(request, 'authorization')).toMatchObject({
      secret: true,
      browserOnly: false,
      value: `Bearer ${expired}`,
    });
    expect(replayHeaderOf(request, 'cookie')).toMatchObject({ secret: true, browserOnly: true });
    expect(request.body).toBe('{"a":1}');
    // A browser cannot send Cookie; the command line can.
    expect(headersToSend(request, true).map((h) => h.name)).toEqual(['Authorization', 'Accept']);
    expect(headersToSend(request, false).map((h) => h.name)).toEqual([
      'Authorization',
      'Accept',
      'Cookie',
    ]);
  });

  it('starts from the request the app made, before the redirect', () => {
    const exchange = createExchange({
      request: {
        url: 'https://other.example.test/v2/me',
        headers: [],
        redirectChain: [
          {
            method: 'GET',
            url: 'https://api.example.test/me',
            status: 307,
            requestHeaders: headers({ Authorization: `Bearer ${fresh}` }),
          },
        ],
      },
    });
    const request = replayFromExchange(exchange);
    expect(request.url).toBe('https://api.example.test/me');
    expect(replayHeaderOf(request, 'authorization')?.value).toBe(`Bearer ${fresh}`);
  });

  it('turns a value held only masked into an empty field with a hint', () => {
    const request = replayFromExchange(
      failed({ Authorization: 'Bearer eyJh…', 'X-Api-Key': 'abcd…wxyz' }),
    );
    const auth = replayHeaderOf(request, 'authorization');
    expect(auth?.value).toBe('');
    expect(auth?.hint).toMatch(/paste a fresh Bearer credential/);
    expect(replayHeaderOf(request, 'x-api-key')?.value).toBe('');
  });

  it('from a stored failure: the credentials it carried, empty, and notes on what is unknown', () => {
    const request = replayFromFailure({
      method: 'get',
      url: 'https://api.example.test/items?api_key=abcd…',
      carried: ['authorization', 'cookie'],
      credentials: [
        { where: 'Authorization header', value: 'Bearer eyJh…' },
        { where: 'x-api-key header', value: 'abcd…' },
      ],
    });
    expect(request.headers.map((h) => [h.name, h.value])).toEqual([
      ['Authorization', ''],
      ['x-api-key', ''],
    ]);
    expect(replayHeaderOf(request, 'authorization')?.hint).toContain('Bearer eyJh…');
    expect(request.credentials).toBe('include');
    expect(request.notes.join(' ')).toMatch(/api_key parameter is known only masked/);
  });

  it('asks before repeating what a server acts on', () => {
    expect(['POST', 'put', 'PATCH', 'DELETE'].every(needsConfirmation)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(needsConfirmation)).toBe(false);
  });
});

describe('suggested edits, each fixing what its diagnosis found', () => {
  /** Diagnoses the original, applies the suggestion, and returns the ids of the edited request. */
  function fix(authorization: string, suggestionId: string, challenge = 'Bearer realm="api"') {
    const original = failed({ Authorization: authorization }, { 'WWW-Authenticate': challenge });
    const before = ids(diagnose(original));
    const request = replayFromExchange(original);
    const suggestion = suggestEdits(request, before).find((s) => s.id === suggestionId);
    expect(suggestion, `${suggestionId} offered for ${before.join(',')}`).toBeDefined();
    const edited = applyEdit(request, must(suggestion).edit);
    return { before, edited, after: ids(answer(edited, 401, challenge).failure) };
  }

  it('adds the missing Bearer prefix', () => {
    const { before, edited, after } = fix(fresh, 'add-bearer');
    expect(before).toContain('missing-scheme');
    expect(replayHeaderOf(edited, 'authorization')?.value).toBe(`Bearer ${fresh}`);
    expect(after).not.toContain('missing-scheme');
  });

  it('drops the duplicated scheme', () => {
    const { before, edited, after } = fix(`Bearer Bearer ${fresh}`, 'drop-duplicated-scheme');
    expect(before).toContain('duplicated-scheme');
    expect(replayHeaderOf(edited, 'authorization')?.value).toBe(`Bearer ${fresh}`);
    expect(after).not.toContain('duplicated-scheme');
  });

  it('drops the quotes', () => {
    const { before, edited, after } = fix(`Bearer "${fresh}"`, 'drop-quotes');
    expect(before).toContain('quoted-token');
    expect(replayHeaderOf(edited, 'authorization')?.value).toBe(`Bearer ${fresh}`);
    expect(after).not.toContain('quoted-token');
  });

  it('base64-encodes a raw user:password', () => {
    const { before, edited, after } = fix(
      'Basic alice:s3cret:x',
      'base64-basic',
      'Basic realm="api"',
    );
    expect(before).toContain('basic-not-encoded');
    expect(replayHeaderOf(edited, 'authorization')?.value).toBe(basic('alice', 's3cret:x'));
    expect(after).not.toContain('basic-not-encoded');
  });

  it('offers to paste a fresh token, with the expired token’s claims for reference', () => {
    const original = failed(
      { Authorization: `Bearer ${expired}` },
      { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    );
    const request = replayFromExchange(original);
    const [suggestion] = suggestEdits(request, ids(diagnose(original))).filter(
      (s) => s.id === 'paste-fresh-token',
    );
    expect(suggestion).toMatchObject({
      diagnosis: 'jwt-expired',
      focus: 'authorization',
      claims: { sub: 'alice', exp: at(-3600) },
    });
    const pasted = applyEdit(applyEdit(request, must(suggestion).edit), {
      kind: 'set-header',
      name: 'Authorization',
      value: `Bearer ${fresh}`,
    });
    expect(ids(answer(pasted, 401).failure)).not.toContain('jwt-expired');
    // The label never holds a raw secret.
    expect(must(suggestion).label).not.toContain(expired.slice(10));
  });

  it('sends the credential an earlier successful request carried', () => {
    const ok = createExchange({
      request: {
        url: 'https://api.example.test/me',
        headers: headers({ Authorization: `Bearer ${fresh}` }),
      },
      response: { status: 200 },
    });
    const context = createContext();
    recordExchange(context, ok);
    const original = failed(
      {},
      { 'WWW-Authenticate': 'Bearer realm="api"' },
      { request: { time: at(10) * 1000 } },
    );
    const before = ids(diagnose(original, context));
    expect(before).toContain('credentials-not-forwarded');
    const request = replayFromExchange(original);
    const suggestion = suggestEdits(request, before, {
      earlierCredential: { name: 'Authorization', value: `Bearer ${fresh}`, url: ok.request.url },
    }).find((s) => s.id === 'send-earlier-credential');
    expect(suggestion?.label).not.toContain(fresh);
    const edited = applyEdit(request, must(suggestion).edit);
    expect(headersToSend(edited, true)).toEqual([
      { name: 'Authorization', value: `Bearer ${fresh}` },
    ]);
    // Without an earlier raw credential: an empty Authorization header to fill in.
    expect(suggestEdits(request, before).map((s) => s.id)).toContain('add-authorization');
  });

  it('calls the redirect’s final URL directly', () => {
    const request = replayFromExchange(failed({ Authorization: `Bearer ${fresh}` }));
    const [suggestion] = suggestEdits(request, ['redirect-dropped-credentials'], {
      finalUrl: 'https://other.example.test/v2/me',
    }).filter((s) => s.id === 'call-final-url');
    expect(applyEdit(request, must(suggestion).edit).url).toBe('https://other.example.test/v2/me');
  });

  it("adds credentials: 'include' for cookies the request did not carry", () => {
    const request = replayFromExchange(failed());
    const suggestion = suggestEdits(request, ['cookie-blocked']).find(
      (s) => s.id === 'credentials-include',
    );
    expect(applyEdit(request, must(suggestion).edit).credentials).toBe('include');
    expect(suggestEdits(applyEdit(request, must(suggestion).edit), ['cookie-blocked'])).toEqual([]);
  });

  it('offers nothing that does not apply to the request as it is now', () => {
    const request = replayFromExchange(failed({ Authorization: `Bearer ${fresh}` }));
    expect(
      suggestEdits(request, [
        'missing-scheme',
        'duplicated-scheme',
        'quoted-token',
        'basic-not-encoded',
      ]),
    ).toEqual([]);
  });
});

describe('-H changes (the command line)', () => {
  it('replaces, adds and removes headers', () => {
    const request = replayFromExchange(
      failed({ Authorization: 'Bearer old', Accept: 'a', 'X-Trace': '1' }),
    );
    const edited = applyHeaderLines(request, [
      'authorization: Bearer new',
      'X-New: yes',
      'X-Trace:',
      'junk',
    ]);
    expect(headersToSend(edited, false)).toEqual([
      { name: 'Authorization', value: 'Bearer new' },
      { name: 'Accept', value: 'a' },
      { name: 'X-New', value: 'yes' },
    ]);
  });
});

describe('the outcome', () => {
  const original = { status: 401, diagnoses: [{ id: 'jwt-expired' }] };

  it('says Fixed with the status, and what changed', () => {
    const verdict = compareOutcome(original, { status: 200, diagnoses: [] });
    expect(verdict).toMatchObject({ kind: 'fixed', headline: 'Fixed (200)' });
    expect(verdict.changes).toEqual(['Status 401 → 200', 'No longer found: jwt-expired']);
  });

  it('says still 401 and the new top diagnosis, from the real engine', () => {
    const request = replayFromExchange(failed({ Authorization: `Bearer ${expired}` }));
    const other = fakeJwt({ sub: 'alice', aud: 'other-api', exp: at(3600) });
    const edited = applyEdit(request, {
      kind: 'set-header',
      name: 'Authorization',
      value: `Bearer ${other}`,
    });
    const { failure } = answer(
      edited,
      401,
      'Bearer error="invalid_token", error_description="audience invalid"',
    );
    const verdict = compareOutcome(original, { status: 401, diagnoses: failure?.diagnoses ?? [] });
    expect(verdict.kind).toBe('still-failing');
    expect(verdict.headline).toBe(`still 401: now ${failure?.diagnoses[0]?.id}`);
    expect(verdict.headline).not.toContain('jwt-expired');
    expect(verdict.changes).toContain('No longer found: jwt-expired');
  });

  it('says still when the same cause remains', () => {
    expect(
      compareOutcome(original, { status: 401, diagnoses: [{ id: 'jwt-expired' }] }).headline,
    ).toBe('still 401: still jwt-expired');
  });

  it('no answer (CORS, network) is neither fixed nor a new diagnosis', () => {
    const verdict = compareOutcome(original, {
      status: 0,
      error: 'TypeError: Failed to fetch',
      diagnoses: [],
    });
    expect(verdict.kind).toBe('no-answer');
    expect(verdict.headline).toContain('Failed to fetch');
    expect(verdict.changes).toEqual(['Status 401 → no answer']);
  });

  it('page against extension: the credential is fine, the browser policy is the problem', () => {
    const page = compareOutcome(original, {
      status: 0,
      error: 'TypeError: Failed to fetch',
      diagnoses: [],
    });
    const extension = compareOutcome(original, { status: 200, diagnoses: [] });
    expect(comparePolicy(page, extension)).toMatch(
      /credential is fine.*\(CORS, cookies\) is the problem/,
    );
    expect(comparePolicy(extension, page)).toMatch(/page's cookies or session/);
    expect(comparePolicy(extension, extension)).toBeUndefined();
  });

  it('the replay exchange is diagnosed like any request, with the tab context', () => {
    const request = replayFromExchange(failed({ Authorization: `Bearer ${expired}` }));
    const { exchange, failure } = answer(request, 401);
    expect(exchange.source).toBe('replay');
    expect(ids(failure)).toContain('jwt-expired');
    expect(
      diagnose(replayExchange(request, { status: 200, headers: [], sentAt: 1, receivedAt: 2 })),
    ).toBeNull();
  });
});

describe('a CORS preflight failure', () => {
  it('replays the request the preflight asked for, with the headers it named (empty)', () => {
    const preflight = failed(
      {
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization,x-trace',
        Origin: 'https://app.example.test',
      },
      {},
      { request: { method: 'OPTIONS' } },
    );
    const request = replayFromExchange(preflight);
    expect(request.method).toBe('PUT');
    expect(request.headers.map((h) => [h.name, h.value, h.secret])).toEqual([
      ['Authorization', '', true],
      ['X-Trace', '', false],
    ]);
    expect(request.notes.join(' ')).toMatch(/CORS preflight \(OPTIONS\) of a PUT/);
  });

  it('from a stored preflight failure: a GET with an Authorization to fill in', () => {
    const request = replayFromFailure({
      method: 'OPTIONS',
      url: 'https://api.example.test/x',
      carried: [],
      diagnoses: [{ id: 'preflight-unauthorized' }],
    });
    expect(request.method).toBe('GET');
    expect(replayHeaderOf(request, 'authorization')).toMatchObject({ value: '', secret: true });
  });
});

describe('the request as a page edits it', () => {
  it('leaves out the headers only the browser sets, keeping Cookie, and says which', () => {
    const request = forBrowser(
      replayFromExchange(
        failed({
          Authorization: 'Bearer x',
          Referer: 'https://app.test/',
          'Sec-Fetch-Mode': 'cors',
          Cookie: 'sid=1',
          Accept: '*/*',
        }),
      ),
    );
    expect(request.headers.map((h) => h.name)).toEqual(['Authorization', 'Cookie', 'Accept']);
    expect(request.notes.join(' ')).toContain(
      'Left out, the browser sets them itself: Referer, Sec-Fetch-Mode.',
    );
  });
});

describe('the request body a HAR entry kept (DevTools entries, imported files)', () => {
  it('reads postData.text, and nothing from entries without one or of another shape', () => {
    const entry = {
      request: { method: 'POST', postData: { mimeType: 'application/json', text: '{"a":1}' } },
    };
    expect(harRequestBody(entry)).toBe('{"a":1}');
    expect(harRequestBody({ request: { postData: { text: '' } } })).toBeUndefined();
    expect(harRequestBody({ request: { postData: { params: [] } } })).toBeUndefined();
    for (const hostile of [
      null,
      undefined,
      42,
      'text',
      [],
      { request: null },
      { request: { postData: { text: 7 } } },
    ])
      expect(harRequestBody(hostile)).toBeUndefined();
    // It becomes the editor's body.
    const exchange = createExchange({ request: { method: 'POST' } });
    expect(replayFromExchange(exchange, harRequestBody(entry)).body).toBe('{"a":1}');
  });

  it('masks the secrets of a body until it is revealed: form fields, JSON members, token shapes', () => {
    const form = maskedBody('username=alice&password=hunter2-secret-pw&remember=1');
    expect(form).not.toContain('hunter2-secret-pw');
    expect(form).toContain('username=alice');
    expect(form).toContain('remember=1');
    const json = maskedBody('{"client_id":"app","client_secret":"s3cr3t-value-0123456789"}');
    expect(json).not.toContain('s3cr3t-value-0123456789');
    expect(json).toContain('"client_id":"app"');
    const jwt = fakeJwt({ sub: 'alice' });
    expect(maskedBody(`{"note":"${jwt}"}`)).not.toContain(jwt);
    expect(maskedBody('plain text, nothing secret')).toBe('plain text, nothing secret');
  });
});
