import { describe, expect, test } from 'vitest';
import { createNotifyPlanner, ENDPOINT_WINDOW_MS } from '../../src/background/notify-plan';
import type { DiagnosisId } from '../../src/core/diagnosis-kinds';
import { endpointOf } from '../../src/core/url-parts';
import { fakeDiagnosis, fakeFailure } from '../support/fake-failure';

const record = (path: string, id: DiagnosisId = 'jwt-expired', tabId = 1) =>
  fakeFailure({
    tabId,
    url: `https://api.example.test${path}?n=${Math.random()}`,
    type: 'fetch',
    diagnoses: [fakeDiagnosis({ id })],
  });

describe('notification plan', () => {
  test('an endpoint is method, host and path, without the query', () => {
    expect(endpointOf('GET', record('/items').url)).toBe('GET api.example.test/items');
  });

  test('one failure: one notification naming the endpoint and the top diagnosis', () => {
    const planned = createNotifyPlanner().plan([record('/items')], 0);
    expect(planned).toEqual({
      tabId: 1,
      title: '401 Doctor: 401 GET api.example.test/items',
      message: 'The token had expired when the request was sent',
      count: 1,
    });
  });

  test('a burst is grouped into one notification, repeats counted per endpoint', () => {
    const burst = [record('/a'), record('/b', 'no-credentials'), record('/a')];
    const planned = createNotifyPlanner().plan(burst, 0);
    expect(planned?.title).toBe('401 Doctor: 3 auth failures');
    expect(planned?.message.split('\n')).toEqual([
      '401 GET api.example.test/a (×2): The token had expired when the request was sent',
      '401 GET api.example.test/b: The request carried no credentials',
    ]);
  });

  test('at most one notification per endpoint per minute; what was held back is counted next time', () => {
    const planner = createNotifyPlanner();
    expect(planner.plan([record('/a')], 0)).toBeDefined();
    expect(planner.plan([record('/a')], 10_000)).toBeUndefined();
    expect(planner.plan([record('/a')], 30_000)).toBeUndefined();
    // Another endpoint is not held back.
    expect(planner.plan([record('/b')], 30_000)?.count).toBe(1);
    const later = planner.plan([record('/a')], ENDPOINT_WINDOW_MS + 1);
    expect(later?.count).toBe(3);
  });

  test('many endpoints at once: the first four, then how many more', () => {
    const burst = ['/1', '/2', '/3', '/4', '/5', '/6'].map((p) => record(p));
    const lines = createNotifyPlanner().plan(burst, 0)?.message.split('\n') ?? [];
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('… and 2 more endpoints');
  });
});
