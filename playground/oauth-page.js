// @ts-check
// The OAuth corner's page script: plain JavaScript, no build step. It plays a browser app that
// signs in with the authorization code flow (PKCE, public client), keeps its tokens in
// sessionStorage, refreshes them, and calls the API; a few buttons also play a backend that
// authenticates to the token endpoint with a client secret. Everything shown is textContent.

/**
 * @typedef {{ id: string, label: string, failing: string, expectedStatus: number, expectedDiagnosis: string }} Scenario
 * @typedef {{ issuer: string, clientId: string, shortLivedClientId: string, backendClientId: string, backendSecret: string, redirectUri: string, scenarios: Scenario[] }} Config
 * @typedef {{ access_token?: string, refresh_token?: string, error?: string }} TokenAnswer
 */

/** @type {Config} */
const config = JSON.parse(document.getElementById('oauth-config')?.textContent ?? '{}');
const log = /** @type {HTMLOListElement} */ (document.getElementById('log'));
/** The scenarios that sign in with the client whose access tokens live two seconds at most. */
const SHORT_LIVED = new Set(['refresh-and-retry']);
/** The public client the signed-in scenario uses (set by signIn, kept across the redirect). */
let clientId = config.clientId;

/** @param {string} line */
function say(line) {
  const item = document.createElement('li');
  item.textContent = line;
  log.append(item);
}

/** @param {string} state */
function setState(state) {
  log.dataset.state = state;
}

/** @returns {Promise<{ token_endpoint: string, authorization_endpoint: string, revocation_endpoint: string }>} */
async function discovery() {
  const response = await fetch(`${config.issuer}/.well-known/openid-configuration`, {
    cache: 'no-store',
  });
  say(`GET /oauth/.well-known/openid-configuration → ${response.status}`);
  return response.json();
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * POST a form to the token endpoint (or another provider endpoint); resolves with the status and
 * the JSON answer.
 * @param {string} url @param {Record<string, string>} form @param {Record<string, string>} [headers]
 * @returns {Promise<{ status: number, body: TokenAnswer }>}
 */
async function post(url, form, headers = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
    cache: 'no-store',
    // A 401 with a Basic challenge would open the browser's login dialog otherwise (Chromium
    // does so even when the request carried its own Authorization header).
    credentials: 'omit',
  });
  const text = await response.text();
  say(`POST ${new URL(url).pathname} (${form.grant_type ?? 'revoke'}) → ${response.status}`);
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/**
 * Calls the API with the access token; with none (''), as a token-only API client does: no
 * Authorization, and no cookies (the provider's session cookie is no credential of the API).
 * @param {string} path @param {string} token
 */
async function callApi(path, token) {
  const response = await fetch(`${path}?n=${Date.now()}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    cache: 'no-store',
    ...(token ? {} : { credentials: /** @type {RequestCredentials} */ ('omit') }),
  });
  await response.text();
  say(`GET ${path} → ${response.status}`);
  return response.status;
}

/** Starts the authorization code flow; the scenario goes on in /callback. @param {string} next */
async function signIn(next) {
  const endpoints = await discovery();
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  clientId = SHORT_LIVED.has(next) ? config.shortLivedClientId : config.clientId;
  sessionStorage.setItem('corner-flow', JSON.stringify({ verifier, state, next, clientId }));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: config.redirectUri,
    scope: 'openid offline_access',
    prompt: 'consent',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** The redirect back from the provider: exchange the code, then run the scenario that asked. */
async function callback() {
  const params = new URLSearchParams(location.search);
  const flow = JSON.parse(sessionStorage.getItem('corner-flow') ?? '{}');
  sessionStorage.removeItem('corner-flow');
  clientId = flow.clientId ?? config.clientId;
  history.replaceState(null, '', '/');
  if (params.get('error') || params.get('state') !== flow.state) {
    say(`sign-in failed: ${params.get('error') ?? 'state mismatch'}`);
    setState('done');
    return;
  }
  const endpoints = await discovery();
  /** @type {Record<string, string>} */
  const form = {
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: config.redirectUri,
    client_id: clientId,
    code_verifier: flow.verifier,
  };
  codeExchangeMistakes[flow.next]?.(form);
  const { body } = await post(endpoints.token_endpoint, form);
  if (!body.access_token || !body.refresh_token) {
    say('no tokens from the code exchange');
    // The app goes on as if signed in: its first API call has no token to send.
    if (codeExchangeMistakes[flow.next]) await callApi('/api/profile', '');
    setState('done');
    return;
  }
  await callApi('/api/profile', body.access_token);
  const run = userFlows[flow.next];
  if (run) await run(endpoints, body.access_token, body.refresh_token);
  setState('done');
}

/**
 * What a scenario's code exchange gets wrong: a code_verifier other than the one whose challenge
 * went with the authorize request (another tab's sign-in overwrote it, say), or a redirect_uri
 * other than the authorize request's (a trailing slash). The provider answers 400 invalid_grant.
 * @type {Record<string, (form: Record<string, string>) => void>}
 */
const codeExchangeMistakes = {
  'pkce-mismatch'(form) {
    form.code_verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  },
  'redirect-uri-mismatch'(form) {
    form.redirect_uri = `${config.redirectUri}/`;
  },
};

/** @param {string} endpoint @param {string} refreshToken */
function refresh(endpoint, refreshToken) {
  return post(endpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: clientId,
  });
}

/**
 * What the signed-in scenarios do once the app holds its first tokens.
 * @type {Record<string, (endpoints: { token_endpoint: string, revocation_endpoint: string }, access: string, refreshToken: string) => Promise<void>>}
 */
const userFlows = {
  // This tab refreshes (rotation: a new refresh token); a second tab that still holds the old
  // refresh token refreshes too. The provider detects the reuse and revokes the grant.
  async 'refresh-reused'(endpoints, _access, refreshToken) {
    const first = await refresh(endpoints.token_endpoint, refreshToken);
    await refresh(endpoints.token_endpoint, refreshToken);
    await callApi('/api/profile', first.body.access_token ?? '');
  },
  // The access token expires (this client's live two seconds at most): the API refuses it, the app
  // refreshes, as apps do on a 401, and retries the call with the new access token.
  async 'refresh-and-retry'(endpoints, access, refreshToken) {
    await new Promise((resolve) => setTimeout(resolve, 3100));
    if ((await callApi('/api/profile', access)) !== 401) return;
    const renewed = await refresh(endpoints.token_endpoint, refreshToken);
    await callApi('/api/profile', renewed.body.access_token ?? '');
  },
  // A payment API wants a multi-factor sign-in; the token is fine, the sign-in is not enough.
  async 'step-up'(_endpoints, access) {
    await callApi('/api/transfer', access);
  },
  // The grant is revoked elsewhere (a sign-out in another app): the refresh is refused.
  async 'refresh-failed'(endpoints, access, refreshToken) {
    await post(endpoints.revocation_endpoint, {
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: clientId,
    });
    await refresh(endpoints.token_endpoint, refreshToken);
    await callApi('/api/profile', access);
  },
};

/** Basic client authentication, with or without RFC 6749 §2.3.1's form-urlencoding. @param {string} secret @param {boolean} encode */
function basic(secret, encode) {
  const part = (/** @type {string} */ v) =>
    encode ? new URLSearchParams({ v }).toString().slice(2) : v;
  return `Basic ${btoa(`${part(config.backendClientId)}:${part(secret)}`)}`;
}

/** @param {string} authorization */
async function clientCredentials(authorization) {
  const endpoints = await discovery();
  return post(endpoints.token_endpoint, { grant_type: 'client_credentials' }, { authorization });
}

/** @type {Record<string, () => Promise<void>>} */
const backendFlows = {
  async 'client-secret-wrong'() {
    await clientCredentials(basic('not-the-secret', true));
  },
  async 'client-secret-not-encoded'() {
    await clientCredentials(basic(config.backendSecret, false));
  },
  async 'scope-missing'() {
    const { body } = await clientCredentials(basic(config.backendSecret, true));
    await callApi('/api/admin', body.access_token ?? '');
  },
};

for (const button of document.querySelectorAll('button[data-scenario]')) {
  const id = /** @type {HTMLButtonElement} */ (button).dataset.scenario ?? '';
  button.addEventListener('click', async () => {
    setState('running');
    say(`— ${id}`);
    try {
      if (userFlows[id] || codeExchangeMistakes[id]) {
        await signIn(id);
        return;
      }
      await backendFlows[id]?.();
    } catch (error) {
      say(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    setState('done');
  });
}

if (location.pathname === '/callback') {
  setState('running');
  callback().catch((error) => {
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    setState('done');
  });
}
