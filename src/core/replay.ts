/**
 * Replay: a failed request sent again, usually with a corrected credential, and what its answer
 * says. Three parts, all pure:
 * - the request model (`replayFromExchange`, `replayFromFailure`): method, URL, headers and body
 *   as far as they are known; a value held only masked becomes an empty field with a hint;
 * - suggested edits (`suggestEdits`, `applyEdit`), each the one-click form of a diagnosis' fix;
 * - the outcome (`replayExchange`, `compareOutcome`, `comparePolicy`): the replay's answer as an
 *   exchange the engine diagnoses like any other, and what changed against the original.
 * Sending is the caller's business (the command line with Node's fetch, the extension pages in
 * the page's world or from the extension), and only ever on an explicit request of the user.
 */

import type { DiagnosisId } from './diagnosis-kinds';
import { encodeBase64, encodeUtf8 } from './encoding';
import type { Exchange, Header } from './exchange';
import { decodeJwt } from './jwt/decode-jwt';
import { isMaskedValue, redactAuthorization, redactText } from './redact';
import { addBodySecrets, addShapedSecrets, createSecretSet, secretValues } from './secrets/collect';
import { isSecretHeaderName, isSecretParamName } from './secrets/model';
import { urlParamsOf } from './secrets/params';
import { sentCredentials } from './sent-credentials';
import { AUTH_FAILURE_STATUSES } from './statuses';

export type ReplayCredentialsMode = 'include' | 'same-origin' | 'omit';

export interface ReplayHeader {
  /** As the original request spelled it. */
  name: string;
  /** The raw value to send ('' when only a masked form was known: see `hint`). */
  value: string;
  /** A credential: shown masked until the user reveals it. */
  secret: boolean;
  /** Why the field is empty and what to paste (the value was held only masked). */
  hint?: string;
  /**
   * A header only the browser may set (Cookie, Origin, Referer, Sec-*, ...): a page or an
   * extension cannot send it (fetch drops it); the command line can.
   */
  browserOnly: boolean;
}

export interface ReplayRequest {
  method: string;
  url: string;
  headers: ReplayHeader[];
  /** The request body as text, when known. */
  body?: string;
  /** fetch()'s credentials mode (whether the browser adds the page's cookies). */
  credentials: ReplayCredentialsMode;
  /** What could not be carried over, said plainly (masked URL parameters, cookies, ...). */
  notes: string[];
}

/** Never sent again: the transport sets them (and fetch refuses most of them). */
const TRANSPORT_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'http2-settings',
]);

/** Forbidden request header names of the Fetch standard (§ 2.2.2): the browser sets these. */
const BROWSER_ONLY_HEADERS: ReadonlySet<string> = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'origin',
  'referer',
  'set-cookie',
  'via',
]);

/** True for a header name a page's fetch() cannot set (Fetch § 2.2.2, "forbidden request-header"). */
export function isBrowserOnlyHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return BROWSER_ONLY_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** Methods a server may act on again when they are repeated: replaying asks first. */
const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True when replaying `method` needs the user's confirmation (POST, PUT, PATCH, DELETE). */
export function needsConfirmation(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

function isSecretHeader(lower: string): boolean {
  return (
    lower === 'authorization' ||
    lower === 'proxy-authorization' ||
    lower === 'cookie' ||
    isSecretHeaderName(lower)
  );
}

/** The hint for a credential held only masked: what the user should paste. */
function pasteHint(lower: string, masked: string): string {
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const shown = isMaskedValue(masked) ? masked.slice(0, 40) : redactAuthorization(masked);
    const scheme = /^\s*([A-Za-z][A-Za-z0-9-]*)\s/.exec(masked)?.[1];
    return `Only the masked value (${shown}) is known: paste a fresh ${scheme ? `${scheme} ` : ''}credential, e.g. "${scheme ?? 'Bearer'} <token>".`;
  }
  return `Only the masked value is known: paste a fresh value for ${lower}.`;
}

/** One header of the model from a header the request carried. */
function replayHeader(header: Header): ReplayHeader | undefined {
  const lower = header.name.toLowerCase();
  if (lower.startsWith(':') || TRANSPORT_HEADERS.has(lower)) return undefined;
  const secret = isSecretHeader(lower);
  const out: ReplayHeader = {
    name: header.name,
    value: header.value,
    secret,
    browserOnly: isBrowserOnlyHeader(lower),
  };
  if (secret && isMaskedValue(header.value)) {
    out.value = '';
    out.hint = pasteHint(lower, header.value);
  }
  return out;
}

/** Notes for URL query parameters that carry a key but were held only masked. */
function maskedUrlNotes(url: string): string[] {
  const notes: string[] = [];
  for (const param of urlParamsOf(url, false))
    if (isSecretParamName(param.name) && isMaskedValue(param.value))
      notes.push(
        `The URL's ${param.name} parameter is known only masked: put the real value in the URL before sending.`,
      );
  return notes;
}

/**
 * The request to replay from an exchange: the request as the app first made it (before any
 * redirect), its headers (transport headers left out; credentials held only masked become empty
 * fields with a hint). `body` is the request body when the source kept it.
 */
export function replayFromExchange(exchange: Exchange, body?: string): ReplayRequest {
  const first = exchange.request.redirectChain[0];
  const url = first?.url ?? exchange.request.url;
  let method = first?.method ?? exchange.request.method;
  const source = first?.requestHeaders ?? exchange.request.headers;
  const headers: ReplayHeader[] = [];
  const notes = maskedUrlNotes(url);
  // A CORS preflight is not what the app sent: replay the request it asked permission for,
  // with the headers it named (their values were never in the preflight).
  const asked = preflightOf(method, source);
  if (asked) {
    method = asked.method;
    for (const name of asked.headers)
      headers.push({
        name: headerCase(name),
        value: '',
        secret: isSecretHeader(name),
        hint: `The CORS preflight named ${name} but carries no values: fill it in.`,
        browserOnly: isBrowserOnlyHeader(name),
      });
    notes.push(
      `This failure is the CORS preflight (OPTIONS) of a ${method}: the ${method} itself is replayed.`,
    );
  } else
    for (const header of source) {
      const one = replayHeader(header);
      if (one) headers.push(one);
    }
  if (headers.some((h) => h.name.toLowerCase() === 'cookie'))
    notes.push(
      'Cookies: a page cannot set the Cookie header; replayed as the page, the browser sends the cookies it holds (credentials: include), from the extension none.',
    );
  const request: ReplayRequest = {
    method: method.toUpperCase(),
    url,
    headers,
    credentials: 'same-origin',
    notes,
  };
  if (body !== undefined && body !== '') request.body = body;
  return request;
}

/**
 * The request body a HAR entry kept (`request.postData.text`: DevTools entries, imported
 * files), for the replay editor and the command line; undefined when there is none. Never throws.
 */
export function harRequestBody(entry: unknown): string | undefined {
  const postData = (entry as { request?: { postData?: unknown } } | null)?.request?.postData;
  const text = (postData as { text?: unknown } | null | undefined)?.text;
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/**
 * A request body with its secrets masked (form fields and JSON members the secret model names,
 * values shaped like keys or tokens): what the editor shows until the user reveals the body.
 */
export function maskedBody(body: string, mimeType = ''): string {
  const set = createSecretSet();
  addBodySecrets(body, mimeType, set);
  addShapedSecrets(body, set);
  return redactText(body, secretValues(set));
}

/** The method and header names a CORS preflight asked for, or undefined when it is none. */
function preflightOf(
  method: string,
  headers: readonly Header[],
): { method: string; headers: string[] } | undefined {
  if (method.toUpperCase() !== 'OPTIONS') return undefined;
  let asked: string | undefined;
  let names: string[] = [];
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    if (lower === 'access-control-request-method') asked = h.value.trim().toUpperCase();
    else if (lower === 'access-control-request-headers')
      names = h.value
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter((n) => /^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(n));
  }
  return asked && /^[A-Z]+$/.test(asked) ? { method: asked, headers: names } : undefined;
}

/** `authorization` → `Authorization`, `x-api-key` → `X-Api-Key`. */
function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** What a stored failure knows about the request: no header values, only masked credentials. */
export interface FailureLike {
  method: string;
  url: string;
  /** Credential kinds the request carried (authorization, proxy-authorization, cookie, api-key). */
  carried: readonly string[];
  /** The core's masked credentials, when the failure has them. */
  credentials?: ReadonlyArray<{ where: string; value: string }>;
  /** Its diagnosis ids (a preflight failure replays the request behind it). */
  diagnoses?: ReadonlyArray<{ id: string }>;
}

/**
 * The request to replay from a stored failure, which holds no header value: every credential it
 * carried becomes an empty field with a hint, the other headers are unknown (said in a note).
 */
export function replayFromFailure(failure: FailureLike): ReplayRequest {
  const headers: ReplayHeader[] = [];
  const credentials = failure.credentials ?? [];
  const maskedOf = (where: string) => credentials.find((c) => c.where === where)?.value ?? '';
  const add = (name: string, masked: string) =>
    headers.push({
      name,
      value: '',
      secret: true,
      hint: pasteHint(name.toLowerCase(), masked || '•••'),
      browserOnly: isBrowserOnlyHeader(name),
    });
  if (failure.carried.includes('authorization'))
    add('Authorization', maskedOf('Authorization header'));
  if (failure.carried.includes('proxy-authorization'))
    add('Proxy-Authorization', maskedOf('Proxy-Authorization header'));
  for (const credential of credentials) {
    const header = /^(\S+) header$/.exec(credential.where)?.[1];
    if (!header || /^(proxy-)?authorization$/i.test(header)) continue;
    add(header, credential.value);
  }
  const notes = [
    'The capture keeps no header values: only the credentials are listed (empty, to paste). Open DevTools on the tab while reproducing the failure to replay the full request.',
    ...maskedUrlNotes(failure.url),
  ];
  let method = failure.method.toUpperCase();
  if (method === 'OPTIONS' && failure.diagnoses?.some((d) => d.id === 'preflight-unauthorized')) {
    // The capture kept the preflight, not the request it asked for: most often a GET with an
    // Authorization header (the header is what made the browser ask).
    method = 'GET';
    if (!headers.some((h) => h.name === 'Authorization'))
      headers.unshift({
        name: 'Authorization',
        value: '',
        secret: true,
        hint: 'The preflight carries no credential: paste the one the request sends, e.g. "Bearer <token>".',
        browserOnly: false,
      });
    notes.push(
      'This failure is the CORS preflight (OPTIONS): the request behind it is replayed, as a GET (change the method if it was another).',
    );
  }
  if (failure.carried.includes('cookie'))
    notes.push(
      'Cookies: replayed as the page, the browser sends the cookies it holds (credentials: include); from the extension, none.',
    );
  return {
    method,
    url: failure.url,
    headers,
    credentials: failure.carried.includes('cookie') ? 'include' : 'same-origin',
    notes,
  };
}

/**
 * The request as a browser page edits it: the headers only the browser sets (Referer, Sec-*,
 * Accept-Encoding, ...) left out and named in a note, except Cookie, which says what the app
 * relied on. The command line keeps them all.
 */
export function forBrowser(request: ReplayRequest): ReplayRequest {
  const dropped = request.headers.filter((h) => h.browserOnly && h.name.toLowerCase() !== 'cookie');
  if (dropped.length === 0) return request;
  return {
    ...request,
    headers: request.headers.filter((h) => !dropped.includes(h)),
    notes: [
      ...request.notes,
      `Left out, the browser sets them itself: ${dropped.map((h) => h.name).join(', ')}.`,
    ],
  };
}

/** The first header of that name (case-insensitive). */
export function replayHeaderOf(request: ReplayRequest, name: string): ReplayHeader | undefined {
  const lower = name.toLowerCase();
  return request.headers.find((h) => h.name.toLowerCase() === lower);
}

/** The headers a browser replay sends: non-empty, and none the browser sets itself. */
export function headersToSend(request: ReplayRequest, browser: boolean): Header[] {
  return request.headers
    .filter((h) => h.name.trim() !== '' && h.value !== '' && !(browser && h.browserOnly))
    .map((h) => ({ name: h.name.trim(), value: h.value }));
}

// ---------------------------------------------------------------------------------------------
// Suggested edits

export type ReplayEdit =
  | { kind: 'set-header'; name: string; value: string }
  | { kind: 'set-url'; url: string }
  | { kind: 'set-credentials'; mode: ReplayCredentialsMode };

export interface ReplaySuggestion {
  /** Stable, for tests and the UI (`add-bearer`, `drop-duplicated-scheme`, ...). */
  id: string;
  /** The diagnosis whose fix it implements. */
  diagnosis: DiagnosisId;
  /** What it does, for people. Never contains a raw secret. */
  label: string;
  edit: ReplayEdit;
  /** The field the user should fill in after applying it (a fresh token to paste). */
  focus?: string;
  /** The expired token's claims, shown next to the field for reference (no signature). */
  claims?: Record<string, unknown>;
}

/** What the page knows besides the request and the diagnoses. */
export interface SuggestionFacts {
  /** The URL the redirect chain ended at (the original request's final hop). */
  finalUrl?: string;
  /**
   * The raw credential an earlier successful request to the same origin carried (the panel's
   * DevTools entries, an imported HAR): header name and value.
   */
  earlierCredential?: { name: string; value: string; url: string };
  /** The failed request's raw Authorization value, when the page holds it (for the claims). */
  originalAuthorization?: string;
  /** The failed token's claims when only they were kept (a stored failure). */
  originalClaims?: Record<string, unknown>;
}

const TOKEN_SCHEMES = /^(Bearer|Basic|Digest|Token|JWT|Negotiate|NTLM|ApiKey|DPoP)\b/i;

/**
 * One-click edits derived from the diagnoses, each next to the fix it implements. Computed on
 * the request as it is now (an edit that no longer applies disappears). Pure; never throws.
 */
export function suggestEdits(
  request: ReplayRequest,
  diagnosisIds: readonly string[],
  facts: SuggestionFacts = {},
): ReplaySuggestion[] {
  const ids = new Set(diagnosisIds);
  const out: ReplaySuggestion[] = [];
  const auth = replayHeaderOf(request, 'authorization');
  const value = auth?.value.trim() ?? '';

  if (ids.has('missing-scheme') && value !== '' && !/\s/.test(value))
    out.push({
      id: 'add-bearer',
      diagnosis: 'missing-scheme',
      label: 'Add the missing “Bearer ” prefix',
      edit: { kind: 'set-header', name: auth?.name ?? 'Authorization', value: `Bearer ${value}` },
    });

  const duplicated = /^([A-Za-z][A-Za-z0-9-]*)\s+\1\s+(.*)$/i.exec(value);
  if (ids.has('duplicated-scheme') && duplicated)
    out.push({
      id: 'drop-duplicated-scheme',
      diagnosis: 'duplicated-scheme',
      label: `Send the scheme once (“${duplicated[1]} …”)`,
      edit: {
        kind: 'set-header',
        name: auth?.name ?? 'Authorization',
        value: `${duplicated[1]} ${duplicated[2]}`,
      },
    });

  const quoted = /^([A-Za-z][A-Za-z0-9-]*)\s+(["'])(.*)\2$/.exec(value);
  if (ids.has('quoted-token') && quoted)
    out.push({
      id: 'drop-quotes',
      diagnosis: 'quoted-token',
      label: 'Remove the quotes around the token',
      edit: {
        kind: 'set-header',
        name: auth?.name ?? 'Authorization',
        value: `${quoted[1]} ${quoted[3]}`,
      },
    });

  const rawBasic = /^Basic\s+([^\s:]*:.*)$/i.exec(value);
  if (ids.has('basic-not-encoded') && rawBasic?.[1])
    out.push({
      id: 'base64-basic',
      diagnosis: 'basic-not-encoded',
      label: 'Base64-encode user:password (Basic <base64>)',
      edit: {
        kind: 'set-header',
        name: auth?.name ?? 'Authorization',
        value: `Basic ${encodeBase64(encodeUtf8(rawBasic[1]))}`,
      },
    });

  const freshFor = (
    [
      'jwt-expired',
      'jwt-not-yet-valid',
      'invalid-token',
      'credential-stopped-working',
      'session-expired',
    ] as const
  ).find((id) => ids.has(id));
  if (freshFor) {
    const scheme = TOKEN_SCHEMES.exec(value || facts.originalAuthorization || '')?.[1] ?? 'Bearer';
    const suggestion: ReplaySuggestion = {
      id: 'paste-fresh-token',
      diagnosis: freshFor,
      label: 'Paste a fresh token',
      edit: { kind: 'set-header', name: auth?.name ?? 'Authorization', value: `${scheme} ` },
      focus: 'authorization',
    };
    const claims = claimsOf(facts.originalAuthorization ?? value) ?? facts.originalClaims;
    if (claims) suggestion.claims = claims;
    out.push(suggestion);
  }

  const earlier = facts.earlierCredential;
  const forwardFor = (
    [
      'credentials-not-forwarded',
      'no-credentials',
      'redirect-dropped-credentials',
      'credential-stopped-working',
    ] as const
  ).find((id) => ids.has(id));
  if (earlier && forwardFor && replayHeaderOf(request, earlier.name)?.value !== earlier.value)
    out.push({
      id: 'send-earlier-credential',
      diagnosis: forwardFor,
      label: `Send the ${earlier.name} header the earlier successful request carried (${redactAuthorization(earlier.value)})`,
      edit: { kind: 'set-header', name: earlier.name, value: earlier.value },
    });
  else if (!auth && (ids.has('no-credentials') || ids.has('credentials-not-forwarded')))
    out.push({
      id: 'add-authorization',
      diagnosis: ids.has('no-credentials') ? 'no-credentials' : 'credentials-not-forwarded',
      label: 'Add an Authorization header',
      edit: { kind: 'set-header', name: 'Authorization', value: 'Bearer ' },
      focus: 'authorization',
    });

  if (ids.has('redirect-dropped-credentials') && facts.finalUrl && facts.finalUrl !== request.url)
    out.push({
      id: 'call-final-url',
      diagnosis: 'redirect-dropped-credentials',
      label: 'Call the redirect’s final URL directly',
      edit: { kind: 'set-url', url: facts.finalUrl },
    });

  const includeFor = (
    ['cors-credentials-not-sent', 'cookie-blocked', 'session-expired'] as const
  ).find((id) => ids.has(id));
  if (includeFor && request.credentials !== 'include')
    out.push({
      id: 'credentials-include',
      diagnosis: includeFor,
      label: "Send the cookies too (credentials: 'include')",
      edit: { kind: 'set-credentials', mode: 'include' },
    });
  return out;
}

/** The claims of the JWT in an Authorization value (never its signature), or undefined. */
function claimsOf(authorization: string): Record<string, unknown> | undefined {
  const token = authorization.trim().split(/\s+/).pop() ?? '';
  if (!token.startsWith('eyJ') || isMaskedValue(token)) return undefined;
  const payload = decodeJwt(token).jwt?.payload;
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
}

/** The request with one edit applied (a new object; the input is not changed). */
export function applyEdit(request: ReplayRequest, edit: ReplayEdit): ReplayRequest {
  switch (edit.kind) {
    case 'set-url':
      return { ...request, url: edit.url };
    case 'set-credentials':
      return { ...request, credentials: edit.mode };
    case 'set-header': {
      const lower = edit.name.toLowerCase();
      let found = false;
      const headers = request.headers.map((h) => {
        if (h.name.toLowerCase() !== lower || found) return h;
        found = true;
        const { hint: _hint, ...rest } = h;
        return { ...rest, value: edit.value };
      });
      if (!found)
        headers.push({
          name: edit.name,
          value: edit.value,
          secret: isSecretHeader(lower),
          browserOnly: isBrowserOnlyHeader(lower),
        });
      return { ...request, headers };
    }
  }
}

/**
 * `Name: value` changes from the command line's -H: a header of that name is replaced (the
 * first one; later duplicates removed), a new one added; `Name:` with nothing after removes it.
 */
export function applyHeaderLines(request: ReplayRequest, lines: readonly string[]): ReplayRequest {
  let out = request;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (value === '') {
      out = { ...out, headers: out.headers.filter((h) => h.name.toLowerCase() !== lower) };
      continue;
    }
    out = applyEdit(out, { kind: 'set-header', name, value });
    let seen = false;
    out = {
      ...out,
      headers: out.headers.filter((h) => {
        if (h.name.toLowerCase() !== lower) return true;
        if (seen) return false;
        seen = true;
        return true;
      }),
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The outcome

/** What came back from sending a replay. */
export interface ReplayResponse {
  /** HTTP status; 0 when there was no readable answer (CORS, network). */
  status: number;
  statusText?: string;
  headers: Header[];
  body?: string;
  /** Why there was no answer (`TypeError: Failed to fetch`, a timeout). */
  error?: string;
  /** When the request was sent and when the answer came, ms since the epoch. */
  sentAt: number;
  receivedAt: number;
  /** The URL that answered, after redirects (when the sender knows it). */
  url?: string;
}

/** The replay as an exchange (source `replay`), to diagnose with the tab's context. */
export function replayExchange(
  request: ReplayRequest,
  response: ReplayResponse,
  id?: string,
): Exchange {
  const exchange: Exchange = {
    source: 'replay',
    request: {
      method: request.method,
      url: response.url || request.url,
      headers: headersToSend(request, false),
      time: response.sentAt,
      type: 'fetch',
      redirectChain: [],
    },
    response: {
      status: response.status,
      headers: response.headers,
      time: response.receivedAt,
    },
  };
  if (id !== undefined) exchange.id = id;
  if (response.statusText) exchange.response.statusText = response.statusText;
  if (response.body !== undefined) exchange.response.body = response.body;
  if (response.error) exchange.response.error = response.error;
  return exchange;
}

export type ReplayVerdictKind = 'fixed' | 'still-failing' | 'no-answer' | 'past-auth';

export interface ReplayVerdict {
  kind: ReplayVerdictKind;
  status: number;
  /** `Fixed (200)`, `still 401: now jwt-audience-mismatch`, ... */
  headline: string;
  /** What changed against the original, one line each. */
  changes: string[];
}

interface Outcome {
  status: number;
  error?: string;
  diagnoses: ReadonlyArray<{ id: string }>;
}

/** The replay's answer compared with the original failure's. */
export function compareOutcome(original: Outcome, replay: Outcome): ReplayVerdict {
  const before = original.diagnoses.map((d) => d.id);
  const after = replay.diagnoses.map((d) => d.id);
  const changes: string[] = [];
  if (replay.status !== original.status)
    changes.push(`Status ${original.status} → ${replay.status > 0 ? replay.status : 'no answer'}`);
  const gone = before.filter((id) => !after.includes(id));
  const added = after.filter((id) => !before.includes(id));
  const answered = replay.status > 0;
  if (answered && gone.length > 0) changes.push(`No longer found: ${gone.join(', ')}`);
  if (added.length > 0) changes.push(`New: ${added.join(', ')}`);

  if (!answered)
    return {
      kind: 'no-answer',
      status: replay.status,
      headline: `No answer the page could read${replay.error ? `: ${replay.error}` : ''} (CORS or network)`,
      changes,
    };
  if (replay.status >= 200 && replay.status < 400)
    return { kind: 'fixed', status: replay.status, headline: `Fixed (${replay.status})`, changes };
  if (AUTH_FAILURE_STATUSES.has(replay.status)) {
    const top = after[0];
    const same = top !== undefined && top === before[0];
    const verb = replay.status === original.status ? 'still' : 'now';
    return {
      kind: 'still-failing',
      status: replay.status,
      headline: `${verb} ${replay.status}: ${top === undefined ? 'no diagnosis' : `${same ? 'still' : 'now'} ${top}`}`,
      changes,
    };
  }
  return {
    kind: 'past-auth',
    status: replay.status,
    headline: `Past authentication, but ${replay.status}: the credential was accepted, the request fails for another reason`,
    changes,
  };
}

/**
 * Page replay against extension replay: when only the extension's succeeds, the credential is
 * fine and the browser's policy for the page (CORS, cookies) is the problem. Undefined when the
 * two agree.
 */
export function comparePolicy(page: ReplayVerdict, extension: ReplayVerdict): string | undefined {
  const ok = (v: ReplayVerdict) => v.kind === 'fixed' || v.kind === 'past-auth';
  if (ok(extension) && !ok(page))
    return `The credential is fine: from the extension (no page cookies, no CORS) the server answered ${extension.status}, while as the page it ${page.kind === 'no-answer' ? 'got no answer it could read' : `got ${page.status}`}. The browser's policy for the page (CORS, cookies) is the problem, not the credential.`;
  if (ok(page) && !ok(extension))
    return `As the page it worked (${page.status}) and from the extension it did not (${extension.status || 'no answer'}): the page's cookies or session carry the authentication, which the extension does not send.`;
  return undefined;
}

/** The raw credentials of a request, for redacting them out of free text (bodies). */
export function replaySecrets(request: ReplayRequest): string[] {
  const exchange = replayExchange(request, { status: 0, headers: [], sentAt: 0, receivedAt: 0 });
  return sentCredentials(exchange, { describe: false }).map((c) => c.value);
}
