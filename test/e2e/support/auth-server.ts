// A loopback server for the real-browser tests: a page that fires four requests, three of
// which are answered 401, each for a different reason.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const PAGE_SCRIPT = `
  const n = Date.now();
  await Promise.all([
    fetch('/api/ok?n=' + n, { headers: { Authorization: 'Bearer good-token' } }),
    fetch('/api/needs-token?n=' + n),
    fetch('/api/needs-token?n=' + n + '&second', { headers: { Authorization: 'Bearer undefined' } }),
    fetch('/api/needs-key?n=' + n, { headers: { 'X-API-Key': 'wrong-key' } }),
  ]);
  document.body.dataset.done = 'yes';
`;

/** Markup and script in every place a server or page controls: challenge, body, URL, token. */
export const HOSTILE_CHALLENGE =
  'Bearer realm="<script>window.__pwned=true</script>", error="invalid_token", error_description="<img src=x onerror=window.__pwned=true>"';
const HOSTILE_SCRIPT = `
  await fetch('/api/hostile/' + encodeURIComponent('<img src=x onerror=window.__pwned=true>') + '?q=<script>', {
    headers: { Authorization: 'Bearer <img src=x onerror=window.__pwned=true>' },
  });
  document.body.dataset.done = 'yes';
`;

/**
 * A signed-out page: it asks who is signed in (401 by design, no credential ever sent), then
 * makes one real mistake (a Bearer token that is the string "undefined").
 */
const SIGNED_OUT_SCRIPT = `
  const n = Date.now();
  await fetch('/api/me?n=' + n);
  await fetch('/api/orders/' + n, { headers: { Authorization: 'Bearer undefined' } });
  document.body.dataset.done = 'yes';
`;
/** A signed-out page that only asks who is signed in. */
const ONLY_PROBE_SCRIPT = `
  await fetch('/api/session?n=' + Date.now());
  document.body.dataset.done = 'yes';
`;

/** The three URLs (path + query prefix) that must be captured, and the one that must not. */
export const FAILING_PATHS = ['/api/needs-token', '/api/needs-key'];

export interface AuthServer {
  origin: string;
  /** Every request the server answered, in order: what the browser sent, extension or not. */
  requests: { path: string; referer?: string }[];
  close(): Promise<void>;
}

export async function startAuthServer(): Promise<AuthServer> {
  const requests: AuthServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      path: url.pathname + url.search,
      ...(req.headers.referer ? { referer: req.headers.referer } : {}),
    });
    if (url.pathname === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        `<!doctype html><title>four requests</title><body><script type="module">${PAGE_SCRIPT}</script>`,
      );
    } else if (url.pathname === '/framed') {
      // A page on 127.0.0.1 that embeds a frame of another site (localhost), like an ad or a
      // widget; the frame's own request fails.
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      const port = (req.headers.host ?? '').split(':')[1] ?? '';
      res.end(
        `<!doctype html><title>framed</title><body><iframe src="http://localhost:${port}/frame"></iframe>`,
      );
    } else if (url.pathname === '/frame') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        `<!doctype html><title>frame</title><body><script type="module">await fetch('/api/widget-data?n=' + Date.now()); document.body.dataset.done = 'yes';</script>`,
      );
    } else if (url.pathname === '/signed-out' || url.pathname === '/only-probe') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      const script = url.pathname === '/signed-out' ? SIGNED_OUT_SCRIPT : ONLY_PROBE_SCRIPT;
      res.end(
        `<!doctype html><title>signed out</title><body><a href="/login">Sign in</a><script type="module">${script}</script>`,
      );
    } else if (url.pathname === '/api/ok' && req.headers.authorization === 'Bearer good-token') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"ok":true}');
    } else if (url.pathname === '/api/needs-key') {
      res.writeHead(401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"error":"invalid api key"}');
    } else if (url.pathname === '/hostile') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        `<!doctype html><title>hostile</title><body><script type="module">${HOSTILE_SCRIPT}</script>`,
      );
    } else if (url.pathname.startsWith('/api/hostile')) {
      res.writeHead(401, {
        'content-type': 'text/html',
        'www-authenticate': HOSTILE_CHALLENGE,
        'cache-control': 'no-store',
      });
      res.end(
        '<script>window.parent.__pwned = true</script><img src=x onerror="window.__pwned=true">',
      );
    } else if (url.pathname.startsWith('/api/forbidden')) {
      res.writeHead(403, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('{"error":"forbidden"}');
    } else if (url.pathname.startsWith('/api/')) {
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Bearer realm="e2e"',
        'cache-control': 'no-store',
      });
      res.end('{"error":"unauthorized"}');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
