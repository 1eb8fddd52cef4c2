import { expect, test } from 'vitest';
import { reportTabId } from '../../src/report/report-params';

test('?tab=<id> names one tab; no or a bad parameter means every tab', () => {
  expect(reportTabId('?tab=12')).toBe(12);
  expect(reportTabId('?tab=1573508979&x=1')).toBe(1573508979);
  expect(reportTabId('')).toBeUndefined();
  expect(reportTabId('?tab=')).toBeUndefined();
  expect(reportTabId('?tab=abc')).toBeUndefined();
  expect(reportTabId('?tab=1e3')).toBeUndefined();
});
