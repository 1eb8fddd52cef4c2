/**
 * The diagnosis catalogue as data: every id with its family, default severity and title
 * (./diagnosis-kinds.ts, all the engine needs) and here its plain explanation and ordered
 * general fixes. docs/diagnoses.md is generated from both (`npm run docs`). The popup, the
 * panel, exports and the command line read their words from here; the rules only add evidence,
 * a confidence and specific fixes.
 */
import { DIAGNOSIS_KINDS, type DiagnosisId, type DiagnosisKind } from './diagnosis-kinds';

export type { DiagnosisFamily, DiagnosisId, Severity } from './diagnosis-kinds';
export { DIAGNOSIS_IDS, isDiagnosisId } from './diagnosis-kinds';

export interface CatalogueWords {
  explanation: string;
  fixes: readonly string[];
}

export interface CatalogueEntry extends DiagnosisKind, CatalogueWords {}

/** The explanation and general fixes of each id: exactly the ids of DIAGNOSIS_KINDS. */
export const CATALOGUE_WORDS: Record<DiagnosisId, CatalogueWords> = {
  // Presence and transport
  'no-credentials': {
    explanation:
      'Nothing in the request identified the caller: no Authorization header, no cookie and no API key in a header or the query string. The server cannot know who is asking, so it answered 401.',
    fixes: [
      'Send the credential the server asks for (see its WWW-Authenticate challenge): for example `Authorization: Bearer <token>`, `Authorization: Basic <base64 of user:password>`, or the API-key header the API documents.',
      'If the code does set a header, check that it runs for this request (the variable may be empty, or the request may be built before the login finished).',
      'If the credential is a cookie, check that the browser sends it (see cookie and CORS diagnoses).',
    ],
  },
  'credentials-not-forwarded': {
    explanation:
      'An earlier request to the same origin carried a credential that this request lacks. Login worked, but the token is not attached to every later call.',
    fixes: [
      'Attach the credential in one place that every request goes through (an HTTP-client interceptor or default headers), not only on the first request.',
      'Store the token where later code can read it (memory, storage) and read it when each request is built, not once at start-up.',
      'Check requests made by other code paths (image tags, downloads, workers, new windows) that bypass the client that adds the header.',
    ],
  },
  'redirect-dropped-credentials': {
    explanation:
      'This request followed a redirect. The request before the redirect carried Authorization, this one does not: browsers (Fetch) and most HTTP clients remove it when a redirect leaves the origin, and some clients (.NET HttpClient) remove it on every redirect, even to the same origin, so the target saw no credentials.',
    fixes: [
      'Call the final URL directly instead of the one that redirects.',
      'Or handle the redirect yourself (`redirect: "manual"`) and send the request again with the Authorization header.',
      'On the server, avoid redirecting API calls (http to https, bare domain to www, trailing slash).',
    ],
  },
  'cors-credentials-not-sent': {
    explanation:
      'This cross-origin request carried no Cookie, yet the host authenticates with cookies. Browsers leave cookies out of cross-origin fetch and XHR calls unless the code asks for them and the server allows it.',
    fixes: [
      "Client: send cookies with the request: `fetch(url, { credentials: 'include' })`, or `xhr.withCredentials = true` / axios `withCredentials: true`.",
      'Server: answer with the exact calling origin in `Access-Control-Allow-Origin` (not `*`) and with `Access-Control-Allow-Credentials: true`, on the preflight and on the response.',
      'The session cookie must allow cross-site use: `SameSite=None; Secure` (which needs https).',
    ],
  },
  'cookie-blocked': {
    explanation:
      'The host set a cookie earlier, but the browser did not send it with this request. The cookie attributes named in the evidence keep it out of this request.',
    fixes: [
      'Fix the attribute named in the evidence: `SameSite=None; Secure` for cross-site requests, `Secure` cookies only over https, a Domain and Path that cover this URL, an expiry in the future.',
      'If third-party cookies are blocked, serve the API from the same site as the page or use a token in the Authorization header instead.',
    ],
  },
  'preflight-unauthorized': {
    explanation:
      'An OPTIONS preflight request was answered 401. Browsers never send credentials on a preflight, so an auth layer that checks OPTIONS requests refuses them all, and the real request is never sent.',
    fixes: [
      'Let OPTIONS requests through the auth layer without credentials and answer them with the CORS headers (2xx).',
      'Put the CORS middleware before the authentication middleware.',
    ],
  },
  'insecure-transport': {
    explanation:
      'The credentials travelled unencrypted to a host that is not this machine; anyone on the path can read and reuse them. Servers and browsers may also refuse Secure cookies and some schemes over http.',
    fixes: [
      'Use https for every request that carries credentials.',
      'Rotate the credential if it was sent over a network you do not control.',
    ],
  },
  // Authorization header format
  'placeholder-token': {
    explanation:
      'The credential is a placeholder such as `undefined`, `null`, `[object Object]`, `<token>` or a template that was never filled in. The variable holding the token was empty or unresolved when the header was built.',
    fixes: [
      'Check where the token comes from at the moment the request is built: log it before the call (masked).',
      'Wait for login or token refresh to finish before sending requests that need it.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the text names an unfilled template
      'For `[object Object]`, pass the token string (`data.access_token`), not the whole response object; for `${...}` / `{{...}}`, the template or environment variable was not substituted.',
    ],
  },
  'empty-credentials': {
    explanation:
      'The header has an auth scheme (such as `Bearer`) and nothing after it. The value that should follow was an empty string when the header was built.',
    fixes: [
      'Make sure the token variable is set before building the header, and skip or delay the request when it is not.',
      'Check the storage key or environment variable the token is read from.',
    ],
  },
  'missing-scheme': {
    explanation:
      'The Authorization header holds a bare token with no scheme in front of it, while the server asks for a scheme. Servers read the first word as the scheme and refuse the rest.',
    fixes: [
      'Put the scheme the server asks for in front of the token: `Authorization: Bearer <token>`.',
    ],
  },
  'duplicated-scheme': {
    explanation:
      'The header reads like `Bearer Bearer <token>`: the stored value already contained the scheme and the code added it again.',
    fixes: [
      'Add the scheme once: either store the bare token and prefix it, or store the full header value and do not prefix it.',
    ],
  },
  'quoted-token': {
    explanation:
      'The credential starts and ends with quote characters, which are not part of the token. This usually comes from storing a JSON-encoded string and reading it back without parsing.',
    fixes: [
      'Send the raw token: `JSON.parse` the stored value, or strip the quotes, before building the header.',
    ],
  },
  'malformed-authorization': {
    explanation:
      'The header contains characters that cannot be part of the credential: line breaks, control characters, inner spaces, characters outside the token alphabet, or a JSON object instead of a token.',
    fixes: [
      'Trim the token and send exactly `<scheme> <token>` with a single space.',
      'If the value is JSON, send the token field from it, not the whole object.',
    ],
  },
  'scheme-mismatch': {
    explanation:
      "The request used an auth scheme that is not among those the server's WWW-Authenticate challenges offer, so the server ignores the credential.",
    fixes: [
      'Use the scheme the server asks for (named in the evidence).',
      'If you hold the right kind of credential for another scheme, check you are calling the right API or endpoint.',
    ],
  },
  'multiple-authorization': {
    explanation:
      'The request carried several Authorization headers, or several credentials joined with commas. Servers take one, often the wrong one, or refuse the request.',
    fixes: [
      'Send a single Authorization header with a single credential.',
      'Look for two layers that both add the header (an interceptor and explicit code, a proxy and the client).',
    ],
  },
  // JSON Web Tokens
  'jwt-expired': {
    explanation:
      "The token's `exp` claim is at or before the time the request was sent, so the server refuses it. Access tokens are short-lived on purpose.",
    fixes: [
      'Get a new access token (use the refresh token, or sign in again), then retry once.',
      'Refresh shortly before `exp` instead of after a failure, and check that the refresh logic runs and stores the new token.',
      'If the token looks expired only by a few seconds, compare the clocks of client, issuer and server.',
    ],
  },
  'jwt-not-yet-valid': {
    explanation:
      "The token's `nbf` (not before) is after the request time, or it was issued (`iat`) in the future. This means the clocks of the issuer, the client or the server disagree.",
    fixes: [
      'Synchronise the clocks of the issuer, the client and the API server (NTP).',
      "Allow a small leeway (30-60 s) for `nbf`/`iat` in the server's token validation.",
    ],
  },
  'jwt-malformed': {
    explanation:
      'The credential looks like a JWT but one of its parts is not valid base64url JSON, or it has the wrong number of parts. It was truncated, padded, or altered on the way.',
    fixes: [
      'Send the whole token exactly as the issuer returned it (no truncation, no added padding or whitespace).',
      'Check storage size limits (cookies hold about 4 KB) and code that slices or re-encodes the token.',
    ],
  },
  'jwt-unsigned': {
    explanation:
      'The JWT uses `alg: none` or has an empty signature. Servers rightly refuse unsigned tokens.',
    fixes: [
      'Use the signed token the issuer returns; never build or decode-and-re-encode tokens on the client.',
    ],
  },
  'jwt-wrong-token-type': {
    explanation:
      'The token sent is an OpenID Connect ID token (it proves who signed in, to the client) or a refresh token, not an access token meant for this API.',
    fixes: [
      'Send the `access_token` from the token response, not the `id_token` or `refresh_token`.',
      'If the provider returns an opaque access token, request one for this API (set the audience / resource parameter).',
    ],
  },
  'jwt-audience-mismatch': {
    explanation:
      "The token's `aud` (audience) is not the one this server expects: it names URLs or hosts and none is the host this request went to, or the server says so itself (an identity-aware proxy or gateway names the audience it wanted, often an OAuth client id). The server refuses tokens meant for someone else.",
    fixes: [
      "Request a token for this API's audience (the `audience` or `resource` parameter, or the API's scope).",
      "Check the server's expected audience setting matches the identifier the issuer uses.",
    ],
  },
  'environment-mismatch': {
    explanation:
      'The credential was issued for a different environment than the host it was sent to: for example a token from a local or staging issuer sent to production, or a test key sent to a live endpoint.',
    fixes: [
      'Use the credential issued for this environment (check which `.env` / configuration the app loaded).',
      'Make the base URL and the credential come from the same environment setting.',
    ],
  },
  'jwe-opaque': {
    explanation:
      'The token has five parts: it is an encrypted JWT. Its claims (expiry, audience) cannot be read here.',
    fixes: [
      'Ask the issuer (its introspection endpoint or logs) whether the token is valid and for which audience.',
    ],
  },
  // Basic and Digest
  'basic-not-encoded': {
    explanation:
      'The Basic scheme expects `user:password` encoded in base64. This header carries the text as it is.',
    fixes: [
      'Send `Authorization: Basic ` followed by base64 of `user:password` (for example `btoa(user + ":" + password)` for ASCII values).',
    ],
  },
  'basic-malformed': {
    explanation:
      'The value is base64, but after decoding it lacks the colon between user and password, has broken padding, or contains control characters.',
    fixes: [
      'Encode exactly `user:password` (one colon, no line break, no trailing newline from shell `echo`; use `printf` or `echo -n`).',
    ],
  },
  'basic-charset': {
    explanation:
      'The user name or password has non-ASCII characters, but the server did not say `charset="UTF-8"` in its challenge, or the decoded bytes are not valid UTF-8. Client and server may encode the same password differently.',
    fixes: [
      'Encode `user:password` as UTF-8 before base64 (RFC 7617 section 2.1), and have the server announce `charset="UTF-8"`.',
      'Or use ASCII-only credentials with this server.',
    ],
  },
  'basic-rejected': {
    explanation:
      'Well-formed Basic credentials were sent and the server still answered 401: the user name or the password is wrong for this realm (or the account is not allowed).',
    fixes: [
      'Check the user name and password for the realm named in the challenge.',
      'Check the server side: the user exists in the password file or directory used for this location (for example the `.htpasswd` file the server reads).',
    ],
  },
  'digest-stale-nonce': {
    explanation:
      'The server answered with `stale=true`: the password was right but the nonce it was combined with is no longer valid.',
    fixes: ['Retry with the new nonce from this challenge, without asking for the password again.'],
  },
  'digest-mismatch': {
    explanation:
      "The Digest credentials name a realm, nonce, URI, algorithm or qop that differs from the server's challenge or the request, so the server cannot verify them.",
    fixes: [
      'Compute the Digest response for the challenge just received and for the exact request URI.',
      'Use an algorithm and qop the challenge offers.',
    ],
  },
  'digest-rejected': {
    explanation:
      'A well-formed Digest response that matches the challenge was refused and the nonce was not stale: the user name or password is wrong.',
    fixes: [
      'Check the user name and password for this realm.',
      'On the server, check the digest password file (for example one made with `htdigest`) uses the same realm.',
    ],
  },
  // What the server said
  'invalid-token': {
    explanation:
      'The server rejected the token itself (RFC 6750 `invalid_token`, or a message saying it is invalid, revoked or expired), and nothing visible in the request explains why. Tokens can be revoked by the user, an administrator or a password change.',
    fixes: [
      'Get a new token: refresh it, or sign in again.',
      'If it was revoked, find out why (sign-out elsewhere, password change, app access removed) before retrying.',
      'Check the token was issued by the issuer the server trusts (same tenant, same signing keys).',
    ],
  },
  'credentials-rejected': {
    explanation:
      'The request carried a credential and the server refused it, but the capture does not show enough to say which kind or why: its value was hidden by whoever made the capture, or the scheme or header is one the server does not explain. Nothing more specific applies.',
    fixes: [
      'Check that the credential is current (not expired, revoked or rotated) and belongs to this environment and account.',
      'Check it is sent the way the API documents: the header name, the scheme word, the encoding.',
      'If the capture masked the value, look at the original request (or a capture made with secrets kept) to check its format and expiry.',
    ],
  },
  'login-rejected': {
    explanation:
      'A sign-in request (a POST to a login, session or token endpoint carrying a user name or email and a password) was refused, or the server says the user name, email or password is wrong.',
    fixes: [
      'Check the user name (or email) and password, and the keyboard layout and caps lock when typing them.',
      'The account may be locked, disabled, not yet verified, or belong to another tenant, realm or connection than the one this request signs in to.',
      'For an identity provider, check the client is allowed to use this grant (password grant, direct access) for this user.',
    ],
  },
  'api-token-required': {
    explanation:
      'The API refuses the account password for API access and wants an API token or personal access token instead; many SaaS APIs (Atlassian cloud, GitHub, GitLab with two-factor authentication, Docker Hub) stopped accepting passwords and say so in the response.',
    fixes: [
      'Create an API token or personal access token in the account settings of the service, with the scopes this call needs.',
      'Send it where the password was (for Basic: `user-or-email:token`, base64-encoded), or as the API documents.',
      'Update scripts, CI secrets and git credential helpers that still hold the password.',
    ],
  },
  'invalid-request': {
    explanation:
      'The server answered RFC 6750 `invalid_request`: a parameter is missing or repeated, or the credential was sent in more than one way.',
    fixes: [
      'Fix the request shape the server names in `error_description`.',
      'Send the token one way only (the Authorization header), not also in the query or body.',
    ],
  },
  'insufficient-scope': {
    explanation:
      'The server accepted who you are but the token does not carry the permission (scope) this request requires.',
    fixes: [
      'Request a token with the scopes the server names (evidence), then retry.',
      'If the scope is already requested, check the user or app was granted it.',
    ],
  },
  'missing-challenge': {
    explanation:
      'A 401 response must say how to authenticate (RFC 9110 section 15.5.2); this one did not, so clients cannot tell which scheme is expected.',
    fixes: [
      'Server: send `WWW-Authenticate` with the scheme and realm on every 401 (for example `Bearer realm="api"`).',
      'Client: find the expected scheme in the API documentation.',
    ],
  },
  'api-key-missing': {
    explanation:
      'No API key was found in the request headers or query string, and the server says it needs one.',
    fixes: [
      'Send the key in the header or query parameter the API documents (for example `X-API-Key: <key>`).',
      'Check the environment variable or configuration that should provide the key is set.',
    ],
  },
  'api-key-rejected': {
    explanation:
      'An API key was sent and the server refused it: it is wrong, disabled or revoked, belongs to another environment or account, or was sent in a place the API does not read.',
    fixes: [
      'Check the key is active and copied whole (no spaces or line breaks).',
      'Check it belongs to this environment (test vs live, dev vs production) and this account or project.',
      'Send it where the API documents (header name or query parameter); some APIs accept only one.',
    ],
  },
  'aws-signature-error': {
    explanation:
      'AWS could not verify the Signature Version 4 signature: the signature does not match, is incomplete, expired, the request time is too far from AWS time, or the session token expired.',
    fixes: [
      'Sign again with the right secret key, region and service name; sign exactly the headers and payload that are sent.',
      'Sync the clock (NTP): the request time must be within 5 minutes of AWS time.',
      'Refresh temporary credentials (session token) before they expire.',
    ],
  },
  // OAuth 2 and OpenID Connect flows
  'oauth-client-auth-failed': {
    explanation:
      'The token endpoint did not accept the client itself: the client id or secret is wrong, the client authenticated another way than the one it is registered for (Basic, secret in the form body, or a signed assertion), or the id and secret were not form-urlencoded before the Basic encoding, so a secret with +, /, = or % reads differently on the server. The user is not the problem here.',
    fixes: [
      'Check the client id and secret for this environment (a secret rotated in the provider, a test client against production).',
      'Send them the way the client is registered (token_endpoint_auth_method): client_secret_basic, client_secret_post or private_key_jwt.',
      'With Basic, form-urlencode the id and secret before joining them with ":" and base64-encoding them (RFC 6749 section 2.3.1).',
    ],
  },
  'refresh-token-reused': {
    explanation:
      'A refresh token that had already been exchanged was sent again. With refresh token rotation each refresh token works once; when a used one comes back, the authorization server assumes it was stolen and revokes the whole grant, so the access tokens of that sign-in stop working too. It usually means two tabs or two concurrent calls refreshed at the same time with the same token.',
    fixes: [
      'Refresh once at a time: a single-flight refresh shared by every tab and call (Web Locks `navigator.locks.request`, or a BroadcastChannel leader), which the others wait for.',
      'Store the new refresh token before using the new access token, and read the refresh token from shared storage just before each refresh, never from a copy taken earlier.',
      'After a revoked grant, sign the user in again; a retry with the old tokens will keep failing.',
    ],
  },
  'refresh-failed': {
    explanation:
      'The app tried to refresh its tokens and the token endpoint refused (invalid_grant: the refresh token expired, was revoked, or is unknown to this server). The requests after it fail because no new access token came.',
    fixes: [
      'Sign the user in again when a refresh is refused, instead of retrying with the old tokens.',
      'Check the refresh token lifetime (absolute and idle) at the provider, and whether a sign-out, a password change or an admin revoked the grant.',
      'Check that the app keeps the latest refresh token (rotation hands out a new one with every refresh) and sends it to the same token endpoint and client it came from.',
    ],
  },
  'step-up-required': {
    explanation:
      'The access token is valid, but the sign-in behind it is not strong enough or not recent enough for this request (RFC 9470): the server names the authentication level it wants (acr_values) or the longest time since the sign-in it accepts (max_age). A new token from the same sign-in will not do.',
    fixes: [
      'Send the user to the authorization endpoint again with the acr_values and max_age the server asked for (and prompt=login when the sign-in must be fresh), then retry with the new access token.',
      'Handle insufficient_user_authentication in the API client: it is a prompt to re-authenticate, not an error to retry.',
    ],
  },
  'dpop-proof-required': {
    explanation:
      'The token is sender-constrained with DPoP (RFC 9449): every request must prove possession of the key with a DPoP proof header, and the token goes with the DPoP scheme, not Bearer. The server refused because the proof was missing, the token came as Bearer, or the proof lacked the nonce the server asked for.',
    fixes: [
      'Send `Authorization: DPoP <token>` with a `DPoP` header: a proof JWT signed by the bound key, for this method and URL, with the access token hash (ath).',
      'When the server answers use_dpop_nonce, retry once with the nonce from its DPoP-Nonce header in the proof.',
    ],
  },
  // Across requests
  'credential-stopped-working': {
    explanation:
      'This exact credential succeeded earlier in this session and is refused now: it expired or was revoked in between.',
    fixes: [
      'Refresh the token (or sign in again) when it is refused, once, then retry.',
      'Check whether something revoked it: sign-out, password change, rotation of keys.',
    ],
  },
  'session-expired': {
    explanation:
      'Cookie authentication: the session cookie that worked earlier is refused now, the server cleared it, or the server says the session ended (to a request that carried only cookies). The session ended on the server.',
    fixes: [
      'Sign in again.',
      'Extend or refresh the session while the user is active (sliding expiry, refresh endpoint), and send the user to the login page when it ends.',
    ],
  },
  'retry-storm': {
    explanation:
      'Five or more requests to this origin failed within 10 seconds with the same credential. Retrying a refused token will not work and may get the client rate-limited or locked out.',
    fixes: [
      'Stop retrying with the same credential.',
      'Refresh once (one refresh shared by all waiting requests), then retry each request once with the new token; sign the user out if the refresh fails.',
    ],
  },
  'clock-skew': {
    explanation:
      "The request time and the server's Date header differ by more than a minute. Expiry checks, signatures and nonces depend on both sides agreeing on the time.",
    fixes: [
      'Synchronise the clock of the machine sending the request (NTP).',
      'Allow a small leeway for `exp`/`nbf` checks on the server.',
    ],
  },
  // Expected 401s (everyday browsing)
  'signed-out-probe': {
    explanation:
      'Pages that are not signed in often ask "who am I?" (`/me`, `/session`, `/whoami`, a login-state widget) and take the 401 as "signed out", then show a sign-in link. Nothing in this tab ever sent a credential to this origin, so this 401 is the expected answer, not a mistake.',
    fixes: [
      'Nothing to fix while you are signed out.',
      "If you are signed in, the session cookie or token is not being sent: look for a blocked cookie (SameSite, Secure, third-party cookies) or a cross-origin call without `credentials: 'include'`.",
      'Server: to keep consoles quiet, the session-check endpoint may answer 200 with an empty user when no credential was sent, and keep 401 for a credential it refuses.',
    ],
  },
  'negotiate-handshake': {
    explanation:
      'Integrated Windows authentication (Kerberos through `Negotiate`, or NTLM) starts with a 401 on purpose: the server names the scheme, the browser answers with a ticket or an NTLM message on the next request, and NTLM takes one more round. This 401 was one of those steps.',
    fixes: [
      'Nothing to fix: the browser answered the challenge.',
      'If the last step still failed, look at that request: the ticket or the NTLM answer was refused (wrong account, clock skew over 5 minutes for Kerberos, a service principal name that does not match the host).',
    ],
  },
  'negotiate-not-answered': {
    explanation:
      'The server asks for integrated Windows authentication (`Negotiate` or `NTLM`) and the browser sent nothing back. Browsers answer it only for sites listed in their integrated-authentication allowlist, and only when the machine has a Kerberos ticket for the domain (or NTLM credentials); otherwise the page gets the 401 or a login dialog.',
    fixes: [
      'Chrome and Edge: add the host to the `AuthServerAllowlist` policy (Windows: Group Policy, or the registry key under `HKLM\\SOFTWARE\\Policies\\Google\\Chrome` / `\\Microsoft\\Edge`; macOS: `defaults write com.google.Chrome AuthServerAllowlist "*.corp.example"`; Linux: a JSON file in `/etc/opt/chrome/policies/managed/`, `/etc/chromium/policies/managed/` for Chromium). On Windows without the policy, Chrome and Edge follow the Local intranet zone of the Internet Options.',
      'Firefox: add the host to `network.negotiate-auth.trusted-uris` (and to `network.automatic-ntlm-auth.trusted-uris` for NTLM) in `about:config`, or the `Authentication` policy (`SPNEGO`, `NTLM`) in `policies.json`.',
      'Check that the machine has a ticket for the domain (`klist` on Windows, macOS and Linux; sign in to the domain or `kinit`), and that the service principal name `HTTP/<host>` exists for the host name you use (a CNAME or an IP address breaks Kerberos).',
    ],
  },
  // Other statuses and the fallback
  'proxy-auth-required': {
    explanation:
      'The 407 comes from a proxy, not from the site: the proxy asks for its own credentials in Proxy-Authenticate before it forwards the request.',
    fixes: [
      'Configure the proxy credentials in the system, browser or HTTP client (`Proxy-Authorization`, or `http://user:pass@proxy` in HTTPS_PROXY).',
      'If you should not be using this proxy, check the proxy settings (PAC file, environment variables).',
    ],
  },
  'forbidden-not-unauthorized': {
    explanation:
      '403 is not an authentication failure: the credentials were accepted, but this identity is not allowed to do this. A 401 asks "who are you?", a 403 says "you may not".',
    fixes: [
      'Check the roles, permissions or group membership of this user or key, not the presence of the token.',
      'Check the resource belongs to this account or tenant, and any IP allow-list or CSRF check on the server.',
    ],
  },
  'auth-required': {
    explanation:
      'The server does not accept who this request says it is, and nothing more specific was found. 401 means the server cannot identify the caller: the credentials are missing, invalid or expired.',
    fixes: [
      'Include valid credentials in the request (Authorization header, API key or session cookie).',
      'Check whether the token or session has expired (decode the JWT and look at `exp`), and refresh it.',
      'Check the API key is right for this environment (dev, staging, production).',
      'Check the header format: `Bearer <token>`, `Basic <base64>`, exactly one space, no quotes.',
      "For cross-origin calls, send cookies (`credentials: 'include'`) and allow them on the server (`Access-Control-Allow-Credentials: true`).",
      'Check the login or token endpoint is the right URL and is running.',
    ],
  },
};

/**
 * Every id with all its words: kind and words together. (Marked pure so that a bundle which
 * imports this module without using it, such as the background, leaves it out.)
 */
export const CATALOGUE: Record<DiagnosisId, CatalogueEntry> = /* @__PURE__ */ (() =>
  Object.fromEntries(
    Object.entries(DIAGNOSIS_KINDS).map(([id, kind]) => [
      id,
      { ...kind, ...CATALOGUE_WORDS[id as DiagnosisId] },
    ]),
  ) as Record<DiagnosisId, CatalogueEntry>)();
