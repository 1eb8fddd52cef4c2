/**
 * Sign-in requests: a POST (or PUT) whose body carries a password field (a login form, a JSON
 * login, an OAuth password grant), or a POST to a login / session / signin path. Sources keep
 * only the fact that a password field was there (`ExchangeRequest.passwordField`), never the
 * body. OAuth grants other than `password` (client credentials, refresh, code) are not sign-ins.
 */
import type { Exchange } from './exchange';
import { secretParamClass } from './secrets/model';
import type { UrlParts } from './url-parts';

/** A form field name (`name=`, `user[name]=`) or a JSON member name (`"name":`). */
const FIELD_NAME = /(?:^|[&?{,\s[])"?([A-Za-z_][\w.-]{0,63})\]?"?\s*[:=]/g;
const SIGN_IN_PATH =
  /(^|\/)(log-?in|sign-?in|sign_in|signon|sessions?|authenticate|auth\/local|auth\/login)(\.json)?\/?$/i;

/**
 * True when a request body (form, JSON) has a field the secret model classes as a password.
 * Linear; the caller bounds the body. Only field names are read, never values.
 */
export function hasPasswordField(body: string): boolean {
  for (const match of body.matchAll(FIELD_NAME))
    if (match[1] !== undefined && secretParamClass(match[1]) === 'password') return true;
  return false;
}

/** Why this request is a sign-in (`POST /login carried a password`), or undefined. */
export function signInOf(exchange: Exchange, url: UrlParts | undefined): string | undefined {
  const method = exchange.request.method.toUpperCase();
  if (method !== 'POST' && method !== 'PUT') return undefined;
  const grant = exchange.request.tokenRequest?.grantType.toLowerCase();
  if (grant !== undefined && grant !== 'password') return undefined;
  const path = url?.path ?? '';
  if (exchange.request.passwordField || grant === 'password')
    return `${method} ${path || exchange.request.url} carried a password${grant ? ' (OAuth password grant)' : ''}`;
  if (SIGN_IN_PATH.test(path)) return `${method} to the sign-in endpoint ${path}`;
  return undefined;
}
