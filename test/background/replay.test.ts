// The background's side of a replay: the capture leaves the extension's own requests and an
// expected page replay to the page that sends it; the store lists a replay without counting it
// on the badge; a replay that succeeded is listed too.
import { beforeEach, describe, expect, test } from 'vitest';
import { createCapture } from '../../src/background/capture';
import { replayRecord } from '../../src/background/diagnosis';
import { takeExpectedReplay } from '../../src/background/start';
import { createStore } from '../../src/background/store';
import { diagnoseCompact } from '../../src/core/engine';
import type { Exchange } from '../../src/core/exchange';
import { readTabs } from '../../src/storage/failures';
import { createExchange } from '../support/exchange';
import { fakeFailure, resetFakeFailures } from '../support/fake-failure';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let browser: FakeNativeBrowser['browser'];
beforeEach(() => {
  browser = fakeNativeBrowser().browser;
  resetFakeFailures();
});

describe('capture', () => {
  test("requests made by the extension's own pages are not the tab's", () => {
    const seen: string[] = [];
    const capture = createCapture(
      { onExchange: (_t, exchange) => seen.push(exchange.request.url), onNavigation: () => {} },
      undefined,
      { ownOrigin: 'chrome-extension://abc' },
    );
    for (const [id, initiator] of [
      ['own', 'chrome-extension://abc'],
      ['page', 'https://app.example.test'],
    ] as const) {
      const url = `https://api.example.test/${id}`;
      capture.onSendHeaders({
        requestId: id,
        method: 'GET',
        tabId: 3,
        type: 'xmlhttprequest',
        timeStamp: 1,
        url,
        requestHeaders: [],
        initiator,
      });
      capture.onCompleted({
        requestId: id,
        tabId: 3,
        type: 'xmlhttprequest',
        timeStamp: 2,
        url,
        method: 'GET',
        statusCode: 401,
        statusLine: 'HTTP/1.1 401',
        responseHeaders: [],
        initiator,
      });
    }
    expect(seen).toEqual(['https://api.example.test/page']);
  });
});

describe('expected page replays', () => {
  const exchange = (method: string, url: string, tabId = 3): [number, Exchange] => [
    tabId,
    createExchange({ request: { method, url } }),
  ];

  test('the replay and its preflight are left to the page; other requests are not', () => {
    const expected = [{ tabId: 3, method: 'GET', url: 'https://api.test/a', until: 10_000 }];
    expect(takeExpectedReplay(expected, ...exchange('GET', 'https://api.test/b'), 0)).toBe(false);
    expect(takeExpectedReplay(expected, ...exchange('GET', 'https://api.test/a', 4), 0)).toBe(
      false,
    );
    expect(takeExpectedReplay(expected, ...exchange('OPTIONS', 'https://api.test/a'), 0)).toBe(
      true,
    );
    expect(takeExpectedReplay(expected, ...exchange('GET', 'https://api.test/a'), 0)).toBe(true);
    // Used up: the same request again is an ordinary one.
    expect(takeExpectedReplay(expected, ...exchange('GET', 'https://api.test/a'), 0)).toBe(false);
  });

  test('an expectation no request came for expires', () => {
    const expected = [{ tabId: 3, method: 'GET', url: 'https://api.test/a', until: 10 }];
    expect(takeExpectedReplay(expected, ...exchange('GET', 'https://api.test/a'), 11)).toBe(false);
    expect(expected).toEqual([]);
  });
});

describe('replay records', () => {
  test('a failed replay keeps its diagnosis; a fixed one its status; neither counts on the badge', async () => {
    const store = createStore(browser.storage.session);
    await store.add(fakeFailure({ tabId: 5 }));
    const failed = createExchange({
      request: { headers: [{ name: 'Authorization', value: 'Bearer undefined' }] },
    });
    const failure = diagnoseCompact(failed);
    const one = replayRecord(5, failed, failure, { of: 'capture:5:r1', mode: 'page' });
    const ok = createExchange({ response: { status: 200, time: 99 } });
    const two = replayRecord(5, ok, null, { of: 'capture:5:r1', mode: 'extension' });
    await store.add(one);
    const index = await store.add(two);
    expect(index.sinceNavigation).toBe(1);
    // The badge's window (the last sinceNavigation entries) is the captured failure only.
    expect(index.entries.slice(-index.sinceNavigation).map(([id]) => id)).toEqual(['r1']);
    const [tab] = await readTabs(browser.storage.session, 5);
    // Listed all three (pages order them by time).
    const listed = (tab?.failures ?? []).map((f) => [
      f.status,
      f.replay?.mode ?? null,
      f.diagnoses[0]?.id ?? null,
    ]);
    expect(listed).toHaveLength(3);
    expect(listed).toEqual(
      expect.arrayContaining([
        [401, null, null],
        [401, 'page', 'placeholder-token'],
        [200, 'extension', null],
      ]),
    );
  });
});
