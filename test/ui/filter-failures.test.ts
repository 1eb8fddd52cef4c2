import { expect, test } from 'vitest';
import { facetsOf, filterFailures, NO_FILTER } from '../../src/ui/filter-failures';
import { headers } from '../support/exchange';
import { harView } from './views';

const views = [
  harView({ request: { url: 'https://a.example.test/one' } }, 0),
  harView(
    {
      request: {
        url: 'https://b.example.test/two',
        headers: headers({ Authorization: 'Bearer undefined' }),
      },
    },
    1,
  ),
  harView(
    {
      request: { url: 'https://proxy.example.test/three' },
      response: { status: 407, headers: headers({ 'Proxy-Authenticate': 'Basic realm="proxy"' }) },
    },
    2,
  ),
];
const keys = (list: typeof views) => list.map((v) => v.index);

test('no filter: every failure, in order', () => {
  expect(keys(filterFailures(views, NO_FILTER))).toEqual([0, 1, 2]);
});

test('by status, host, diagnosis id and text; filters combine', () => {
  expect(keys(filterFailures(views, { ...NO_FILTER, status: '407' }))).toEqual([2]);
  expect(keys(filterFailures(views, { ...NO_FILTER, host: 'b.example.test' }))).toEqual([1]);
  expect(keys(filterFailures(views, { ...NO_FILTER, diagnosis: 'placeholder-token' }))).toEqual([
    1,
  ]);
  expect(keys(filterFailures(views, { ...NO_FILTER, diagnosis: 'no-credentials' }))).toContain(0);
  // Text: words in any order, case-insensitive, over method, URL, status, ids and titles.
  expect(keys(filterFailures(views, { ...NO_FILTER, text: 'THREE get' }))).toEqual([2]);
  expect(keys(filterFailures(views, { ...NO_FILTER, text: 'placeholder' }))).toEqual([1]);
  expect(
    keys(filterFailures(views, { ...NO_FILTER, status: '401', host: 'proxy.example.test' })),
  ).toEqual([]);
});

test('facets: the statuses, hosts and diagnosis ids present, sorted', () => {
  const facets = facetsOf(views);
  expect(facets.statuses).toEqual(['401', '407']);
  expect(facets.hosts).toEqual(['a.example.test', 'b.example.test', 'proxy.example.test']);
  expect(facets.diagnoses).toContain('placeholder-token');
  expect(facets.diagnoses).toContain('proxy-auth-required');
});

test('10 000 views filter in well under a frame budget per keystroke after the first pass', () => {
  const many = Array.from({ length: 10_000 }, (_, i) => ({
    ...views[i % 3],
    key: String(i),
    index: i,
  })) as typeof views;
  filterFailures(many, { ...NO_FILTER, text: 'warm' });
  const started = performance.now();
  const found = filterFailures(many, { ...NO_FILTER, text: 'three' });
  expect(found.length).toBeGreaterThan(3000);
  expect(performance.now() - started).toBeLessThan(200);
});
