import { expect, test } from 'vitest';
import { createContext } from '../../src/core/context';
import type { FlowStep } from '../../src/core/oauth/flow';
import { harRequestBody } from '../../src/core/replay';
import {
  bodyFromContent,
  enrichViews,
  exchangeFromDevtools,
  flowWithFollowUp,
  matchEntry,
  seeEntry,
} from '../../src/panel/enrich';
import { DEFAULT_TEST_TIME, headers } from '../support/exchange';
import { capturedView } from '../ui/views';

/** A DevTools HAR entry (what network.onRequestFinished gives, minus getContent). */
function devtoolsEntry(
  url: string,
  status: number,
  time: number,
  requestHeaders: Record<string, string> = {},
) {
  return {
    startedDateTime: new Date(time).toISOString(),
    time: 15,
    request: {
      method: 'GET',
      url,
      headers: Object.entries(requestHeaders).map(([name, value]) => ({ name, value })),
    },
    response: {
      status,
      statusText: '',
      headers: [{ name: 'WWW-Authenticate', value: 'Bearer realm="api"' }],
      content: { size: 0, mimeType: 'application/json' },
    },
  };
}

test('getContent: [content, encoding] (Chrome via the polyfill), [content, mimeType] (Firefox), {content, encoding} (native Chrome)', () => {
  expect(bodyFromContent(['{"a":1}', ''])).toBe('{"a":1}');
  expect(bodyFromContent([Buffer.from('{"é":1}').toString('base64'), 'base64'])).toBe('{"é":1}');
  expect(bodyFromContent(['{"a":1}', 'application/json'])).toBe('{"a":1}');
  expect(bodyFromContent(['', 'text/plain'])).toBeUndefined();
  expect(bodyFromContent([null, null])).toBeUndefined();
  expect(bodyFromContent('plain')).toBe('plain');
  // Chrome's native browser namespace (Chromium 156) resolves an object.
  expect(bodyFromContent({ content: '{"a":1}', encoding: '' })).toBe('{"a":1}');
  expect(
    bodyFromContent({ content: Buffer.from('hé').toString('base64'), encoding: 'base64' }),
  ).toBe('hé');
});

test('a record is matched to its DevTools entry by method, status, URL and closest time', () => {
  const view = capturedView({ request: { url: 'https://api.example.test/resource' } });
  const context = createContext();
  const far = exchangeFromDevtools(
    devtoolsEntry('https://api.example.test/resource', 401, DEFAULT_TEST_TIME + 60_000),
    0,
  );
  const near = exchangeFromDevtools(
    devtoolsEntry('https://api.example.test/resource', 401, DEFAULT_TEST_TIME + 40),
    1,
  );
  const other = exchangeFromDevtools(
    devtoolsEntry('https://api.example.test/other', 401, DEFAULT_TEST_TIME),
    2,
  );
  if (!far || !near || !other) throw new Error('entries');
  const entries = [far, near, other].map((e, i) => seeEntry(context, e, `d${i}`));
  expect(matchEntry(view, entries, new Set())?.key).toBe('d1');
  expect(matchEntry(view, entries, new Set(['d1']))).toBeUndefined();
});

test('the entry enriches the record: raw exchange for decoding, and what the body adds is ranked in', () => {
  const view = capturedView({
    request: {
      url: 'https://api.example.test/resource',
      headers: headers({ Authorization: 'Bearer opaque-token-0123456789abcdef' }),
    },
  });
  const exchange = exchangeFromDevtools(
    devtoolsEntry('https://api.example.test/resource', 401, DEFAULT_TEST_TIME, {
      Authorization: 'Bearer opaque-token-0123456789abcdef',
    }),
    0,
  );
  if (!exchange) throw new Error('entry');
  expect(exchange.source).toBe('devtools');
  exchange.response.body = '{"error":"invalid_token","error_description":"The token was revoked"}';
  const entry = seeEntry(createContext(), exchange, 'd0');
  const [enriched] = enrichViews([view], [entry]);
  expect(enriched?.source).toBe('devtools');
  expect(enriched?.exchange).toBe(exchange);
  const ids = enriched?.diagnoses.map((d) => d.id) ?? [];
  for (const id of view.diagnoses.map((d) => d.id)) expect(ids).toContain(id);
  expect(ids).toContain('invalid-token');
  expect(enriched?.failure?.challenges[0]?.scheme).toBe('Bearer');
  // Unmatched records are left as they are.
  expect(enrichViews([view], [])[0]).toBe(view);
});

test('a failed entry keeps its request body (postData.text) for the replay editor; successes keep none', () => {
  const view = capturedView({
    request: {
      url: 'https://api.example.test/resource',
      headers: headers({ Authorization: 'Bearer opaque-token-0123456789abcdef' }),
    },
  });
  const raw = devtoolsEntry('https://api.example.test/resource', 401, DEFAULT_TEST_TIME, {
    Authorization: 'Bearer opaque-token-0123456789abcdef',
  });
  const entry = { ...raw, request: { ...raw.request, postData: { text: 'q=1&password=pw-0123' } } };
  const exchange = exchangeFromDevtools(entry, 0);
  if (!exchange) throw new Error('entry');
  const seen = seeEntry(createContext(), exchange, 'd0', undefined, harRequestBody(entry));
  expect(seen.requestBody).toBe('q=1&password=pw-0123');
  const [enriched] = enrichViews([view], [seen]);
  expect(enriched?.requestBody).toBe('q=1&password=pw-0123');
  // A success is not a failure: its body is not kept.
  const ok = exchangeFromDevtools(
    { ...entry, response: { ...entry.response, status: 200, headers: [] } },
    1,
  );
  if (!ok) throw new Error('entry');
  expect(seeEntry(createContext(), ok, 'd1', undefined, 'body').requestBody).toBeUndefined();
});

test("the flow with DevTools open: the entry's steps up to the failure, then the refresh and retry the background followed", () => {
  const step = (kind: FlowStep['kind'], status: number, note?: string, current = false) => ({
    kind,
    time: 0,
    method: 'GET',
    url: 'https://app.example.test/x',
    status,
    ...(note ? { note } : {}),
    ...(current ? { current: true as const } : {}),
  });
  // The background saw no bodies; DevTools did (the code exchange's error is named).
  const recorded = [
    step('token', 200, 'authorization_code → 200'),
    step('failure', 401, 'invalid-token', true),
    step('token', 200, 'refresh_token → 200'),
    step('api', 200),
  ];
  const fromDevtools = [
    step('token', 200, 'authorization_code → 200 (body read)'),
    step('failure', 401, 'invalid-token', true),
  ];
  expect(flowWithFollowUp(recorded, fromDevtools)?.map((s) => s.note ?? s.kind)).toEqual([
    'authorization_code → 200 (body read)',
    'invalid-token',
    'refresh_token → 200',
    'api',
  ]);
  // Nothing followed: the entry's flow as it is; no entry flow: the record's.
  expect(flowWithFollowUp(recorded.slice(0, 2), fromDevtools)).toEqual(fromDevtools);
  expect(flowWithFollowUp(recorded, undefined)).toEqual(recorded);
  expect(flowWithFollowUp(undefined, undefined)).toBeUndefined();
});
