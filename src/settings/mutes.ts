// Muted endpoints and sites: failures the user chose not to see in the badge, the popup or
// notifications ("Don't show failures from this endpoint / site"). Muted failures are still
// kept, and the panel and report list them marked as muted. Pure: no browser API.
import { parseUrl, siteOf } from '../core/url-parts';

/**
 * One muted endpoint (method, host and a path pattern whose `*` segments match any one
 * segment: `/api/users/*` covers `/api/users/42`) or one muted site (a host and its
 * subdomains, `example.com`).
 */
export type Mute =
  | { kind: 'endpoint'; method: string; host: string; path: string }
  | { kind: 'site'; site: string };

/** At most this many mutes are kept (the oldest go first). */
export const MAX_MUTES = 200;

/** A path segment that is an id (number, UUID, long hex or mixed token): `*` in a pattern. */
function isIdSegment(segment: string): boolean {
  return (
    /^\d+$/.test(segment) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ||
    /^[0-9a-f]{16,}$/i.test(segment) ||
    (segment.length >= 20 && /\d/.test(segment) && /^[\w-]+$/.test(segment))
  );
}

/** The path pattern of a URL path: ids become `*`, the query is left out. */
export function pathPattern(path: string): string {
  return path
    .split('/')
    .map((segment) => (isIdSegment(segment) ? '*' : segment))
    .join('/');
}

/** The mute that silences the endpoint of `method url` (its path ids as `*`), or of its site. */
export function muteFor(
  kind: Mute['kind'],
  failure: { method: string; url: string },
): Mute | undefined {
  const url = parseUrl(failure.url);
  if (!url) return undefined;
  if (kind === 'site') return { kind: 'site', site: siteOf(url.host) };
  return {
    kind: 'endpoint',
    method: failure.method.toUpperCase(),
    host: url.port && url.origin.endsWith(`:${url.port}`) ? `${url.host}:${url.port}` : url.host,
    path: pathPattern(url.path),
  };
}

function pathMatches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((segment, i) => segment === '*' || segment === got[i]);
}

/** The mute that covers `method url`, if any. */
export function mutedBy(
  mutes: readonly Mute[],
  failure: { method: string; url: string },
): Mute | undefined {
  if (mutes.length === 0) return undefined;
  const url = parseUrl(failure.url);
  if (!url) return undefined;
  const hostPort =
    url.port && url.origin.endsWith(`:${url.port}`) ? `${url.host}:${url.port}` : url.host;
  const method = failure.method.toUpperCase();
  return mutes.find((mute) =>
    mute.kind === 'site'
      ? url.host === mute.site || url.host.endsWith(`.${mute.site}`)
      : mute.method === method && mute.host === hostPort && pathMatches(mute.path, url.path),
  );
}

/** Whether two mutes are the same rule. */
export function sameMute(a: Mute, b: Mute): boolean {
  return a.kind === 'site'
    ? b.kind === 'site' && a.site === b.site
    : b.kind === 'endpoint' && a.method === b.method && a.host === b.host && a.path === b.path;
}

/** How a mute reads in the UI: `GET api.example.com/users/*`, `example.com and its subdomains`. */
export function describeMute(mute: Mute): string {
  return mute.kind === 'site'
    ? `${mute.site} and its subdomains`
    : `${mute.method} ${mute.host}${mute.path}`;
}

/** Mutes from storage: malformed items dropped, duplicates merged, at most MAX_MUTES. */
export function normalizeMutes(value: unknown): Mute[] {
  if (!Array.isArray(value)) return [];
  const out: Mute[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const m = item as Record<string, unknown>;
    let mute: Mute | undefined;
    if (m.kind === 'site' && typeof m.site === 'string' && /^[a-z0-9.[\]:-]+$/i.test(m.site))
      mute = { kind: 'site', site: m.site.toLowerCase() };
    else if (
      m.kind === 'endpoint' &&
      typeof m.method === 'string' &&
      /^[A-Za-z]{1,16}$/.test(m.method) &&
      typeof m.host === 'string' &&
      /^[a-z0-9.[\]:-]+$/i.test(m.host) &&
      typeof m.path === 'string' &&
      m.path.startsWith('/') &&
      m.path.length <= 2048
    )
      mute = {
        kind: 'endpoint',
        method: m.method.toUpperCase(),
        host: m.host.toLowerCase(),
        path: m.path,
      };
    if (mute && !out.some((known) => sameMute(known, mute))) out.push(mute);
  }
  return out.slice(-MAX_MUTES);
}
