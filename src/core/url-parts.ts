/**
 * A small absolute-URL splitter. The core is built against ES2023 alone, which has no `URL`
 * class, and the rules only need the parts below: scheme, host, port, origin, path, query.
 * Never throws; linear in the URL's length.
 */
export interface UrlParts {
  /** Lower case, without ':' (`https`). */
  scheme: string;
  /** Lower case host name; IPv6 literals keep their brackets. */
  host: string;
  /** Explicit port, or the scheme's default ('' when unknown). */
  port: string;
  /** `scheme://host[:port]` with the default port left out. */
  origin: string;
  /** Path starting with '/' ('/' when empty). */
  path: string;
  /** Query without '?' ('' when none). */
  query: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

/** The parts of an absolute `scheme://authority/...` URL, or undefined. */
export function parseUrl(url: string): UrlParts | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url.trim());
  if (!match) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  let authority = match[2] ?? '';
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = close < 0 ? authority : authority.slice(0, close + 1);
    const rest = close < 0 ? '' : authority.slice(close + 1);
    if (rest.startsWith(':')) port = rest.slice(1);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
  }
  host = host.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  const defaultPort = DEFAULT_PORTS[scheme] ?? '';
  const explicit = port !== '' && port !== defaultPort;
  const effectivePort = port === '' ? defaultPort : port;
  return {
    scheme,
    host,
    port: effectivePort,
    origin: `${scheme}://${host}${explicit ? `:${port}` : ''}`,
    path: match[3] || '/',
    query: match[4] ?? '',
  };
}

/** Origin of a URL (`https://host[:port]`), '' when it is not an absolute URL. */
export function originOf(url: string): string {
  return parseUrl(url)?.origin ?? '';
}

/** `host[:port]` (the default port left out), '' when it is not an absolute URL. */
export function hostOf(url: string): string {
  const parts = parseUrl(url);
  return parts ? parts.origin.slice(parts.scheme.length + 3) : '';
}

/** `/path?query` of a URL, or the text itself when it is not an absolute URL. */
export function pathAndQuery(url: string): string {
  const parts = parseUrl(url);
  return parts ? `${parts.path}${parts.query ? `?${parts.query}` : ''}` : url;
}

/** `host/path?query` with percent-escapes made readable, or the text itself when not a URL. */
export function hostPath(url: string): string {
  const parts = parseUrl(url);
  if (!parts) return url;
  const text = `${hostOf(url)}${pathAndQuery(url)}`;
  try {
    return decodeURI(text); // `%E2%80%A6` -> `…`
  } catch {
    return text; // malformed escapes stay as they are
  }
}

/** `GET host/path` (no query): what "the same endpoint" means (notifications' rate limit). */
export function endpointOf(method: string, url: string): string {
  const parts = parseUrl(url);
  return parts ? `${method} ${hostOf(url)}${parts.path}` : `${method} ${url}`;
}

/** `ref` resolved against `base` (enough for Location headers: absolute, `//host`, `/path`, relative). */
export function resolveUrl(ref: string, base: string): string {
  const trimmed = ref.trim();
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(trimmed)) return trimmed;
  const parts = parseUrl(base);
  if (!parts) return trimmed;
  if (trimmed.startsWith('//')) return `${parts.scheme}:${trimmed}`;
  if (trimmed.startsWith('/')) return `${parts.origin}${trimmed}`;
  if (trimmed.startsWith('?')) return `${parts.origin}${parts.path}${trimmed}`;
  const dir = parts.path.slice(0, parts.path.lastIndexOf('/') + 1) || '/';
  return `${parts.origin}${dir}${trimmed}`;
}

/** Loopback hosts: localhost, *.localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]'
  );
}

/**
 * The "site" of a host for SameSite purposes, approximated as the last two labels (no public
 * suffix list in the core); IP literals and single labels are their own site.
 */
export function siteOf(host: string): string {
  const cached = SITE_CACHE.get(host);
  if (cached !== undefined) return cached;
  let site = host;
  if (!/^[\d.]+$/.test(host) && !host.startsWith('[')) {
    const last = host.lastIndexOf('.');
    const before = last > 0 ? host.lastIndexOf('.', last - 1) : -1;
    if (before >= 0) site = host.slice(before + 1);
  }
  // Hosts repeat: a capture of hundreds of hosts asks the same few thousand times.
  if (SITE_CACHE.size >= 1024) SITE_CACHE.clear();
  SITE_CACHE.set(host, site);
  return site;
}

const SITE_CACHE = new Map<string, string>();
