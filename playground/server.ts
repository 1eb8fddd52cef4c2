// The playground server: a page with one button per broken-auth scenario, and the APIs those
// buttons call. Two origins, both on loopback only:
// - the page and same-origin APIs at http://127.0.0.1:<port>/
// - a second, cross-site origin at http://localhost:<port2>/ (127.0.0.1 and localhost are
//   different sites, so cookies and CORS behave as they would between app.example and api.other)
// Plain node:http on purpose: every header the browser sees is written here, in the open.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { signJwt, verifyJwt } from './jwt';
import { startOAuthCorner } from './oauth-corner';
import { type Scenario, type ScenarioId, scenarios } from './scenarios';

export interface Playground {
  /** The page: `http://127.0.0.1:<port>/` */
  url: string;
  /** The second origin, cross-site to the page: `http://localhost:<port2>` */
  crossOrigin: string;
  /** The OAuth corner (./oauth-corner.ts), on its own origin: `http://127.0.0.1:<port3>/` */
  oauthUrl: string;
  close(): Promise<void>;
}

/** One fetch the page makes; JSON, embedded in the page (and read back by the tests). */
export interface PlannedFetch {
  /** Absolute; the page appends `?n=<counter>` so nothing comes from a cache. */
  url: string;
  method: 'GET';
  headers: Record<string, string>;
  credentials: RequestCredentials;
}

export interface PlannedScenario extends Scenario {
  request: PlannedFetch;
  /** Made first, e.g. the sign-in that sets a cookie. */
  setup?: PlannedFetch;
  /** Shown when the page's fetch fails outright, to say what the page cannot see. */
  networkErrorHint?: string;
}

/** The id of the element holding the plan as JSON. */
export const PLAN_ELEMENT_ID = 'playground-plan';

// Credentials that work. Shown in the page (basic-prompt's description) on purpose: this is a
// demo, and a developer may want to see the prompt succeed.
const BASIC_USER = 'alice';
const BASIC_PASSWORD = 'correct-horse';
const SESSION_COOKIE = 'pg_session';
const REALM = 'playground';

interface Context {
  pageOrigin: string;
  /** The OAuth corner's page, linked from the main page. */
  oauthUrl: string;
  crossOrigin: string;
  /** HS256 key of this run: tokens from an earlier run are refused (bad signature). */
  secret: Buffer;
  apiKey: string;
  /** Session ids handed out by the cross origin's sign-in. */
  sessions: Set<string>;
  /** Tokens the server has revoked since they worked once (token-revoked). */
  revoked: Set<string>;
}

interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Behaviour {
  origin: 'page' | 'cross';
  /** What the page's fetch carries. */
  send(ctx: Context): { headers?: Record<string, string>; credentials?: RequestCredentials };
  answer(req: ApiRequest, ctx: Context): Reply;
  /** A GET the page makes first, to `/api/<id>/<path>` on the same origin. */
  setup?: {
    path: string;
    credentials: RequestCredentials;
    /** The setup request carries the same headers as the scenario's request. */
    sameHeaders?: boolean;
    answer(req: ApiRequest, ctx: Context): Reply;
  };
  /** Answers on the other origin: where this scenario's first answer redirects to. */
  redirectTarget?(req: ApiRequest, ctx: Context): Reply;
  /** Replaces the usual CORS preflight answer (cross origin only). */
  preflight?(req: ApiRequest, ctx: Context): Reply;
  networkErrorHint?: string;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const claimsFor = (ctx: Context, iat: number, exp: number) => ({
  // Issuer on loopback like the API, and an audience that is no URL: only exp can be wrong.
  iss: ctx.pageOrigin,
  sub: BASIC_USER,
  aud: 'playground-api',
  scope: 'read',
  iat,
  exp,
});

const validToken = (ctx: Context): string => {
  const now = nowSeconds();
  // A day, so the control keeps passing on a page left open.
  return signJwt(claimsFor(ctx, now, now + 24 * 3600), ctx.secret);
};

const expiredToken = (ctx: Context): string => {
  const now = nowSeconds();
  // Issued 65 minutes ago for an hour: expired 5 minutes ago.
  return signJwt(claimsFor(ctx, now - 65 * 60, now - 5 * 60), ctx.secret);
};

const bearerChallenge = (error?: string, description?: string): string =>
  [`Bearer realm="${REALM}"`]
    .concat(error ? [`error="${error}"`] : [])
    .concat(description ? [`error_description="${description}"`] : [])
    .join(', ');

const unauthorized = (challenge: string | undefined, error: string, message: string): Reply => ({
  status: 401,
  headers: challenge ? { 'www-authenticate': challenge } : {},
  body: { error, message },
});

/** An API behind JWT middleware, answering as RFC 6750 says. Undefined = let through. */
function checkBearer(req: ApiRequest, ctx: Context): Reply | undefined {
  const authorization = req.headers.authorization;
  // RFC 6750 §3.1: no error code when the request carried no authentication at all.
  if (!authorization) return unauthorized(bearerChallenge(), 'unauthorized', 'Sign in first.');
  const match = /^Bearer +(\S+)$/i.exec(authorization);
  const check = match?.[1] ? verifyJwt(match[1], ctx.secret, nowSeconds()) : undefined;
  if (check?.valid) return undefined;
  const description =
    check?.reason === 'expired'
      ? 'The access token expired'
      : check?.reason === 'bad-signature'
        ? 'The access token signature is invalid'
        : 'The access token is malformed';
  return unauthorized(bearerChallenge('invalid_token', description), 'invalid_token', description);
}

function bearerProtected(req: ApiRequest, ctx: Context): Reply {
  return checkBearer(req, ctx) ?? { status: 200, body: { message: `Hello ${BASIC_USER}` } };
}

function basicProtected(req: ApiRequest): Reply {
  const match = /^Basic +(\S+)$/i.exec(req.headers.authorization ?? '');
  const expected = Buffer.from(`${BASIC_USER}:${BASIC_PASSWORD}`).toString('base64');
  if (match?.[1] === expected) return { status: 200, body: { message: `Hello ${BASIC_USER}` } };
  return unauthorized(`Basic realm="${REALM}"`, 'unauthorized', 'Wrong or missing credentials.');
}

const basicAuthHeader = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

// Measured in headless Chromium 156: a fetch that gets a Basic challenge opens the login dialog
// even when it already carries an explicit Authorization header, unless its credentials mode
// is 'omit' (then the 401 comes straight back, the header still sent). Firefox ESR 153 shows no
// dialog when the header is explicit. So the Basic scenarios that send credentials use 'omit'.
/**
 * The secrets the `secret-echoed` scenario sends, which its server repeats in the 401 body
 * (raw, URL-encoded and inside JSON): the tests check that no export holds a copy.
 */
export const ECHOED_SECRETS = {
  token: 'pg-echo-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c2e',
  session: 'pg-sess-2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e0b',
} as const;

const behaviours: Record<ScenarioId, Behaviour> = {
  ok: {
    origin: 'page',
    send: (ctx) => ({ headers: { authorization: `Bearer ${validToken(ctx)}` } }),
    answer: bearerProtected,
  },
  'no-credentials': {
    origin: 'page',
    send: () => ({}),
    answer: bearerProtected,
  },
  'bearer-undefined': {
    origin: 'page',
    send: () => ({ headers: { authorization: 'Bearer undefined' } }),
    answer: bearerProtected,
  },
  'expired-jwt': {
    origin: 'page',
    send: (ctx) => ({ headers: { authorization: `Bearer ${expiredToken(ctx)}` } }),
    answer: bearerProtected,
  },
  'basic-wrong-password': {
    origin: 'page',
    send: () => ({
      headers: { authorization: basicAuthHeader(BASIC_USER, 'wrong-password') },
      credentials: 'omit',
    }),
    answer: basicProtected,
  },
  'basic-not-base64': {
    origin: 'page',
    send: () => ({ headers: { authorization: 'Basic user:pass' }, credentials: 'omit' }),
    answer: basicProtected,
  },
  'basic-prompt': {
    origin: 'page',
    send: () => ({}),
    answer: basicProtected,
  },
  'preflight-401': {
    origin: 'cross',
    // Authorization is not a CORS-safelisted header: the browser asks with OPTIONS first.
    send: (ctx) => ({ headers: { authorization: `Bearer ${validToken(ctx)}` } }),
    // The GET itself would pass: the bug is only the auth layer guarding OPTIONS too.
    answer: bearerProtected,
    preflight: () =>
      unauthorized(bearerChallenge(), 'unauthorized', 'Sign in first (even for a preflight).'),
    networkErrorHint:
      'blocked by CORS: the OPTIONS preflight got 401 (the page cannot see that status; the extension can)',
  },
  'cookie-cross-site': {
    origin: 'cross',
    send: () => ({ credentials: 'include' }),
    setup: {
      path: 'sign-in',
      credentials: 'include',
      answer: (_req, ctx) => {
        const session = randomBytes(16).toString('hex');
        ctx.sessions.add(session);
        return {
          status: 200,
          // No Secure: this is http. SameSite=Lax keeps it off cross-site subresource requests
          // (Chromium does not even store it from this cross-site response).
          headers: { 'set-cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax` },
          body: { signedIn: true },
        };
      },
    },
    answer: (req, ctx) => {
      const session = readCookie(req.headers.cookie, SESSION_COOKIE);
      if (session && ctx.sessions.has(session)) return { status: 200, body: { message: 'Hello' } };
      // Like most cookie-session APIs: no challenge (there is no standard scheme for cookies).
      return unauthorized(undefined, 'not_signed_in', 'No session cookie.');
    },
  },
  'api-key-wrong': {
    origin: 'page',
    send: () => ({ headers: { 'x-api-key': 'pg-7d1e0c9b2f4a4e58a0c3b6d95e21f4aa' } }),
    answer: (req, ctx) =>
      req.headers['x-api-key'] === ctx.apiKey
        ? { status: 200, body: { message: 'Hello' } }
        : unauthorized(`ApiKey realm="${REALM}"`, 'invalid_api_key', 'Invalid API key.'),
  },
  'token-revoked': {
    origin: 'page',
    send: (ctx) => ({ headers: { authorization: `Bearer ${validToken(ctx)}` } }),
    setup: {
      path: 'me',
      credentials: 'same-origin',
      sameHeaders: true,
      answer: (req, ctx) => {
        const reply = bearerProtected(req, ctx);
        // It worked; now the token is revoked, as a sign-out on another device would.
        if (reply.status === 200) ctx.revoked.add(req.headers.authorization ?? '');
        return reply;
      },
    },
    answer: (req, ctx) =>
      // Like many APIs, a bare challenge: the only clue is that the same token just worked.
      ctx.revoked.has(req.headers.authorization ?? '')
        ? unauthorized(bearerChallenge(), 'unauthorized', 'Unauthorized')
        : bearerProtected(req, ctx),
  },
  'vendor-header-login-denied': {
    origin: 'page',
    send: () => ({
      headers: { authorization: basicAuthHeader(BASIC_USER, 'wrong-password') },
      credentials: 'omit',
    }),
    // developer.atlassian.com/server/jira/platform/basic-authentication/: Jira Server refuses a
    // Basic login with X-Seraph-LoginReason (AUTHENTICATION_DENIED once CAPTCHA is required)
    // and X-AUSERNAME: anonymous; its challenge is OAuth, so no browser dialog.
    answer: () => ({
      status: 401,
      headers: {
        'www-authenticate': `OAuth realm="${REALM}"`,
        'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
        'x-ausername': 'anonymous',
      },
    }),
  },
  'secret-echoed': {
    origin: 'page',
    send: () => ({
      headers: {
        authorization: `Bearer ${ECHOED_SECRETS.token}`,
        'x-session-token': ECHOED_SECRETS.session,
      },
    }),
    answer: (req) => ({
      status: 401,
      headers: {
        'www-authenticate': bearerChallenge('invalid_token', 'The access token is invalid'),
      },
      body: {
        error: 'invalid_token',
        message: `Token ${String(req.headers.authorization ?? '').replace(/^Bearer /i, '')} is not valid for session ${String(req.headers['x-session-token'] ?? '')}.`,
        debug: {
          authorization: req.headers.authorization ?? null,
          session: req.headers['x-session-token'] ?? null,
          retry: `/api/secret-echoed?access_token=${encodeURIComponent(String(req.headers.authorization ?? '').replace(/^Bearer /i, ''))}`,
        },
      },
    }),
  },
  'redirect-drops-auth': {
    origin: 'page',
    send: (ctx) => ({ headers: { authorization: `Bearer ${validToken(ctx)}` } }),
    // The API moved: 307 keeps the method, and Fetch removes Authorization on the
    // cross-origin hop.
    answer: (req, ctx) => ({
      status: 307,
      headers: { location: `${ctx.crossOrigin}${req.url.pathname}${req.url.search}` },
    }),
    redirectTarget: bearerProtected,
  },
  'proxy-407': {
    origin: 'page',
    send: () => ({}),
    answer: () => ({
      status: 407,
      headers: { 'proxy-authenticate': 'Basic realm="proxy"' },
      body: { error: 'proxy_authentication_required', message: 'Proxy credentials required.' },
    }),
    networkErrorHint:
      'Chromium refuses a 407 that does not come from a configured proxy (net::ERR_UNEXPECTED_PROXY_AUTH)',
  },
  'negotiate-not-answered': {
    origin: 'page',
    send: () => ({}),
    // IIS with Windows authentication offers Negotiate (and often NTLM). NTLM is left out: a
    // browser may answer it from a login dialog, which "Run all" cannot click.
    answer: () =>
      unauthorized('Negotiate', 'unauthorized', 'Windows integrated authentication required.'),
  },
  'forbidden-403': {
    origin: 'page',
    send: (ctx) => ({ headers: { authorization: `Bearer ${validToken(ctx)}` } }),
    answer: (req, ctx) =>
      checkBearer(req, ctx) ?? {
        status: 403,
        body: { error: 'forbidden', message: `${BASIC_USER} may not read this resource.` },
      },
  },
};

function originOf(behaviour: Behaviour, ctx: Context): string {
  return behaviour.origin === 'page' ? ctx.pageOrigin : ctx.crossOrigin;
}

/** What the page will send, with fresh tokens: built for every page load. */
function buildPlan(ctx: Context): PlannedScenario[] {
  return scenarios.map((scenario) => {
    const behaviour = behaviours[scenario.id as ScenarioId];
    const base = `${originOf(behaviour, ctx)}/api/${scenario.id}`;
    const sent = behaviour.send(ctx);
    const planned: PlannedScenario = {
      ...scenario,
      request: {
        url: base,
        method: 'GET',
        headers: sent.headers ?? {},
        credentials: sent.credentials ?? 'same-origin',
      },
    };
    if (behaviour.setup) {
      planned.setup = {
        url: `${base}/${behaviour.setup.path}`,
        method: 'GET',
        headers: behaviour.setup.sameHeaders ? (sent.headers ?? {}) : {},
        credentials: behaviour.setup.credentials,
      };
    }
    if (behaviour.networkErrorHint) planned.networkErrorHint = behaviour.networkErrorHint;
    return planned;
  });
}

/**
 * A signed-out page, as on many sites: it asks the server who is signed in, gets 401 by
 * design, and shows a sign-in link. 401 Doctor calls that `signed-out-probe` (info) and the
 * badge stays empty.
 */
const SIGNED_OUT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Signed out: 401 Doctor playground</title>
<style>body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }</style>
</head>
<body>
<h1>A signed-out page</h1>
<p>On load this page asks <code>/session/me</code> who is signed in. Nobody is, so the server
answers 401, and the page shows a sign-in link: the 401 is expected. 401 Doctor lists it as
<em>signed-out-probe</em>, quietly, and leaves the badge empty.</p>
<p id="state">Checking the session…</p>
<p><a href="/">Back to the scenarios</a></p>
<script src="/signed-out.js"></script>
</body>
</html>
`;

const SIGNED_OUT_JS = `(async () => {
  const state = document.getElementById('state');
  const response = await fetch('/session/me?n=' + Date.now());
  state.textContent = response.ok ? 'Signed in.' : 'You are not signed in. ';
  if (!response.ok) {
    const link = document.createElement('a');
    link.href = '/';
    link.textContent = 'Sign in';
    state.append(link);
  }
  document.body.dataset.done = String(response.status);
})();
`;

const PAGE_CSS = `
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
li { margin: .4rem 0; }
button { font: inherit; margin-right: .5rem; }
.meta { color: #666; font-size: .85em; }
#results li { font-family: ui-monospace, monospace; }
`;

function pageHtml(ctx: Context): string {
  // JSON inside <script type="application/json">: escape '<' so no '</script>' can close it.
  const plan = JSON.stringify(buildPlan(ctx)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>401 Doctor playground</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<h1>401 Doctor playground</h1>
<p>Each button sends one request that fails authentication the way real apps do (the first one
succeeds). After clicking, look at the 401 Doctor toolbar badge (failures on this tab) and open
its popup, or its DevTools panel, to read why each request failed.</p>
<p><button type="button" data-run-all>Run all</button>
<span class="meta">Runs every scenario one after the other, except those that open the browser's own login dialog.</span></p>
<ul id="scenarios"></ul>
<h2>Results</h2>
<ul id="results" aria-live="polite"></ul>
<p>OAuth and OpenID Connect flows (a real provider, refresh tokens, client secrets): <a href="${ctx.oauthUrl}">the OAuth corner</a>.</p>
<p>Expected 401s: <a href="/signed-out">a signed-out page that asks who is signed in</a> (the badge stays empty).</p>
<noscript>The buttons need JavaScript.</noscript>
<script type="application/json" id="${PLAN_ELEMENT_ID}">${plan}</script>
<script src="/app.js"></script>
</body>
</html>
`;
}

type Site = 'page' | 'cross';

function send(res: ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
  const isJson = reply.body !== undefined && typeof reply.body !== 'string';
  const body =
    reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : String(reply.body);
  res.writeHead(reply.status, {
    ...(reply.body === undefined
      ? {}
      : { 'content-type': isJson ? 'application/json' : 'text/plain; charset=utf-8' }),
    ...extraHeaders,
    ...reply.headers,
  });
  res.end(body);
}

/** CORS headers for the page's origin only, exact, with credentials. */
function corsHeaders(req: IncomingMessage, ctx: Context): Record<string, string> {
  if (req.headers.origin !== ctx.pageOrigin) return {};
  return {
    'access-control-allow-origin': ctx.pageOrigin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function handle(
  site: Site,
  req: IncomingMessage,
  res: ServerResponse,
  ctx: Context,
  appJs: string,
) {
  const selfOrigin = site === 'page' ? ctx.pageOrigin : ctx.crossOrigin;
  const host = req.headers.host ?? '';
  // Only our own host names: a DNS-rebound name pointing at 127.0.0.1 gets nothing.
  const port = new URL(selfOrigin).port;
  if (site === 'page' && host === `localhost:${port}`) {
    // The page must be on 127.0.0.1, or the "cross-site" origin would be same-site.
    send(res, { status: 308, headers: { location: `${ctx.pageOrigin}${req.url ?? '/'}` } });
    return;
  }
  const allowedHosts =
    site === 'page' ? [`127.0.0.1:${port}`] : [`localhost:${port}`, `127.0.0.1:${port}`];
  if (!allowedHosts.includes(host)) {
    send(res, { status: 421, body: 'Misdirected request' });
    return;
  }

  const url = new URL(req.url ?? '/', selfOrigin);
  const apiRequest: ApiRequest = { method: req.method ?? 'GET', url, headers: req.headers };

  if (site === 'page' && req.method === 'GET') {
    if (url.pathname === '/') {
      send(
        res,
        { status: 200, body: pageHtml(ctx) },
        {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' ${ctx.crossOrigin}; img-src 'self'; base-uri 'none'; form-action 'none'`,
        },
      );
      return;
    }
    if (url.pathname === '/app.js') {
      send(
        res,
        { status: 200, body: appJs },
        { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
      );
      return;
    }
    if (url.pathname === '/signed-out') {
      send(
        res,
        { status: 200, body: SIGNED_OUT_HTML },
        {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'`,
        },
      );
      return;
    }
    if (url.pathname === '/signed-out.js') {
      send(
        res,
        { status: 200, body: SIGNED_OUT_JS },
        { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' },
      );
      return;
    }
    if (url.pathname === '/session/me') {
      // A session check: 401 by design when nobody is signed in (the page shows "Sign in").
      send(res, checkBearer(apiRequest, ctx) ?? { status: 200, body: { user: BASIC_USER } }, {
        'cache-control': 'no-store',
      });
      return;
    }
    if (url.pathname === '/favicon.ico') {
      // Answered so the browser's favicon request is not a 404 in the extension's view.
      send(res, { status: 204 });
      return;
    }
  }
  if (site === 'cross' && req.method === 'GET' && url.pathname === '/') {
    send(res, {
      status: 200,
      body: `The second origin of the 401 Doctor playground (cross-site to ${ctx.pageOrigin}/).`,
    });
    return;
  }

  const api = /^\/api\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?$/.exec(url.pathname);
  const id = api?.[1];
  const behaviour = id && Object.hasOwn(behaviours, id) ? behaviours[id as ScenarioId] : undefined;
  const step = api?.[2];
  const redirected = behaviour?.redirectTarget !== undefined && behaviour.origin !== site && !step;
  if (
    !behaviour ||
    (behaviour.origin !== site && !redirected) ||
    (step && behaviour.setup?.path !== step)
  ) {
    send(res, { status: 404, body: { error: 'not_found' } });
    return;
  }
  const headers = {
    'cache-control': 'no-store',
    ...(site === 'cross' ? corsHeaders(req, ctx) : {}),
  };
  if (req.method === 'OPTIONS' && site === 'cross') {
    const reply = behaviour.preflight?.(apiRequest, ctx) ?? {
      status: 204,
      headers: {
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': 'authorization, x-api-key, content-type',
        // No preflight cache: each click shows its own preflight to the extension.
        'access-control-max-age': '0',
      },
    };
    send(res, reply, headers);
    return;
  }
  if (req.method !== 'GET') {
    send(res, { status: 405, headers: { allow: 'GET' } }, headers);
    return;
  }
  const reply = step
    ? behaviour.setup?.answer(apiRequest, ctx)
    : redirected
      ? behaviour.redirectTarget?.(apiRequest, ctx)
      : behaviour.answer(apiRequest, ctx);
  send(res, reply ?? { status: 404 }, headers);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the playground is never reachable from another machine.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections from a browser would otherwise hold close() open.
    server.closeAllConnections();
  });
}

/**
 * Starts the playground. `port` 0 (the default) picks free ports; a fixed `port` puts the second
 * origin on `port + 1` unless `crossPort` says otherwise.
 */
export async function startPlayground(
  opts: { port?: number; crossPort?: number } = {},
): Promise<Playground> {
  const appJs = await readFile(new URL('./app.js', import.meta.url), 'utf8');
  const port = opts.port ?? 0;
  const crossPort = opts.crossPort ?? (port === 0 ? 0 : port + 1);
  const ctx: Context = {
    pageOrigin: '',
    oauthUrl: '',
    crossOrigin: '',
    secret: randomBytes(32),
    apiKey: `pg-${randomBytes(16).toString('hex')}`,
    sessions: new Set(),
    revoked: new Set(),
  };
  const page = createServer((req, res) => handle('page', req, res, ctx, appJs));
  const cross = createServer((req, res) => handle('cross', req, res, ctx, appJs));
  try {
    ctx.pageOrigin = `http://127.0.0.1:${await listen(page, port)}`;
    ctx.crossOrigin = `http://localhost:${await listen(cross, crossPort)}`;
  } catch (error) {
    await Promise.all([closeServer(page), closeServer(cross)]);
    throw error;
  }
  const oauth = await startOAuthCorner();
  ctx.oauthUrl = oauth.url;
  return {
    url: `${ctx.pageOrigin}/`,
    crossOrigin: ctx.crossOrigin,
    oauthUrl: oauth.url,
    close: async () => {
      await Promise.all([closeServer(page), closeServer(cross), oauth.close()]);
    },
  };
}
