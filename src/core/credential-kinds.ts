/**
 * Which kinds of credential a request carried, judged from its header names and query
 * parameter names only (values are never read here). Used by the capture, which must stay
 * cheap, and by the rules that ask "did this request carry anything at all?".
 */
export type CredentialKind = 'authorization' | 'proxy-authorization' | 'cookie' | 'api-key';

/** Header names (lower case) that APIs commonly use for keys and tokens. */
export const API_KEY_HEADERS: ReadonlySet<string> = new Set([
  'x-api-key',
  'api-key',
  'apikey',
  'x-apikey',
  'x-auth-token',
  'x-access-token',
  'x-token',
  'x-csrf-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
  'private-token',
  'x-amz-security-token',
]);

/** Query parameter names (lower case) that carry keys or tokens. */
export const API_KEY_PARAMS: ReadonlySet<string> = new Set([
  'api_key',
  'apikey',
  'api-key',
  'key',
  'access_token',
  'token',
  'auth',
  'x-amz-signature',
]);

/** A header as webRequest and HAR give it. */
export interface HeaderLike {
  name: string;
  value?: string | undefined;
}

/** The credential kinds carried by `headers` and by the query string of `url`, in a fixed order. */
export function credentialKinds(headers: readonly HeaderLike[], url?: string): CredentialKind[] {
  let authorization = false;
  let proxy = false;
  let cookie = false;
  let apiKey = false;
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (name === 'authorization') authorization = true;
    else if (name === 'proxy-authorization') proxy = true;
    else if (name === 'cookie') cookie = cookie || (header.value ?? '').trim() !== '';
    else if (API_KEY_HEADERS.has(name)) apiKey = true;
  }
  if (!apiKey && url !== undefined) apiKey = queryHasApiKey(url);
  const kinds: CredentialKind[] = [];
  if (authorization) kinds.push('authorization');
  if (proxy) kinds.push('proxy-authorization');
  if (cookie) kinds.push('cookie');
  if (apiKey) kinds.push('api-key');
  return kinds;
}

function queryHasApiKey(url: string): boolean {
  const start = url.indexOf('?');
  if (start < 0) return false;
  const hash = url.indexOf('#', start);
  const query = url.slice(start + 1, hash < 0 ? undefined : hash);
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    if (API_KEY_PARAMS.has(name)) return true;
  }
  return false;
}
