// One manifest.json at the root serves both browsers. A key may carry a browser prefix,
// `{{chrome}}.background` or `{{firefox}}.background` (the vite-plugin-web-extension convention):
// the build keeps it, without the prefix, for that browser only. Name and version come from
// package.json.

export type TargetBrowser = 'chrome' | 'firefox';
export const BROWSERS: readonly TargetBrowser[] = ['chrome', 'firefox'];

const PREFIX = /^\{\{(\w+)\}\}\.(.+)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The template with only `browser`'s keys, prefixes removed, at any depth. */
export function manifestFor(template: Json, browser: TargetBrowser): Json {
  if (Array.isArray(template)) return template.map((item) => manifestFor(item, browser));
  if (template === null || typeof template !== 'object') return template;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(template)) {
    const match = PREFIX.exec(key);
    if (match) {
      const [, target, name] = match;
      if (!name || !(BROWSERS as readonly string[]).includes(target ?? '')) {
        throw new Error(`manifest.json: unknown browser prefix in "${key}"`);
      }
      if (target === browser) out[name] = manifestFor(value, browser);
    } else {
      out[key] = manifestFor(value, browser);
    }
  }
  return out;
}

/** The final manifest for one browser, with the version of package.json. */
export function buildManifest(
  template: Json,
  browser: TargetBrowser,
  pkg: { version: string },
): Json {
  const manifest = manifestFor(template, browser);
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new Error('manifest.json: not an object');
  }
  return { ...manifest, version: pkg.version };
}
