import { expect, test } from 'vitest';
import { viewsOfTabs } from '../../src/ui/use-stored-failures';
import { fakeFailure } from '../support/fake-failure';

const record = (id: string, tabId: number, time: number) =>
  fakeFailure({ id, tabId, time, url: `https://example.test/${id}` });

test("every tab's stored failures as views, newest first, each key unique", () => {
  const views = viewsOfTabs([
    { tabId: 1, sinceNavigation: 2, failures: [record('a', 1, 10), record('b', 1, 30)] },
    { tabId: 2, sinceNavigation: 1, failures: [record('a', 2, 20)] },
  ]);
  expect(views.map((v) => [v.tabId, v.url, v.source])).toEqual([
    [1, 'https://example.test/b', 'capture'],
    [2, 'https://example.test/a', 'capture'],
    [1, 'https://example.test/a', 'capture'],
  ]);
  expect(new Set(views.map((v) => v.key)).size).toBe(3);
  // A stored record has no exchange and no raw value.
  expect(views.every((v) => v.exchange === undefined)).toBe(true);
});
