import { expect, test } from 'vitest';
import { bodyText, challengeRows, cookieFacts, corsFacts } from '../../src/ui/request-facts';
import { originTimeline, timelineFromExchange, timelineFromView } from '../../src/ui/timeline';
import { headers } from '../support/exchange';
import { capturedView, harView } from './views';

test('the body is text: JSON pretty-printed, the request’s own secrets masked in it', () => {
  const view = harView({
    request: { headers: headers({ Authorization: 'Bearer opaque-token-0123456789abcdef' }) },
    response: { body: '{"error":"invalid_token","echo":"opaque-token-0123456789abcdef"}' },
  });
  const text = bodyText(view) ?? '';
  expect(text).toBe('{\n  "error": "invalid_token",\n  "echo": "opaq…cdef"\n}');
  expect(bodyText(harView({ response: { body: '<h1>401</h1>' } }))).toBe('<h1>401</h1>');
  expect(bodyText(capturedView({}))).toBeUndefined();
});

test('challenges as rows: header, scheme, parameters', () => {
  const view = harView({
    response: {
      headers: headers({
        'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", Basic realm="x"',
      }),
    },
  });
  expect(challengeRows(view)).toEqual([
    {
      header: 'WWW-Authenticate',
      scheme: 'Bearer',
      params: [
        ['realm', 'api'],
        ['error', 'invalid_token'],
      ],
    },
    { header: 'WWW-Authenticate', scheme: 'Basic', params: [['realm', 'x']] },
  ]);
  // A stored record does not keep the response headers: unknown, not "none".
  expect(challengeRows(capturedView({}))).toBeUndefined();
});

test('CORS and cookie facts: origins, what the server allowed, cookie names and attributes, no values', () => {
  const view = harView({
    request: {
      url: 'https://api.example.test/me',
      headers: headers({ Origin: 'https://app.example.test', Cookie: 'sid=s3cr3t-value' }),
    },
    response: {
      headers: headers({
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Credentials': 'true',
        'Set-Cookie': 'sid=new-s3cr3t; Path=/; Secure; HttpOnly; SameSite=None',
      }),
    },
  });
  const cors = corsFacts(view);
  expect(cors).toContain(
    'Cross-origin request: from https://app.example.test to https://api.example.test.',
  );
  expect(cors.some((fact) => fact.includes('"*" with credentials'))).toBe(true);
  const cookies = cookieFacts(view).join('\n');
  expect(cookies).toContain('Cookies sent: sid (values masked).');
  expect(cookies).toContain(
    'Response sets cookie sid: SameSite=None, Secure, HttpOnly, Path=/, session cookie.',
  );
  expect(cookies).not.toContain('s3cr3t');
  expect(cookieFacts(capturedView({}))).toEqual(['The request carried no cookie.']);
});

test('timeline: the origin’s requests around the failure, oldest first, credentials masked', () => {
  const at = (n: number) => Date.UTC(2026, 0, 1) + n * 1000;
  const ok = harView({
    request: {
      time: at(0),
      headers: headers({ Authorization: 'Bearer opaque-token-0123456789abcdef' }),
    },
    response: { status: 401 },
  });
  const exchange = ok.exchange;
  if (!exchange) throw new Error('no exchange');
  const entries = [
    timelineFromExchange({ ...exchange, response: { ...exchange.response, status: 200 } }, 'a'),
    timelineFromView(harView({ request: { time: at(5) } }, 1)),
    timelineFromView(harView({ request: { time: at(9), url: 'https://other.example.test/x' } }, 2)),
  ];
  const list = originTimeline(entries, 'https://api.example.test', at(5));
  expect(list.map((e) => e.status)).toEqual([200, 401]);
  expect(list[0]?.sent).toEqual(['Authorization header: Bearer opaq…cdef']);
  expect(list[1]?.sent).toEqual([]);
  expect(
    timelineFromView(capturedView({ request: { headers: headers({ Cookie: 'sid=x' }) } })).sent,
  ).toEqual(['Cookie']);
});
