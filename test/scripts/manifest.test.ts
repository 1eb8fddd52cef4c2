import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildManifest, manifestFor } from '../../scripts/manifest';

const template = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../manifest.json'), 'utf8'),
);
const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));

describe('one manifest.json for both browsers', () => {
  test('Chrome gets a service worker and no Gecko settings', () => {
    const chrome = buildManifest(template, 'chrome', pkg) as Record<string, unknown>;
    expect(chrome.background).toEqual({ service_worker: 'background.js' });
    expect(chrome).not.toHaveProperty('browser_specific_settings');
    expect(chrome.version).toBe(pkg.version);
    expect(Object.keys(chrome).some((key) => key.includes('{{'))).toBe(false);
  });

  test('Firefox gets background scripts and a Gecko id, and collects no data', () => {
    const firefox = buildManifest(template, 'firefox', pkg) as {
      background: unknown;
      browser_specific_settings: { gecko: { id: string; data_collection_permissions: unknown } };
    };
    expect(firefox.background).toEqual({ scripts: ['background.js'] });
    expect(firefox.browser_specific_settings.gecko.id).toMatch(/@/);
    expect(firefox.browser_specific_settings.gecko.data_collection_permissions).toEqual({
      required: ['none'],
    });
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
  });

  test('both share everything without a prefix', () => {
    const chrome = manifestFor(template, 'chrome') as Record<string, unknown>;
    const firefox = manifestFor(template, 'firefox') as Record<string, unknown>;
    for (const key of ['manifest_version', 'permissions', 'host_permissions', 'action', 'icons']) {
      expect(chrome[key]).toEqual(firefox[key]);
    }
  });

  test('prefixes work at any depth, and an unknown browser is an error', () => {
    expect(manifestFor({ a: { '{{firefox}}.b': 1, '{{chrome}}.c': 2 } }, 'firefox')).toEqual({
      a: { b: 1 },
    });
    expect(() => manifestFor({ '{{safari}}.x': 1 }, 'chrome')).toThrow(/unknown browser prefix/);
  });
});
