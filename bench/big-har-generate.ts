// Generated HARs for the big-file benchmarks, written to disk entry by entry (a 700 MB HAR
// never exists as one string). An afternoon across many hosts: `hosts` hosts on a fifth as
// many sites, every tenth response sets a cookie for its site, and every `failEvery`-th entry
// is an auth failure of one of four kinds (no credentials, an expired JWT, a placeholder
// token, Basic sent where Digest is asked for). Each host's token is reused for ten minutes.
// Deterministic: same arguments, same bytes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { b64, COMMON_REQUEST, COMMON_RESPONSE, jwt } from './analyze-har';

// The headers of bench/analyze-har.ts, without the two this file gives per host and per entry.
const REQUEST_HEADERS = COMMON_REQUEST.filter((h) => h.name !== 'Referer');
const RESPONSE_HEADERS = COMMON_RESPONSE.filter((h) => h.name !== 'X-Request-Id');

export interface ManyHostsOptions {
  entries: number;
  hosts: number;
  /** Every n-th entry is a 401 (3: a third of the file). */
  failEvery: number;
}

/** Host `h` of the afternoon: five hosts per site. */
function hostOf(h: number): string {
  return `api-${h}.svc${h % 7}.example${Math.floor(h / 5)}.test`;
}

function siteOf(h: number): string {
  return `example${Math.floor(h / 5)}.test`;
}

/** One entry as JSON text. */
function entryJson(i: number, options: ManyHostsOptions, start: number): string {
  const time = start + i * 150;
  // Consecutive entries go to different hosts (a multiplicative walk over all of them).
  const h = (i * 7919) % options.hosts;
  const host = hostOf(h);
  const failed = i % options.failEvery === options.failEvery - 1;
  const kind = Math.floor(i / options.failEvery) % 4;
  // Each host's token lives ten minutes (apps reuse a token until it nears expiry).
  const issued = Math.floor(time / 600_000) * 600;
  const fresh = jwt(issued + 3600, h);
  const requestHeaders = [...REQUEST_HEADERS];
  requestHeaders.push({ name: 'Referer', value: `https://app.${siteOf(h)}/dashboard` });
  requestHeaders.push({
    name: 'traceparent',
    value: `00-${(i * 2654435761).toString(16).padStart(32, '0')}-${h.toString(16).padStart(16, '0')}-01`,
  });
  let challenge = 'Bearer realm="api"';
  if (!failed) requestHeaders.push({ name: 'Authorization', value: `Bearer ${fresh}` });
  else if (kind === 1) {
    requestHeaders.push({
      name: 'Authorization',
      value: `Bearer ${jwt(issued - 7200, h)}`,
    });
    challenge =
      'Bearer realm="api", error="invalid_token", error_description="The access token expired"';
  } else if (kind === 2) {
    requestHeaders.push({ name: 'Authorization', value: 'Bearer undefined' });
    challenge = 'Bearer realm="api", error="invalid_token"';
  } else if (kind === 3) {
    requestHeaders.push({ name: 'Authorization', value: `Basic ${b64(`user${h}:secret${h}`)}` });
    challenge = `Digest realm="api@${host}", qop="auth,auth-int", algorithm=SHA-256, nonce="${b64(`nonce-${i}`)}", opaque="${b64(`opaque-${h}`)}"`;
  }
  requestHeaders.push({
    name: 'Cookie',
    value: `sid_${h % 5}=FAKE-session-${h}; theme=dark; _ga=GA1.1.123456789.1767225600`,
  });
  const responseHeaders = [
    ...RESPONSE_HEADERS,
    { name: 'Date', value: new Date(time).toUTCString() },
    { name: 'X-Request-Id', value: `req-${i.toString(16).padStart(8, '0')}-6b1d-4a57-9d3e` },
  ];
  if (failed) responseHeaders.push({ name: 'WWW-Authenticate', value: challenge });
  if (i % 10 === 0)
    responseHeaders.push({
      name: 'Set-Cookie',
      value: `sid_${h % 5}=FAKE-session-${h}; Domain=${siteOf(h)}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=86400`,
    });
  const body = failed
    ? '{"error":"invalid_token","error_description":"The access token is missing or invalid"}'
    : `{"id":${i},"name":"item ${i}","tags":["a","b","c"],"owner":"user-${h}","price":${i % 100}.5,"description":"A generated item on ${host} to give the entry a realistic body size, as a JSON API answers with a page of records."}`;
  return JSON.stringify({
    startedDateTime: new Date(time).toISOString(),
    time: 42.5,
    request: {
      method: i % 11 === 0 ? 'POST' : 'GET',
      url: `https://${host}/v1/items/${i}?page=${i % 17}`,
      httpVersion: 'http/2.0',
      headers: requestHeaders,
      queryString: [{ name: 'page', value: String(i % 17) }],
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: failed ? 401 : 200,
      statusText: failed ? 'Unauthorized' : 'OK',
      httpVersion: 'http/2.0',
      headers: responseHeaders,
      cookies: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 40, receive: 1.9 },
    serverIPAddress: `10.0.${h % 250}.${(h * 7) % 250}`,
    _resourceType: 'fetch',
  });
}

/**
 * Writes the HAR to `path` entry by entry; returns its size in bytes. Memory stays flat
 * whatever the entry count.
 */
export function writeManyHostsHar(path: string, options: ManyHostsOptions): number {
  const fd = openSync(path, 'w');
  const start = Date.UTC(2026, 0, 1, 9);
  let bytes = 0;
  let pending = '';
  const flush = () => {
    bytes += writeSync(fd, pending);
    pending = '';
  };
  try {
    pending +=
      '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
    for (let i = 0; i < options.entries; i++) {
      if (i > 0) pending += ',';
      pending += entryJson(i, options, start);
      if (pending.length > 1 << 20) flush();
    }
    pending += ']}}\n';
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** The number of failures the file holds. */
export function failuresIn(options: ManyHostsOptions): number {
  return Math.floor(options.entries / options.failEvery);
}
