// Property: whatever secrets a HAR holds, wherever and however they were copied, sanitizeHar
// leaves no copy of any of them, keeps every entry and everything that is not a secret, and the
// sanitized file analyses to the same diagnoses.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeHar } from '../../../src/core/har/analyze-har';
import { sanitizeHar } from '../../../src/core/har/sanitize-har';

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const alnum = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${min},${max}}$`));

/** A secret value of one kind, always with letters and digits (what real ones look like). */
type Kind =
  | 'bearer-jwt'
  | 'bearer-opaque'
  | 'basic'
  | 'cookie'
  | 'api-key-header'
  | 'github-token'
  | 'stripe-key'
  | 'slack-token'
  | 'aws-key'
  | 'query-password'
  | 'query-client-secret'
  | 'form-password'
  | 'json-refresh-token'
  | 'issued-access-token'
  | 'set-cookie';

const KINDS: Kind[] = [
  'bearer-jwt',
  'bearer-opaque',
  'basic',
  'cookie',
  'api-key-header',
  'github-token',
  'stripe-key',
  'slack-token',
  'aws-key',
  'query-password',
  'query-client-secret',
  'form-password',
  'json-refresh-token',
  'issued-access-token',
  'set-cookie',
];

/** Where a copy of the secret is planted, and how it is encoded there. */
type Place =
  | 'response-body'
  | 'response-body-base64'
  | 'request-body'
  | 'redirect-url'
  | 'location'
  | 'referer'
  | 'websocket'
  | 'page-title'
  | 'comment'
  | 'initiator'
  | 'custom-header';
const PLACES: Place[] = [
  'response-body',
  'response-body-base64',
  'request-body',
  'redirect-url',
  'location',
  'referer',
  'websocket',
  'page-title',
  'comment',
  'initiator',
  'custom-header',
];
type Encoding = 'raw' | 'url' | 'form' | 'json';
const ENCODINGS: Encoding[] = ['raw', 'url', 'form', 'json'];

function encode(value: string, encoding: Encoding): string {
  if (encoding === 'url') return encodeURIComponent(value);
  if (encoding === 'form') return encodeURIComponent(value).replace(/%20/g, '+');
  if (encoding === 'json') return JSON.stringify(value).slice(1, -1);
  return value;
}

interface Planted {
  kind: Kind;
  /** The secret as it is (for Basic: the password; its base64 is checked too). */
  value: string;
  copies: Array<{ place: Place; encoding: Encoding }>;
}

const secretOf = (kind: Kind): fc.Arbitrary<string> => {
  switch (kind) {
    case 'bearer-jwt':
      return alnum(20, 40).map(
        (sig) =>
          `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"alice","exp":1767222000}')}.${sig}Q7`,
      );
    case 'github-token':
      return alnum(36, 36).map((s) => `ghp_${s}`);
    case 'stripe-key':
      return alnum(24, 30).map((s) => `sk_live_${s}`);
    case 'slack-token':
      return alnum(16, 30).map((s) => `xoxb-1234-${s}`);
    case 'aws-key':
      return fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`);
    case 'query-password':
    case 'form-password':
    case 'basic':
      // Passwords with the characters that every encoding changes.
      return alnum(6, 14).map((s) => `p@ss w0rd/${s}+&="9`);
    default:
      return alnum(12, 30).map((s) => `${s}-9x`);
  }
};

const planted: fc.Arbitrary<Planted[]> = fc
  .uniqueArray(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 6 })
  .chain((kinds) =>
    fc.tuple(
      ...kinds.map((kind) =>
        fc.record({
          kind: fc.constant(kind),
          value: secretOf(kind),
          copies: fc.array(
            fc.record({
              place: fc.constantFrom(...PLACES),
              encoding: fc.constantFrom(...ENCODINGS),
            }),
            { maxLength: 4 },
          ),
        }),
      ),
    ),
  );

const KEEP = ['keep-me-alpha', 'keep-me-bravo', 'keep-me-charlie'];

/** A HAR: a login exchange that names every planted secret, then a 401, copies everywhere. */
function harWith(secrets: Planted[]) {
  const loginHeaders: Array<{ name: string; value: string }> = [
    { name: 'X-Note', value: KEEP[0] as string },
  ];
  const apiHeaders: Array<{ name: string; value: string }> = [];
  const query: string[] = ['page=2'];
  const form: string[] = ['grant_type=password', 'username=alice'];
  const requestJson: Record<string, string> = { note: KEEP[1] as string };
  const issued: Record<string, string> = { token_type: 'Bearer' };
  const setCookies: string[] = [];
  for (const { kind, value } of secrets) {
    if (kind === 'bearer-jwt' || kind === 'bearer-opaque')
      apiHeaders.push({ name: 'Authorization', value: `Bearer ${value}` });
    else if (kind === 'basic')
      apiHeaders.push({
        name: 'Authorization',
        value: `Basic ${Buffer.from(`alice:${value}`).toString('base64')}`,
      });
    else if (kind === 'cookie')
      apiHeaders.push({ name: 'Cookie', value: `sid=${value}; theme=dark` });
    else if (kind === 'api-key-header') apiHeaders.push({ name: 'X-API-Key', value });
    else if (kind === 'github-token' || kind === 'slack-token')
      apiHeaders.push({ name: 'X-Forwarded-Credential', value });
    else if (kind === 'stripe-key' || kind === 'aws-key')
      requestJson.description = `uses ${value} today`;
    else if (kind === 'query-password') query.push(`password=${encodeURIComponent(value)}`);
    else if (kind === 'query-client-secret')
      query.push(`client_secret=${encodeURIComponent(value)}`);
    else if (kind === 'form-password')
      form.push(`password=${encodeURIComponent(value).replace(/%20/g, '+')}`);
    else if (kind === 'json-refresh-token') requestJson.refresh_token = value;
    else if (kind === 'issued-access-token') issued.access_token = value;
    else if (kind === 'set-cookie') setCookies.push(`session=${value}; Path=/; HttpOnly`);
  }
  const copies = (place: Place) =>
    secrets.flatMap(({ kind, value, copies: list }) =>
      list
        .filter((c) => c.place === place)
        .map((c) => encode(kind === 'basic' ? value : value, c.encoding)),
    );
  const echo = (place: Place) => copies(place).join(' | ');
  const responseBody = JSON.stringify({
    error: 'invalid_token',
    echo: `${KEEP[2]} ${copies('response-body').join(' ')}`,
  });
  const base64Body = Buffer.from(
    `debug: ${copies('response-body-base64').join(' ')} ${KEEP[2]}`,
  ).toString('base64');
  const entry = (overrides: Record<string, unknown>) => ({
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 10,
    cache: {},
    timings: { send: 0, wait: 10, receive: 0 },
    ...overrides,
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'Playwright', version: '1.0' },
      comment: `log ${echo('comment')}`,
      pages: [
        {
          id: 'page_1',
          title: `Page ${echo('page-title')}`,
          startedDateTime: '2026-01-01T00:00:00.000Z',
          pageTimings: {},
        },
      ],
      entries: [
        entry({
          pageref: 'page_1',
          comment: `entry ${echo('comment')}`,
          _initiator: {
            type: 'script',
            stack: {
              callFrames: [
                { functionName: 'login', url: `https://app.test/app.js?${echo('initiator')}` },
              ],
            },
          },
          request: {
            method: 'POST',
            url: `https://auth.test/token?${query.join('&')}`,
            httpVersion: 'HTTP/1.1',
            headers: [
              ...loginHeaders,
              { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
            ],
            cookies: [],
            queryString: [],
            postData: { mimeType: 'application/x-www-form-urlencoded', text: form.join('&') },
            headersSize: -1,
            bodySize: -1,
          },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/1.1',
            headers: [
              { name: 'Content-Type', value: 'application/json' },
              ...setCookies.map((value) => ({ name: 'Set-Cookie', value })),
            ],
            cookies: [],
            content: { size: 0, mimeType: 'application/json', text: JSON.stringify(issued) },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
        }),
        entry({
          pageref: 'page_1',
          request: {
            method: 'POST',
            url: 'https://api.test/orders',
            httpVersion: 'HTTP/1.1',
            headers: [
              ...apiHeaders,
              { name: 'Content-Type', value: 'application/json' },
              { name: 'Referer', value: `https://app.test/orders?from=${echo('referer')}` },
              { name: 'X-Debug', value: `${KEEP[0]} ${echo('custom-header')}` },
            ],
            cookies: [],
            queryString: [],
            postData: {
              mimeType: 'application/json',
              text: JSON.stringify({ ...requestJson, echo: copies('request-body').join(' ') }),
            },
            headersSize: -1,
            bodySize: -1,
          },
          response: {
            status: 401,
            statusText: 'Unauthorized',
            httpVersion: 'HTTP/1.1',
            headers: [
              { name: 'WWW-Authenticate', value: 'Bearer realm="api", error="invalid_token"' },
              { name: 'Content-Type', value: 'application/json' },
              { name: 'Location', value: `https://app.test/login?next=${echo('location')}` },
            ],
            cookies: [],
            content: { size: 0, mimeType: 'application/json', text: responseBody },
            redirectURL: `https://app.test/again?r=${echo('redirect-url')}`,
            headersSize: -1,
            bodySize: -1,
          },
          _webSocketMessages: [
            { type: 'receive', time: 1, opcode: 1, data: `hello ${echo('websocket')}` },
          ],
        }),
        entry({
          request: {
            method: 'GET',
            url: 'https://api.test/b64',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            queryString: [],
            headersSize: -1,
            bodySize: -1,
          },
          response: {
            status: 200,
            statusText: 'OK',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            content: { size: 0, mimeType: 'text/plain', encoding: 'base64', text: base64Body },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
        }),
      ],
    },
  };
}

/** Every string of a value, base64 content decoded too. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (record.encoding === 'base64' && typeof record.text === 'string')
      out.push(Buffer.from(record.text, 'base64').toString('utf8'));
    for (const key of Object.keys(record)) strings(record[key], out);
  }
  return out;
}

/** What must not survive: each secret in every encoding (and Basic's base64 of user:password). */
function forbidden(secret: Planted): string[] {
  const forms = ENCODINGS.map((e) => encode(secret.value, e));
  if (secret.kind === 'basic') forms.push(Buffer.from(`alice:${secret.value}`).toString('base64'));
  if (secret.kind === 'bearer-jwt') forms.push(secret.value.split('.')[2] as string);
  return forms;
}

const idsOf = (har: unknown) => {
  const analysis = analyzeHar(har);
  if (!analysis.ok) throw new Error(analysis.error);
  return analysis.report.failures.map((f) => f.diagnoses.map((d) => d.id));
};

describe('sanitizeHar: properties', () => {
  it('no planted secret survives, in any place or encoding; entries, other content and diagnoses stay', () => {
    fc.assert(
      fc.property(planted, (secrets) => {
        const har = harWith(secrets);
        const result = sanitizeHar(har);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const all = strings(result.har);
        for (const secret of secrets)
          for (const form of forbidden(secret))
            for (const text of all)
              expect(text.includes(form), `${secret.kind} ${form} in ${text}`).toBe(false);
        expect(result.har.log.entries.length).toBe(har.log.entries.length);
        const joined = all.join('\n');
        for (const keep of KEEP) expect(joined).toContain(keep);
        expect(joined).toContain('https://api.test/orders');
        expect(idsOf(result.har)).toEqual(idsOf(har));
        // Sanitizing again changes nothing: the output holds no secret any more.
        const again = sanitizeHar(result.har);
        expect(again.ok && again.masked).toBe(0);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 80) },
    );
  }, 60_000);
});
