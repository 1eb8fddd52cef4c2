import { expect, test } from 'vitest';
import { hostPath, statusText } from '../../src/ui/format';

test('host, path and query of a URL, readable', () => {
  expect(hostPath('https://api.example.test:8443/v1/items?page=2#top')).toBe(
    'api.example.test:8443/v1/items?page=2',
  );
  expect(hostPath('http://127.0.0.1/api/basic-wron%E2%80%A6?n=5')).toBe(
    '127.0.0.1/api/basic-wron…?n=5',
  );
  expect(hostPath('http://x.test/%E0%A4%A')).toBe('x.test/%E0%A4%A');
  expect(hostPath('not a url')).toBe('not a url');
});

test('status names', () => {
  expect([401, 407, 403, 500].map(statusText)).toEqual([
    'Unauthorized',
    'Proxy Authentication Required',
    'Forbidden',
    '',
  ]);
});
