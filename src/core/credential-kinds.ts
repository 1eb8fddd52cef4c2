/**
 * Which kinds of credential a request carried, judged from its header names and query
 * parameter names only (values are never read here). Used by the capture, which must stay
 * cheap, and by the rules that ask "did this request carry anything at all?". What counts as a
 * key or token header or parameter is the secret model's answer (secrets/model.ts).
 */
import { isCredentialHeaderName, isCredentialParamName } from './secrets/model';
import { urlParamsOf } from './secrets/params';

export type CredentialKind = 'authorization' | 'proxy-authorization' | 'cookie' | 'api-key';

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
    else if (isCredentialHeaderName(name) && header.value?.trim() !== '') apiKey = true;
  }
  if (!apiKey && url !== undefined && url.includes('=')) apiKey = queryHasKey(url);
  const kinds: CredentialKind[] = [];
  if (authorization) kinds.push('authorization');
  if (proxy) kinds.push('proxy-authorization');
  if (cookie) kinds.push('cookie');
  if (apiKey) kinds.push('api-key');
  return kinds;
}

function queryHasKey(url: string): boolean {
  for (const param of urlParamsOf(url, false, isCredentialParamName))
    if (param.raw !== '') return true;
  return false;
}
