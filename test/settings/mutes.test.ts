import { describe, expect, test } from 'vitest';
import {
  describeMute,
  MAX_MUTES,
  mutedBy,
  muteFor,
  normalizeMutes,
  pathPattern,
} from '../../src/settings/mutes';
import { normalizeSettings } from '../../src/settings/settings';

describe('mutes', () => {
  test('an endpoint mute is method + host + path pattern: ids become *, the query is left out', () => {
    const mute = muteFor('endpoint', {
      method: 'get',
      url: 'https://api.example.test:8443/users/42/orders/3f2a9c1e-0b7d-4d1e-9b53-2f4f6c0e1a77?page=2',
    });
    expect(mute).toEqual({
      kind: 'endpoint',
      method: 'GET',
      host: 'api.example.test:8443',
      path: '/users/*/orders/*',
    });
    expect(describeMute(mute as NonNullable<typeof mute>)).toBe(
      'GET api.example.test:8443/users/*/orders/*',
    );
    const mutes = [mute as NonNullable<typeof mute>];
    expect(
      mutedBy(mutes, { method: 'GET', url: 'https://api.example.test:8443/users/7/orders/9' }),
    ).toBeDefined();
    expect(
      mutedBy(mutes, { method: 'POST', url: 'https://api.example.test:8443/users/7/orders/9' }),
    ).toBeUndefined();
    expect(
      mutedBy(mutes, { method: 'GET', url: 'https://api.example.test/users/7/orders/9' }),
    ).toBeUndefined();
    expect(
      mutedBy(mutes, { method: 'GET', url: 'https://api.example.test:8443/users/7/orders' }),
    ).toBeUndefined();
  });

  test('a site mute covers the site and its subdomains, not look-alikes', () => {
    const mute = muteFor('site', { method: 'GET', url: 'https://ads.tracker.test/bid' });
    expect(mute).toEqual({ kind: 'site', site: 'tracker.test' });
    const mutes = [mute as NonNullable<typeof mute>];
    expect(mutedBy(mutes, { method: 'POST', url: 'https://tracker.test/x' })).toBeDefined();
    expect(mutedBy(mutes, { method: 'GET', url: 'https://a.b.tracker.test/x' })).toBeDefined();
    expect(mutedBy(mutes, { method: 'GET', url: 'https://nottracker.test/x' })).toBeUndefined();
  });

  test('path patterns keep words and replace ids', () => {
    expect(pathPattern('/api/v1/me')).toBe('/api/v1/me');
    expect(pathPattern('/repos/123/pulls/deadbeefdeadbeef00')).toBe('/repos/*/pulls/*');
  });

  test('stored mutes are cleaned: malformed dropped, duplicates merged, bounded', () => {
    expect(
      normalizeMutes([
        { kind: 'site', site: 'Example.test' },
        { kind: 'site', site: 'example.test' },
        { kind: 'endpoint', method: 'get', host: 'a.test', path: '/x' },
        { kind: 'endpoint', method: 'get', host: 'a.test', path: 'no-slash' },
        { kind: 'site', site: '<script>' },
        'junk',
        null,
      ]),
    ).toEqual([
      { kind: 'site', site: 'example.test' },
      { kind: 'endpoint', method: 'GET', host: 'a.test', path: '/x' },
    ]);
    const many = Array.from({ length: MAX_MUTES + 5 }, (_, i) => ({
      kind: 'site',
      site: `s${i}.test`,
    }));
    expect(normalizeMutes(many)).toHaveLength(MAX_MUTES);
    expect(normalizeSettings({ mutes: 'nope' }).mutes).toEqual([]);
    expect(normalizeSettings({}).countExpected).toBe(false);
    expect(normalizeSettings({ countExpected: true }).countExpected).toBe(true);
  });
});
