// The playground's scenarios: one row per broken-auth case the page can trigger, plus a control
// that succeeds. The page, the server and the tests are all driven by this table; what each row
// sends and answers lives in server.ts, keyed by the same ids (the compiler checks both agree).

export interface Scenario {
  id: string;
  label: string;
  /** One line, shown under the button. */
  description: string;
  /**
   * The status the scenario is about. For `preflight-401` that is the OPTIONS preflight's status
   * (the page itself only sees a CORS error).
   */
  expectedStatus: number;
  /** An id from the catalogue (docs/diagnoses.md): the one the engine should rank first. */
  expectedDiagnosis?: string;
  /** The browser would show its own login dialog: "Run all" and automation skip it. */
  requiresPrompt?: boolean;
}

// `as const satisfies` keeps the literal ids (for ScenarioId) and still checks every row.
const table = [
  {
    id: 'ok',
    label: 'Valid Bearer token',
    description: 'Control: a valid, unexpired HS256 JWT as Bearer token → 200.',
    expectedStatus: 200,
  },
  {
    id: 'no-credentials',
    label: 'No credentials',
    description:
      'No Authorization header at all; the server challenges Bearer realm="playground". After the control in the same tab (Run all), it is credentials-not-forwarded: the token the control sent is missing.',
    expectedStatus: 401,
    expectedDiagnosis: 'no-credentials',
  },
  {
    id: 'bearer-undefined',
    label: 'Bearer undefined',
    description: 'Authorization: Bearer undefined — the token variable was empty.',
    expectedStatus: 401,
    expectedDiagnosis: 'placeholder-token',
  },
  {
    id: 'expired-jwt',
    label: 'Expired JWT',
    description:
      'A signed HS256 JWT whose exp passed 5 minutes before the page was loaded; the server says error="invalid_token".',
    expectedStatus: 401,
    expectedDiagnosis: 'jwt-expired',
  },
  {
    id: 'basic-wrong-password',
    label: 'Basic, wrong password',
    description:
      'Well-formed Basic credentials (alice / wrong-password). Sent with credentials: "omit", so Chromium shows no login dialog.',
    expectedStatus: 401,
    expectedDiagnosis: 'basic-rejected',
  },
  {
    id: 'basic-not-base64',
    label: 'Basic, not base64',
    description:
      'Authorization: Basic user:pass — the pair was never base64-encoded. Sent with credentials: "omit" (no login dialog).',
    expectedStatus: 401,
    expectedDiagnosis: 'basic-not-encoded',
  },
  {
    id: 'basic-prompt',
    label: 'Basic, browser login dialog',
    description:
      'No credentials against a Basic challenge: the browser shows its own login dialog (alice / correct-horse passes; Cancel gives the 401).',
    expectedStatus: 401,
    expectedDiagnosis: 'no-credentials',
    requiresPrompt: true,
  },
  {
    id: 'preflight-401',
    label: 'Preflight answered 401',
    description:
      'Cross-origin fetch with an Authorization header: the server demands credentials on the OPTIONS preflight too, which browsers never send.',
    expectedStatus: 401,
    expectedDiagnosis: 'preflight-unauthorized',
  },
  {
    id: 'cookie-cross-site',
    label: 'SameSite=Lax cookie, cross-site',
    description:
      'The second origin signs in with a SameSite=Lax session cookie; a cross-site fetch with credentials: "include" does not carry it.',
    expectedStatus: 401,
    expectedDiagnosis: 'cookie-blocked',
  },
  {
    id: 'api-key-wrong',
    label: 'Wrong API key',
    description: 'x-api-key with a key the server does not know.',
    expectedStatus: 401,
    expectedDiagnosis: 'api-key-rejected',
  },
  {
    id: 'token-revoked',
    label: 'Token revoked after it worked',
    description:
      'The same valid token first gets 200 from /me, then the server revokes it (a sign-out elsewhere) and answers a bare 401.',
    expectedStatus: 401,
    expectedDiagnosis: 'credential-stopped-working',
  },
  {
    id: 'redirect-drops-auth',
    label: 'Cross-origin redirect drops Authorization',
    description:
      'A request with a valid Bearer token is redirected (307) to the second origin; the browser drops Authorization on the cross-origin hop, so it gets 401.',
    expectedStatus: 401,
    expectedDiagnosis: 'redirect-dropped-credentials',
  },
  {
    id: 'proxy-407',
    label: 'Proxy authentication (407)',
    description:
      'Not a real proxy: the origin server itself answers 407 with Proxy-Authenticate: Basic realm="proxy". Firefox shows the 407; Chromium refuses it (net::ERR_UNEXPECTED_PROXY_AUTH).',
    expectedStatus: 407,
    expectedDiagnosis: 'proxy-auth-required',
  },
  {
    id: 'vendor-header-login-denied',
    label: 'Vendor error header (Jira-style login refused)',
    description:
      'Basic credentials (alice / wrong-password) to an API that answers as Jira Server does after failed logins: 401, no body, WWW-Authenticate: OAuth, and X-Seraph-LoginReason: AUTHENTICATION_DENIED. Only the vendor header names the cause, and the extension reads it live (no body needed). Sent with credentials: "omit".',
    expectedStatus: 401,
    expectedDiagnosis: 'login-rejected',
  },
  {
    id: 'secret-echoed',
    label: 'Server echoes the token',
    description:
      'An opaque Bearer token and an X-Session-Token the server does not know: its 401 body repeats both (as many APIs do in debug messages). Exports and the sanitized HAR must hold no copy.',
    expectedStatus: 401,
    expectedDiagnosis: 'invalid-token',
  },
  {
    id: 'forbidden-403',
    label: 'Forbidden (403)',
    description:
      'A valid token the server refuses with 403: the server knows who you are and says no. Captured by default all the same, because the request carried credentials (a 403 about auth); a 403 without any is captured only when you turn 403s on.',
    expectedStatus: 403,
    expectedDiagnosis: 'forbidden-not-unauthorized',
  },
  {
    id: 'negotiate-not-answered',
    label: 'Windows integrated authentication (Negotiate)',
    description:
      'The server asks for Kerberos with WWW-Authenticate: Negotiate, as an intranet on IIS does. A browser answers only for hosts in its allowlist and with a ticket for the domain; here neither, so the page gets the 401. An expected 401 (info): listed, not counted in the badge. (No handshake can complete on this machine: no domain, no ticket.)',
    expectedStatus: 401,
    expectedDiagnosis: 'negotiate-not-answered',
  },
] as const satisfies readonly Scenario[];

export type ScenarioId = (typeof table)[number]['id'];

export const scenarios: Scenario[] = [...table];
