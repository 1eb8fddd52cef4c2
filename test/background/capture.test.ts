import { describe, expect, test } from 'vitest';
import { createCapture } from '../../src/background/capture';
import type { FailureRecord } from '../../src/background/store';

function setup(statuses?: ReadonlySet<number>) {
  const failures: FailureRecord[] = [];
  const navigations: number[] = [];
  const capture = createCapture(
    {
      onFailure: (record) => failures.push(record),
      onNavigation: (tabId) => navigations.push(tabId),
    },
    statuses,
  );
  return { capture, failures, navigations };
}

const sent = (requestId: string, headers: { name: string; value?: string }[] = [], extra = {}) => ({
  requestId,
  tabId: 3,
  type: 'xmlhttprequest' as const,
  timeStamp: 1000,
  url: `https://api.example.test/${requestId}`,
  requestHeaders: headers,
  ...extra,
});
const completed = (requestId: string, statusCode: number, extra = {}) => ({
  requestId,
  tabId: 3,
  type: 'xmlhttprequest' as const,
  timeStamp: 1250,
  url: `https://api.example.test/${requestId}`,
  method: 'GET',
  statusCode,
  ...extra,
});

describe('capture of webRequest events', () => {
  test('records a 401 and a 407 with what the request carried and when it was sent', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('a', [{ name: 'Authorization', value: 'Bearer x' }]));
    capture.onCompleted(completed('a', 401));
    capture.onSendHeaders(sent('b', [{ name: 'Proxy-Authorization', value: 'Basic eA==' }]));
    capture.onCompleted(completed('b', 407));
    expect(failures).toEqual([
      expect.objectContaining({
        url: 'https://api.example.test/a',
        status: 401,
        time: 1000,
        carried: ['authorization'],
      }),
      expect.objectContaining({ status: 407, carried: ['proxy-authorization'] }),
    ]);
    expect(capture.inFlightCount).toBe(0);
  });

  test('a successful request, a 403 or a 500 is not a failure by default', () => {
    const { capture, failures } = setup();
    for (const [id, status] of [
      ['ok', 200],
      ['forbidden', 403],
      ['error', 500],
      ['redirect', 302],
    ] as const) {
      capture.onSendHeaders(sent(id));
      capture.onCompleted(completed(id, status));
    }
    expect(failures).toEqual([]);
  });

  test('403 is captured when the statuses include it', () => {
    const { capture, failures } = setup(new Set([401, 403, 407]));
    capture.onSendHeaders(sent('f'));
    capture.onCompleted(completed('f', 403));
    expect(failures.map((f) => f.status)).toEqual([403]);
  });

  test('keeps the last hop of a redirected request (same requestId)', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('r', [{ name: 'Authorization', value: 'Bearer x' }]));
    capture.onSendHeaders(sent('r', [], { timeStamp: 1100 }));
    capture.onCompleted(completed('r', 401));
    expect(failures[0]).toMatchObject({ carried: [], time: 1100 });
  });

  test('forgets requests that end in a network error', () => {
    const { capture, failures } = setup();
    capture.onSendHeaders(sent('e'));
    capture.onErrorOccurred({ requestId: 'e' });
    expect(capture.inFlightCount).toBe(0);
    expect(failures).toEqual([]);
  });

  test('a failure whose send event was missed (worker just started) is still recorded', () => {
    const { capture, failures } = setup();
    capture.onCompleted(completed('late', 401, { url: 'https://api.example.test/x?api_key=k' }));
    expect(failures[0]).toMatchObject({ time: 1250, carried: ['api-key'] });
  });

  test('a top-level document load is a navigation of its tab', () => {
    const { capture, navigations } = setup();
    capture.onSendHeaders(sent('doc', [], { type: 'main_frame', tabId: 8 }));
    capture.onSendHeaders(sent('frame', [], { type: 'sub_frame', tabId: 8 }));
    capture.onSendHeaders(sent('bg', [], { type: 'main_frame', tabId: -1 }));
    expect(navigations).toEqual([8]);
  });

  test('in-flight bookkeeping stays bounded when requests never finish', () => {
    const { capture } = setup();
    for (let i = 0; i < 6000; i++) capture.onSendHeaders(sent(`n${i}`));
    expect(capture.inFlightCount).toBeLessThanOrEqual(5000);
  });
});
