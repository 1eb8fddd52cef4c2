// The flow view after a failure in the extension: the background keeps following a stored
// failure's OAuth flow (the refresh, then the retry) for a bounded number of later exchanges and
// time, and rewrites the stored record so the panel and the report page show the chain going on.
// Driven through startBackground with webRequest events as the browser sends them.
import { beforeEach, describe, expect, test } from 'vitest';
import { FLOW_FOLLOW_EXCHANGES } from '../../src/background/diagnosis';
import { startBackground } from '../../src/background/start';
import type { FlowStep } from '../../src/core/oauth/flow';
import { readTabs } from '../../src/storage/failures';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';
import { until } from '../support/until';

let fake: FakeNativeBrowser;
beforeEach(() => {
  fake = fakeNativeBrowser();
});

const TAB = 7;
const ORIGIN = 'https://app.example.test';
const TOKEN_URL = 'https://id.example.test/oauth/token';
const ACCESS_ONE = 'at-one-0123456789abcdefghijklmnop';
const ACCESS_TWO = 'at-two-0123456789abcdefghijklmnop';
const REFRESH = 'rt-one-0123456789abcdefghijklmnop';
const T0 = Date.UTC(2026, 0, 1, 12);

let nextId = 0;
/** One request through webRequest: its form body (token requests), sent, completed. */
function request(
  url: string,
  statusCode: number,
  time: number,
  options: {
    method?: string;
    headers?: Record<string, string>;
    responseHeaders?: Record<string, string>;
    form?: Record<string, string>;
  } = {},
): void {
  const requestId = `f${++nextId}`;
  const method = options.method ?? (options.form ? 'POST' : 'GET');
  const list = (headers: Record<string, string> = {}) =>
    Object.entries(headers).map(([name, value]) => ({ name, value }));
  if (options.form)
    fake.browser.webRequest.onBeforeRequest.fire({
      requestId,
      method,
      url,
      requestBody: {
        formData: Object.fromEntries(Object.entries(options.form).map(([k, v]) => [k, [v]])),
      },
    });
  const base = { requestId, tabId: TAB, type: 'xmlhttprequest', method, url };
  fake.browser.webRequest.onSendHeaders.fire({
    ...base,
    timeStamp: time,
    requestHeaders: list(options.headers),
  });
  fake.browser.webRequest.onCompleted.fire({
    ...base,
    statusCode,
    timeStamp: time + 5,
    responseHeaders: list(options.responseHeaders),
  });
}

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
const expired = {
  responseHeaders: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
};

/** Signs in (discovery, code exchange, a first API call), then the API call that fails. */
async function signInThenFail(): Promise<void> {
  request(`${ORIGIN}/.well-known/openid-configuration`, 200, T0);
  request(TOKEN_URL, 200, T0 + 100, {
    form: { grant_type: 'authorization_code', code: 'code-0123456789abcdef', client_id: 'spa' },
  });
  request(`${ORIGIN}/api/me`, 200, T0 + 200, bearer(ACCESS_ONE));
  request(`${ORIGIN}/api/me`, 401, T0 + 300_000, { ...bearer(ACCESS_ONE), ...expired });
  // The refresh goes out once the page saw the 401: the record is stored by then.
  await until(async () => (await flowOf(0)) !== undefined);
}

const refresh = (status: number, time: number) =>
  request(TOKEN_URL, status, time, {
    form: { grant_type: 'refresh_token', refresh_token: REFRESH, client_id: 'spa' },
  });

async function flowOf(index: number): Promise<FlowStep[] | undefined> {
  const [tab] = await readTabs(fake.browser.storage.session, TAB);
  return tab?.failures[index]?.flow;
}

const shape = (flow: FlowStep[] | undefined) =>
  (flow ?? []).map((s) => `${s.kind}${s.current ? '*' : ''}:${s.status}`);

/** Lets the background handle what was fired and write what it changed. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('the stored failure follows its OAuth flow: refresh, then retry', () => {
  test('refresh → 200, retry → 200: the record shows both after the failure', async () => {
    startBackground(fake.browser);
    await signInThenFail();
    expect(shape(await flowOf(0))).toEqual([
      'discovery:200',
      'token:200',
      'api:200',
      'failure*:401',
    ]);
    refresh(200, T0 + 300_500);
    request(`${ORIGIN}/api/me`, 200, T0 + 301_000, bearer(ACCESS_TWO));
    await until(async () => ((await flowOf(0)) ?? []).length === 6);
    const flow = await flowOf(0);
    expect(shape(flow)).toEqual([
      'discovery:200',
      'token:200',
      'api:200',
      'failure*:401',
      'token:200',
      'api:200',
    ]);
    expect(flow?.[4]?.note).toBe('refresh_token → 200');
    // Masked, as the rest of the flow: no token or refresh token value reaches storage.
    const stored = JSON.stringify([...fake.browser.storage.session.data]);
    for (const secret of [REFRESH, ACCESS_ONE, ACCESS_TWO]) expect(stored).not.toContain(secret);
    // A later API call is not part of this failure's flow: it was closed by the retry.
    request(`${ORIGIN}/api/me`, 200, T0 + 302_000, bearer(ACCESS_TWO));
    await settle();
    expect(shape(await flowOf(0))).toHaveLength(6);
  });

  test('refresh → 400, retry → 401: the refused refresh and the failed retry follow it', async () => {
    startBackground(fake.browser);
    await signInThenFail();
    refresh(400, T0 + 300_500);
    // The retry sends the token it still has, and fails again: a record of its own.
    request(`${ORIGIN}/api/me`, 401, T0 + 301_000, { ...bearer(ACCESS_ONE), ...expired });
    await until(async () => ((await flowOf(0)) ?? []).length === 6);
    expect(shape(await flowOf(0))).toEqual([
      'discovery:200',
      'token:200',
      'api:200',
      'failure*:401',
      'token:400',
      'failure:401',
    ]);
    expect((await flowOf(0))?.[4]?.note).toBe('refresh_token → 400');
    // The retry's own record has its flow up to it, the first failure and the refresh included.
    await until(async () => (await flowOf(1)) !== undefined);
    expect(shape(await flowOf(1)).slice(-3)).toEqual(['failure:401', 'token:400', 'failure*:401']);
  });

  test('the refresh shows as soon as it is seen, before the retry', async () => {
    startBackground(fake.browser);
    await signInThenFail();
    refresh(200, T0 + 300_500);
    await until(async () => ((await flowOf(0)) ?? []).length === 5);
    expect(shape(await flowOf(0)).at(-1)).toBe('token:200');
  });
});

test('a refresh and retry handled in the same task as the failure still reach its record', async () => {
  // The tab's context is read from storage first (its first request, or after a worker
  // restart): every exchange waits on that one read, and the failure's record is added only
  // after the later ones were handled.
  startBackground(fake.browser);
  request(`${ORIGIN}/.well-known/openid-configuration`, 200, T0);
  request(TOKEN_URL, 200, T0 + 100, {
    form: { grant_type: 'authorization_code', code: 'code-0123456789abcdef', client_id: 'spa' },
  });
  request(`${ORIGIN}/api/me`, 401, T0 + 300_000, { ...bearer(ACCESS_ONE), ...expired });
  refresh(200, T0 + 300_500);
  request(`${ORIGIN}/api/me`, 200, T0 + 301_000, bearer(ACCESS_TWO));
  await until(async () => ((await flowOf(0)) ?? []).length === 5);
  expect(shape(await flowOf(0))).toEqual([
    'discovery:200',
    'token:200',
    'failure*:401',
    'token:200',
    'api:200',
  ]);
});

describe('following is bounded', () => {
  /** Requests of the tab that the capture passes on (they carry a cookie) but are no OAuth step. */
  function unrelated(count: number, from: number): void {
    for (let i = 0; i < count; i++)
      request(`https://cdn.example.test/asset/${i}`, 200, from + i, {
        headers: { Cookie: 'theme=dark' },
      });
  }

  test(`after ${FLOW_FOLLOW_EXCHANGES} later exchanges, the refresh and retry are not added`, async () => {
    startBackground(fake.browser);
    await signInThenFail();
    unrelated(FLOW_FOLLOW_EXCHANGES, T0 + 300_100);
    refresh(200, T0 + 300_500);
    request(`${ORIGIN}/api/me`, 200, T0 + 301_000, bearer(ACCESS_TWO));
    await settle();
    expect(shape(await flowOf(0)).at(-1)).toBe('failure*:401');
  });

  test('one exchange fewer: still followed', async () => {
    startBackground(fake.browser);
    await signInThenFail();
    // The refresh is the last exchange within the budget.
    unrelated(FLOW_FOLLOW_EXCHANGES - 1, T0 + 300_100);
    refresh(200, T0 + 300_500);
    await until(async () => ((await flowOf(0)) ?? []).length === 5);
    expect(shape(await flowOf(0)).at(-1)).toBe('token:200');
  });

  test('a refresh more than two minutes after the failure is not its refresh', async () => {
    startBackground(fake.browser);
    await signInThenFail();
    refresh(200, T0 + 300_000 + 121_000);
    request(`${ORIGIN}/api/me`, 200, T0 + 300_000 + 122_000, bearer(ACCESS_TWO));
    await settle();
    expect(shape(await flowOf(0)).at(-1)).toBe('failure*:401');
  });
});
