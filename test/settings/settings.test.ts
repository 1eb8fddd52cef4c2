import { describe, expect, test } from 'vitest';
import {
  capturedStatuses,
  DEFAULT_SETTINGS,
  isWatched,
  normalizeHosts,
  normalizeSettings,
} from '../../src/settings/settings';

describe('settings', () => {
  test('nothing stored gives the defaults: 401 and 407 only, no notifications, 200/1000 history', () => {
    expect(normalizeSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect([...capturedStatuses(DEFAULT_SETTINGS)].sort()).toEqual([401, 407]);
  });

  test('damaged or out-of-range values become defaults or are clamped', () => {
    const settings = normalizeSettings({
      extraStatuses: { 403: 'yes', 419: true },
      historyPerTab: 1e9,
      historyTotal: 'abc',
      notifications: 1,
      clockSkewLeewaySeconds: -5,
      ignoreHosts: 'not-a-list',
      unknown: 'dropped',
    });
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      extraStatuses: { 403: false, 419: true, 440: false },
      historyPerTab: 1000,
      clockSkewLeewaySeconds: 0,
      ignoreHosts: ['not-a-list'],
    });
    expect([...capturedStatuses(settings)].sort()).toEqual([401, 407, 419]);
  });

  test('host lists accept what people paste, and drop what is no host', () => {
    expect(
      normalizeHosts(' https://API.Example.com/v1?x , *.cdn.test\nlocalhost:8080 <script> '),
    ).toEqual(['api.example.com', 'cdn.test', 'localhost:8080']);
  });

  test('ignored hosts and their subdomains are not watched', () => {
    const settings = { ignoreHosts: ['example.com'], watchOnlyHosts: [] };
    expect(isWatched(settings, 'https://api.example.com/x')).toBe(false);
    expect(isWatched(settings, 'https://example.com/')).toBe(false);
    expect(isWatched(settings, 'https://notexample.com/')).toBe(true);
  });

  test('with a watch list, only those hosts are watched; a port narrows it to one server', () => {
    const settings = { ignoreHosts: [], watchOnlyHosts: ['api.test', 'localhost:3000'] };
    expect(isWatched(settings, 'https://v2.api.test/x')).toBe(true);
    expect(isWatched(settings, 'https://other.test/')).toBe(false);
    expect(isWatched(settings, 'http://localhost:3000/login')).toBe(true);
    expect(isWatched(settings, 'http://localhost:4000/login')).toBe(false);
    expect(isWatched(settings, 'not a url')).toBe(true);
  });
});
