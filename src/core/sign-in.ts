/**
 * Sign-in requests: a POST (or PUT) whose body carries a password field (a login form, a JSON
 * login, an OAuth password grant), or a POST to a login / session / signin path. Sources keep
 * only the fact that a password field was there (`ExchangeRequest.passwordField`), never the
 * body. OAuth grants other than `password` (client credentials, refresh, code) are not sign-ins.
 */
import type { Exchange } from './exchange';
import type { UrlParts } from './url-parts';

const PASSWORD_FIELD = /(^|[&?{,\s"'[])(password|passwd|pwd|pass)\]?("?\s*[:=])/i;
const SIGN_IN_PATH =
  /(^|\/)(log-?in|sign-?in|sign_in|signon|sessions?|authenticate|auth\/local|auth\/login)(\.json)?\/?$/i;

/** True when a request body (form, JSON) has a password field. Linear, bounded by the caller. */
export function hasPasswordField(body: string): boolean {
  return PASSWORD_FIELD.test(body);
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
