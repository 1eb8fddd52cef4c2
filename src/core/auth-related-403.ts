/**
 * Which 403 Forbidden answers are about authentication or authorization, and so are captured
 * and diagnosed by default (401 and 407 always are): the server challenged (WWW-Authenticate,
 * e.g. `insufficient_scope` or a step-up), its vendor headers or its body name an auth error
 * (a signature mismatch, a request time too skewed, a token problem), or the request carried
 * credentials. Every other 403 (a plain "not allowed" page, a WAF block) is only captured when
 * the user asks for all 403s.
 */
import { credentialKinds, type HeaderLike } from './credential-kinds';
import type { Exchange } from './exchange';
import { isSessionCookieName } from './sent-credentials';

/** Vendor error headers whose value names an auth problem (AWS, Azure, GitHub SSO). */
const VENDOR_ERROR_HEADERS = new Set(['x-amzn-errortype', 'x-ms-error-code', 'x-github-sso']);

const AUTH_ERROR_TEXT =
  /SignatureDoesNotMatch|IncompleteSignature|InvalidSignature|RequestTimeTooSkewed|RequestExpired|ExpiredToken|InvalidAccessKeyId|InvalidClientTokenId|UnrecognizedClient|MissingAuthenticationToken|AuthenticationFailed|AuthorizationFailure|InvalidAuthenticationInfo|invalid_token|insufficient_scope|insufficient_user_authentication|invalid_grant|invalid_client|\b(access|auth|bearer|api|id|session|refresh)[ _-]?(token|key)\b|\btoken\b.{0,30}\b(expired|invalid|revoked|missing|required)\b|\bnot authenticated\b|\bunauthori[sz]ed\b|\bauthentication (failed|required)\b|\bcredentials?\b|\bsignature\b|\bsso\b/i;

/** True for a session-like cookie in a Cookie header value (names only are read). */
function hasSessionCookie(value: string): boolean {
  for (const pair of value.split(';')) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (name && isSessionCookieName(name)) return true;
  }
  return false;
}

/** True when the request carried a credential: Authorization, a key, or a session cookie. */
function carriedCredentials(requestHeaders: readonly HeaderLike[], url: string): boolean {
  for (const kind of credentialKinds(requestHeaders, url)) {
    if (kind !== 'cookie') return true;
    for (const header of requestHeaders)
      if (header.name.toLowerCase() === 'cookie' && hasSessionCookie(header.value ?? ''))
        return true;
  }
  return false;
}

/**
 * True when a 403's headers (and body, when known) say it is about auth. Reads header names,
 * a few vendor header values and the first 4 KB of the body; cheap enough for the capture,
 * which has no bodies (webRequest does not give them).
 */
export function isAuthRelated403(
  requestHeaders: readonly HeaderLike[],
  url: string,
  responseHeaders: readonly HeaderLike[],
  body?: string,
): boolean {
  for (const header of responseHeaders) {
    const name = header.name.toLowerCase();
    if (name === 'www-authenticate') return true;
    if (
      VENDOR_ERROR_HEADERS.has(name) &&
      (name === 'x-github-sso' ||
        AUTH_ERROR_TEXT.test(header.value ?? '') ||
        /AccessDenied|Authori[sz]ation|Authentication/i.test(header.value ?? ''))
    )
      return true;
  }
  if (carriedCredentials(requestHeaders, url)) return true;
  return body !== undefined && AUTH_ERROR_TEXT.test(body.slice(0, 4096));
}

/** `isAuthRelated403` for an exchange (any status other than 403 gives false). */
export function isAuthRelatedForbidden(exchange: Exchange): boolean {
  return (
    exchange.response.status === 403 &&
    // A token endpoint's 403 is a refused grant (Auth0 answers invalid_grant with 403).
    (exchange.request.tokenRequest !== undefined ||
      isAuthRelated403(
        exchange.request.headers,
        exchange.request.url,
        exchange.response.headers,
        exchange.response.body,
      ))
  );
}
