// The playground's OAuth corner: a real OpenID Connect provider (oidc-provider), a protected API
// that accepts only that provider's access tokens, and a page whose buttons run the flows that
// break at the token endpoint. Its own origin on loopback (http://127.0.0.1:<port>/), so what
// 401 Doctor learns about it in a tab is not mixed with the main playground's APIs.
// - /oauth/...          the provider (discovery, authorize, token, revocation), issuer `<origin>/oauth`
// - /interaction/:uid   signs "alice" in and consents at once (no form: the flows run unattended)
// - /api/profile        Bearer <access token> -> 200, or 401 error="invalid_token"
// - /api/admin          needs the scope `admin`, which no token gets -> 403 insufficient_scope
// - /api/transfer       wants a multi-factor sign-in (acr `mfa`), which nobody has -> 401 step-up
// - / and /callback     the page (oauth-page.js runs the flows; /callback ends the sign-in)
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface OAuthCorner {
  /** The page: `http://127.0.0.1:<port>/` */
  url: string;
  /** The provider's issuer: `http://127.0.0.1:<port>/oauth` */
  issuer: string;
  close(): Promise<void>;
}

/** One button of the corner: what it does and what 401 Doctor should rank first. */
export interface OAuthScenario {
  id: string;
  label: string;
  description: string;
  /** The request the diagnosis is about, as `METHOD /path`. */
  failing: string;
  expectedStatus: number;
  expectedDiagnosis: string;
}

export const OAUTH_SCENARIOS = [
  {
    id: 'refresh-reused',
    label: 'Refresh token used twice',
    description:
      'Signs in (authorization code + PKCE), refreshes once (rotation: a new refresh token), then refreshes again with the old refresh token, as a second tab holding the old copy would. The provider sees the reuse, revokes the whole grant, and the API refuses the new access token.',
    failing: 'GET /api/profile',
    expectedStatus: 401,
    expectedDiagnosis: 'refresh-token-reused',
  },
  {
    id: 'refresh-failed',
    label: 'Refresh after sign-out elsewhere',
    description:
      'Signs in, then the refresh token is revoked (a sign-out in another app). The refresh is refused with invalid_grant, and the API refuses the access token of the same grant.',
    failing: 'GET /api/profile',
    expectedStatus: 401,
    expectedDiagnosis: 'refresh-failed',
  },
  {
    id: 'refresh-and-retry',
    label: 'Access token expired: refresh and retry',
    description:
      'Signs in with a client whose access tokens live two seconds at most (whole seconds: one to two), waits three, and calls the API: 401. The page refreshes, as apps do on a 401, and retries with the new access token, which works. The flow view shows the refresh and the retry after the failure.',
    failing: 'GET /api/profile',
    expectedStatus: 401,
    expectedDiagnosis: 'invalid-token',
  },
  {
    id: 'pkce-mismatch',
    label: 'PKCE code_verifier mismatch',
    description:
      'Signs in, but the code exchange sends a code_verifier other than the one whose challenge went with the authorize request (as when a sign-in in another tab overwrote it). The provider answers 400 invalid_grant; the app goes on without a token and the API answers 401.',
    failing: 'GET /api/profile',
    expectedStatus: 401,
    expectedDiagnosis: 'no-credentials',
  },
  {
    id: 'redirect-uri-mismatch',
    label: 'redirect_uri mismatch at the token endpoint',
    description:
      'Signs in, but the code exchange sends a redirect_uri other than the authorize request’s (a trailing slash). The provider answers 400 invalid_grant; the app goes on without a token and the API answers 401.',
    failing: 'GET /api/profile',
    expectedStatus: 401,
    expectedDiagnosis: 'no-credentials',
  },
  {
    id: 'client-secret-wrong',
    label: 'Client secret wrong',
    description:
      'client_credentials with Basic client authentication and a wrong secret: the token endpoint answers 401 invalid_client with a Basic challenge. (A backend does this; the page does it here so the extension sees it.)',
    failing: 'POST /oauth/token',
    expectedStatus: 401,
    expectedDiagnosis: 'oauth-client-auth-failed',
  },
  {
    id: 'client-secret-not-encoded',
    label: 'Client secret not form-urlencoded',
    description:
      'The right secret, which contains + / and =, put into Basic without form-urlencoding it first (RFC 6749 §2.3.1). The provider decodes it and reads + as a space: 401 invalid_client.',
    failing: 'POST /oauth/token',
    expectedStatus: 401,
    expectedDiagnosis: 'oauth-client-auth-failed',
  },
  {
    id: 'step-up',
    label: 'Step-up required',
    description:
      'Signs in, then calls an API that wants a stronger sign-in (multi-factor, and at most a minute old): 401 with error="insufficient_user_authentication", acr_values and max_age (RFC 9470).',
    failing: 'GET /api/transfer',
    expectedStatus: 401,
    expectedDiagnosis: 'step-up-required',
  },
  {
    id: 'scope-missing',
    label: 'Scope missing (403)',
    description:
      'A valid client_credentials token (secret encoded the right way) sent to an API that needs the scope admin: 403 with error="insufficient_scope", an auth-related 403 captured by default.',
    failing: 'GET /api/admin',
    expectedStatus: 403,
    expectedDiagnosis: 'insufficient-scope',
  },
] as const satisfies readonly OAuthScenario[];

export const SPA_CLIENT_ID = 'corner-spa';
/** The same public client, with access tokens that live two seconds at most (refresh-and-retry). */
const SHORT_LIVED_CLIENT_ID = 'corner-spa-short';
export const BACKEND_CLIENT_ID = 'corner-backend';
// A fake secret for the playground only. It holds +, / and = on purpose (base64 alphabet, as many
// generated secrets do): RFC 6749 §2.3.1 wants it form-urlencoded before the Basic encoding.
const BACKEND_SECRET = 'corner+Secret/0123456789abcdef==';

interface CornerState {
  origin: string;
  provider: Provider;
  page: string;
  script: string;
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

/** The access token's record at the provider (user tokens and client_credentials tokens). */
async function findToken(provider: Provider, token: string) {
  return (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
}

async function api(req: IncomingMessage, res: ServerResponse, state: CornerState, path: string) {
  const realm = 'oauth-corner';
  const token = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) {
    json(res, 401, { error: 'invalid_request' }, { 'www-authenticate': `Bearer realm="${realm}"` });
    return;
  }
  const found = await findToken(state.provider, token);
  if (!found || found.isExpired) {
    json(
      res,
      401,
      { error: 'invalid_token', error_description: 'The access token is not active' },
      {
        'www-authenticate': `Bearer realm="${realm}", error="invalid_token", error_description="The access token is not active"`,
      },
    );
    return;
  }
  if (path === '/api/transfer') {
    // RFC 9470 §3: the token is valid, the sign-in behind it is not strong enough.
    json(
      res,
      401,
      { error: 'insufficient_user_authentication' },
      {
        'www-authenticate': `Bearer realm="${realm}", error="insufficient_user_authentication", error_description="A multi-factor sign-in is required", acr_values="mfa", max_age="60"`,
      },
    );
    return;
  }
  if (
    path === '/api/admin' &&
    !String(found.scope ?? '')
      .split(' ')
      .includes('admin')
  ) {
    json(
      res,
      403,
      { error: 'insufficient_scope' },
      {
        'www-authenticate': `Bearer realm="${realm}", error="insufficient_scope", scope="admin"`,
      },
    );
    return;
  }
  json(res, 200, { sub: found.accountId ?? found.clientId, scope: found.scope ?? '' });
}

/** Signs alice in and consents to what the client asked for, without a form. */
async function interaction(req: IncomingMessage, res: ServerResponse, state: CornerState) {
  const { provider } = state;
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    await provider.interactionFinished(req, res, { login: { accountId: 'alice' } });
    return;
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: 'alice', clientId: String(details.params.client_id) });
  if (!grant) throw new Error('grant not found');
  if (details.prompt.details.missingOIDCScope)
    grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } });
}

async function handle(req: IncomingMessage, res: ServerResponse, state: CornerState) {
  const url = new URL(req.url ?? '/', state.origin);
  if (req.headers.host !== new URL(state.origin).host) {
    send(res, 421, 'Misdirected request');
    return;
  }
  if (url.pathname === '/oauth' || url.pathname.startsWith('/oauth/')) {
    // Mounted under /oauth: oidc-provider reads the mount path from originalUrl.
    const mounted = req as IncomingMessage & { originalUrl?: string };
    mounted.originalUrl = req.url;
    req.url = (req.url ?? '/').slice('/oauth'.length) || '/';
    state.provider.callback()(req, res);
    return;
  }
  if (url.pathname.startsWith('/interaction/')) {
    await interaction(req, res, state);
    return;
  }
  if (['/api/profile', '/api/admin', '/api/transfer'].includes(url.pathname)) {
    await api(req, res, state, url.pathname);
    return;
  }
  if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/callback')) {
    send(res, 200, state.page, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'self'`,
    });
    return;
  }
  if (req.method === 'GET' && url.pathname === '/oauth-page.js') {
    send(res, 200, state.script, { 'content-type': 'text/javascript; charset=utf-8' });
    return;
  }
  if (url.pathname === '/favicon.ico') {
    send(res, 204, '');
    return;
  }
  json(res, 404, { error: 'not_found' });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );
}

function pageHtml(origin: string): string {
  const config = {
    issuer: `${origin}/oauth`,
    clientId: SPA_CLIENT_ID,
    shortLivedClientId: SHORT_LIVED_CLIENT_ID,
    backendClientId: BACKEND_CLIENT_ID,
    backendSecret: BACKEND_SECRET,
    redirectUri: `${origin}/callback`,
    scenarios: OAUTH_SCENARIOS,
  };
  const items = OAUTH_SCENARIOS.map(
    (s) =>
      `<li><button type="button" data-scenario="${s.id}">${escapeHtml(s.label)}</button> <span>${escapeHtml(s.description)}</span><div class="meta">${escapeHtml(s.failing)} → ${s.expectedStatus} · diagnosis: ${s.expectedDiagnosis}</div></li>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>401 Doctor playground: OAuth corner</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
li{margin:.6rem 0}.meta{color:#555;font-size:.85em}#log li{font-family:ui-monospace,monospace;font-size:.85em;margin:0}</style>
</head><body>
<h1>OAuth corner</h1>
<p>A real OpenID Connect provider (<code>oidc-provider</code>) at <code>${escapeHtml(origin)}/oauth</code> and an API that takes its access tokens. Each button runs a whole flow; open the 401 Doctor popup afterwards.</p>
<script type="application/json" id="oauth-config">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
<ul id="scenarios">${items}</ul>
<h2>What the page did</h2>
<ol id="log" data-state="idle"></ol>
<script src="/oauth-page.js"></script>
</body></html>`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Starts the corner on loopback; port 0 picks a free one. */
export async function startOAuthCorner(opts: { port?: number } = {}): Promise<OAuthCorner> {
  const script = await readFile(new URL('./oauth-page.js', import.meta.url), 'utf8');
  const state = { origin: '', page: '', script } as CornerState;
  const server = createServer((req, res) => {
    handle(req, res, state).catch((error: unknown) => {
      if (!res.headersSent)
        json(res, 500, { error: 'server_error', error_description: String(error) });
      else res.end();
    });
  });
  const port = await listen(server, opts.port ?? 0);
  state.origin = `http://127.0.0.1:${port}`;
  state.page = pageHtml(state.origin);
  state.provider = new Provider(`${state.origin}/oauth`, {
    clients: [
      {
        client_id: SPA_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${state.origin}/callback`],
      },
      {
        client_id: SHORT_LIVED_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${state.origin}/callback`],
      },
      {
        client_id: BACKEND_CLIENT_ID,
        client_secret: BACKEND_SECRET,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ['openid', 'offline_access', 'profile'],
    features: {
      clientCredentials: { enabled: true },
      revocation: { enabled: true, allowedPolicy: () => true },
      devInteractions: { enabled: false },
    },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    // Every refresh hands out a new refresh token and retires the old one: reuse detection.
    rotateRefreshToken: true,
    // Lifetimes in seconds, set so that oidc-provider does not warn about its defaults.
    ttl: {
      AccessToken: (_ctx: unknown, _token: unknown, client: { clientId: string }) =>
        client.clientId === SHORT_LIVED_CLIENT_ID ? 2 : 600,
      ClientCredentials: 600,
      IdToken: 600,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 86_400,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: async (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: async () => ({ sub: id }),
    }),
    // The page and the provider share one origin; the backend client is played by the page.
    clientBasedCORS: () => true,
  });
  // oidc-provider warns on every request about its development-only defaults: quiet here.
  state.provider.on('server_error', () => undefined);
  return {
    url: `${state.origin}/`,
    issuer: `${state.origin}/oauth`,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
