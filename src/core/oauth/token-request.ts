/**
 * The OAuth 2 token endpoint (RFC 6749 §3.2): what a token request asked for and what the
 * endpoint answered, read without keeping a secret. Values of `client_secret`, `refresh_token`,
 * `code`, `code_verifier` and of the tokens in the answer become fingerprints (to say "the same
 * refresh token again") and masked displays; only public parameters (`grant_type`,
 * `client_id`, `redirect_uri`, `scope`) are kept as text.
 */
import { redact, redactUrl } from '../redact';
import { paramsOf } from '../secrets/params';
import { fingerprint } from '../sent-credentials';
import { s256Challenge } from './s256';

/** A secret seen in a token request or answer: never its value. */
export interface SecretTrace {
  fingerprint: string;
  /** Masked (`abcd…wxyz` at most). */
  display: string;
}

/** A token request's form body, secret-free. Sources build it with `readTokenRequest`. */
export interface TokenRequest {
  /** `authorization_code`, `refresh_token`, `client_credentials`, ... (clipped). */
  grantType: string;
  clientId?: string;
  /** `client_secret` was in the body (client_secret_post). */
  clientSecret?: SecretTrace;
  /** A `client_assertion` was in the body (private_key_jwt or client_secret_jwt). */
  clientAssertion: boolean;
  /**
   * An `assertion` was in the body: an assertion grant (RFC 7521 §4.1; RFC 7523's jwt-bearer,
   * a Google service account's signed JWT), which identifies the client by itself (its issuer).
   */
  assertion?: boolean;
  refreshToken?: SecretTrace;
  code?: SecretTrace;
  codeVerifier?: SecretTrace;
  /**
   * The S256 code_challenge the code_verifier answers (RFC 7636 §4.2), to check it against the
   * authorize request's. Public: the client sent it in the authorize URL. Absent when the
   * verifier is not a valid one.
   */
  codeVerifierS256?: string;
  redirectUri?: string;
  scope?: string;
}

/** A token endpoint's JSON answer (RFC 6749 §5.1 and §5.2), secret-free. */
export interface TokenAnswer {
  error?: string;
  errorDescription?: string;
  accessToken?: SecretTrace;
  refreshToken?: SecretTrace;
  idToken?: SecretTrace;
  tokenType?: string;
  /** `expires_in`, seconds. */
  expiresIn?: number;
}

const MAX_TEXT = 200;

function clip(value: string): string {
  return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 3)}...` : value;
}

function trace(value: string): SecretTrace {
  return { fingerprint: fingerprint(value), display: redact(value) };
}

/**
 * Reads a form body's parameters (decoded name/value pairs, in order; the first of a repeated
 * name wins) as a token request. Returns undefined when there is no `grant_type`: not a token
 * request. Never throws.
 */
export function readTokenRequest(
  params: Iterable<readonly [string, string]>,
): TokenRequest | undefined {
  const seen = new Map<string, string>();
  for (const [name, value] of params) if (!seen.has(name)) seen.set(name, value);
  const grantType = seen.get('grant_type');
  if (grantType === undefined || grantType === '') return undefined;
  const request: TokenRequest = { grantType: clip(grantType), clientAssertion: false };
  const clientId = seen.get('client_id');
  if (clientId) request.clientId = clip(clientId);
  const secret = seen.get('client_secret');
  if (secret) request.clientSecret = trace(secret);
  if (seen.get('client_assertion')) request.clientAssertion = true;
  if (seen.get('assertion')) request.assertion = true;
  const refreshToken = seen.get('refresh_token');
  if (refreshToken) request.refreshToken = trace(refreshToken);
  const code = seen.get('code');
  if (code) request.code = trace(code);
  const verifier = seen.get('code_verifier');
  if (verifier) {
    request.codeVerifier = trace(verifier);
    const challenge = s256Challenge(verifier);
    if (challenge) request.codeVerifierS256 = challenge;
  }
  const redirectUri = seen.get('redirect_uri');
  if (redirectUri) request.redirectUri = clip(redactUrl(redirectUri));
  const scope = seen.get('scope');
  if (scope) request.scope = clip(scope);
  return request;
}

/** The pairs of an `application/x-www-form-urlencoded` body; bad escapes are kept as they are. */
export function formPairs(body: string): Array<[string, string]> {
  // The one form reader (secrets/params.ts).
  return paramsOf(body).map((param) => [param.name, param.value]);
}

/** One form-urlencoded component decoded (`+` is a space); undecodable text stays as it is. */
export function formDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * A token request from a form body's text, or undefined when it holds no grant_type. The body
 * is application/x-www-form-urlencoded (RFC 6749 §4 wants it), or multipart/form-data, which
 * `curl -F` sends and some servers (Authlib, Spring) read as well: a body that opens with a
 * `--boundary` line.
 */
export function readTokenRequestBody(body: string): TokenRequest | undefined {
  if (!body.includes('grant_type')) return undefined;
  const text = body.slice(0, 65536);
  return readTokenRequest(text.startsWith('--') ? multipartPairs(text) : formPairs(text));
}

/**
 * The fields of a multipart/form-data body (RFC 7578): each part's `Content-Disposition:
 * form-data; name="..."` and its text. The boundary is the body's first line; file parts
 * (a `filename`) are skipped. At most 64 parts; never throws.
 */
function multipartPairs(body: string): Array<[string, string]> {
  const lineEnd = body.indexOf('\n');
  if (lineEnd < 0) return [];
  const delimiter = body.slice(0, lineEnd).replace(/\r$/, '');
  if (delimiter.length < 3 || /\s/.test(delimiter)) return [];
  const pairs: Array<[string, string]> = [];
  let at = lineEnd + 1;
  while (pairs.length < 64) {
    const next = body.indexOf(`\n${delimiter}`, at);
    const part = body.slice(at, next < 0 ? body.length : next).replace(/\r$/, '');
    const split = /\r?\n\r?\n/.exec(part);
    if (split) {
      const head = part.slice(0, split.index);
      const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(head)?.[1] ?? '';
      const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
      if (name !== undefined && !/(?:^|;)\s*filename\*?=/i.test(disposition))
        pairs.push([name, part.slice(split.index + split[0].length)]);
    }
    if (next < 0) break;
    at = next + 1 + delimiter.length;
    if (body.startsWith('--', at)) break;
    const eol = body.indexOf('\n', at);
    if (eol < 0) break;
    at = eol + 1;
  }
  return pairs;
}

/**
 * Reads a token endpoint's JSON answer: the error (RFC 6749 §5.2) or the tokens issued
 * (§5.1), as fingerprints. Undefined when the body is not a JSON object. Never throws.
 */
export function readTokenAnswer(body: string | undefined): TokenAnswer | undefined {
  if (!body) return undefined;
  const text = body.trimStart();
  if (!text.startsWith('{')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(0, 65536));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const answer: TokenAnswer = {};
  const error = str(o.error);
  if (error) answer.error = clip(error);
  const description = str(o.error_description);
  if (description) answer.errorDescription = clip(description);
  const access = str(o.access_token);
  if (access) answer.accessToken = trace(access);
  const refresh = str(o.refresh_token);
  if (refresh) answer.refreshToken = trace(refresh);
  const id = str(o.id_token);
  if (id) answer.idToken = trace(id);
  const type = str(o.token_type);
  if (type) answer.tokenType = clip(type);
  const expires = typeof o.expires_in === 'string' ? Number(o.expires_in) : o.expires_in;
  if (typeof expires === 'number' && Number.isFinite(expires)) answer.expiresIn = expires;
  return answer;
}

/**
 * What a metadata document says about where tokens come from: an RFC 9728 protected-resource
 * document's `authorization_servers`, an RFC 8414 / OIDC discovery document's `issuer` and
 * `token_endpoint`. Absolute http(s) URLs only; undefined when the body is none of these.
 */
export function metadataOf(
  body: string | undefined,
): { authorizationServers?: string[]; issuer?: string; tokenEndpoint?: string } | undefined {
  if (!body || !(body.includes('token_endpoint') || body.includes('authorization_servers')))
    return undefined;
  let json: unknown;
  try {
    json = JSON.parse(body.slice(0, 262144));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  const url = (v: unknown) => (typeof v === 'string' && /^https?:\/\//i.test(v) ? v : undefined);
  const found: { authorizationServers?: string[]; issuer?: string; tokenEndpoint?: string } = {};
  if (Array.isArray(o.authorization_servers)) {
    const servers = o.authorization_servers.slice(0, 8).flatMap((v) => url(v) ?? []);
    if (servers.length > 0) found.authorizationServers = servers.map((v) => clip(v));
  }
  const issuer = url(o.issuer);
  if (issuer) found.issuer = clip(issuer);
  const endpoint = url(o.token_endpoint);
  if (endpoint) found.tokenEndpoint = endpoint;
  return Object.keys(found).length > 0 ? found : undefined;
}

/** How a client authenticated to the token endpoint (RFC 6749 §2.3, OIDC Core §9). */
export type ClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_assertion'
  | 'none';

/** The method a token request used, from its form and whether it carried Basic credentials. */
export function clientAuthMethodOf(request: TokenRequest, basic: boolean): ClientAuthMethod {
  if (basic) return 'client_secret_basic';
  if (request.clientAssertion) return 'client_assertion';
  if (request.clientSecret) return 'client_secret_post';
  return 'none';
}

/**
 * RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they are joined with
 * ':' and base64-encoded. What the decoded part (user or password of the Basic value) shows:
 * `raw` when it holds characters form-urlencoding would have changed (the server that decodes
 * reads them differently: `+` becomes a space, `%` starts an escape), `encoded` when it holds
 * %XX escapes and nothing that needed encoding (a server that does not decode compares the
 * encoded text), `plain` otherwise. Only character classes are reported, never the value.
 */
export function formEncodingOf(part: string): {
  state: 'raw' | 'encoded' | 'plain';
  /** The characters (or classes) found that form-urlencoding changes, for evidence. */
  characters: string[];
} {
  const characters = new Set<string>();
  let escapes = false;
  for (let i = 0; i < part.length; i++) {
    const c = part[i] as string;
    if (/[A-Za-z0-9*\-._]/.test(c)) continue;
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(part.slice(i + 1, i + 3))) {
      escapes = true;
      i += 2;
      continue;
    }
    if (c === ' ') characters.add('spaces');
    else if (c.charCodeAt(0) > 0x7e) characters.add('non-ASCII characters');
    else if (c.charCodeAt(0) < 0x20) characters.add('control characters');
    else characters.add(c);
  }
  if (characters.size > 0) return { state: 'raw', characters: [...characters] };
  return { state: escapes ? 'encoded' : 'plain', characters: [] };
}
