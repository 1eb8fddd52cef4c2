/**
 * Chrome's "sanitized" HAR export, told from the whole file (no single value shows it): no
 * Authorization, Cookie or Set-Cookie anywhere WHILE the traffic shows cookie sessions or
 * challenges. Beside `findCaptureMask` (./masked.ts), which tells masked values; kept apart
 * because it reads response bodies with the provider table, which the background never loads.
 */
import type { Exchange, Header } from './exchange';
import { GENERIC_PHRASES, PROVIDERS } from './providers';
import { matchServerWords, REFUSAL_VERDICTS, readServerWords } from './server-words';

/** What a file without any secret header hid, as `createSanitizedExportCheck` judged it. */
export interface SanitizedExport {
  /** The headers the export removed (all of them: no entry carries any). */
  hidden: string[];
  /** Why the traffic must have carried them: the first signs of cookie sessions or challenges. */
  signs: string[];
}

/**
 * Chrome's "sanitized" HAR export, recognised over a whole file read in order: no entry
 * carries an Authorization, Cookie or Set-Cookie header WHILE the responses show cookie-based
 * sessions or challenges (`sessionSignOf`). A file of plain unauthenticated traffic (no secret
 * header and no such sign) is not "sanitized": nothing was there to remove.
 */
export interface SanitizedExportCheck {
  /** One entry; `carriesSecretHeader`: it had Authorization, Cookie (or cookies) or Set-Cookie. */
  add(exchange: Exchange, carriesSecretHeader: boolean): void;
  /** Whether an entry added so far carried a secret header (then the file is not sanitized). */
  readonly sawSecretHeader: boolean;
  /** The verdict once every entry was added; undefined: not a sanitized export. */
  verdict(creator: string): SanitizedExport | undefined;
}

/** Headers a sanitized export removes. */
const SANITIZED_HEADERS = ['Authorization', 'Cookie', 'Set-Cookie'];

/** How many signs evidence quotes. */
const MAX_SIGNS = 3;

export function createSanitizedExportCheck(): SanitizedExportCheck {
  let sawSecretHeader = false;
  let entries = 0;
  const signs: string[] = [];
  return {
    get sawSecretHeader() {
      return sawSecretHeader;
    },
    add(exchange, carriesSecretHeader) {
      entries++;
      if (carriesSecretHeader) sawSecretHeader = true;
      // Once a secret header is seen, or enough signs are known, entries are not looked at.
      if (sawSecretHeader || signs.length >= MAX_SIGNS) return;
      const sign = sessionSignOf(exchange);
      if (sign && !signs.some((known) => known.startsWith(sign.slice(0, sign.indexOf(' (')))))
        signs.push(sign);
    },
    verdict(creator) {
      // Playwright's recordHar keeps every header: a file of its without one had none.
      if (sawSecretHeader || entries === 0 || signs.length === 0 || /playwright/i.test(creator))
        return undefined;
      return { hidden: [...SANITIZED_HEADERS], signs: [...signs] };
    },
  };
}

/**
 * Paths of sign-in, sign-out and session endpoints, and of the "who am I" probes a page makes
 * to learn whether its session is alive (`/api/me`, `/users/current`): a path segment, any case.
 */
const SESSION_PATH =
  /\/(?:log[-_]?in|sign[-_]?in|log[-_]?on|sign[-_]?on|log[-_]?out|sign[-_]?out|sessions?|oauth2?|authorize|sso|saml2?|auth\/callback|me|whoami|userinfo|current_?user|users?\/(?:current|me|self))(?:[/.?;]|$)/i;

/**
 * Why one exchange shows a cookie-based session or a challenge, in a few words for evidence
 * (`a 401 with a WWW-Authenticate challenge (/api/me)`), or undefined. The signs: a 401/407
 * challenge, a sign-in form posted, a sign-in/session endpoint or a redirect to one, a CSRF
 * token header (cookie sessions need one), a response that varies on Cookie, a 401/403 whose
 * server says a credential it received was refused (the provider table and generic phrases,
 * on a bounded prefix of the body). Linear in the headers and that prefix.
 */
export function sessionSignOf(exchange: Exchange): string | undefined {
  const { request, response } = exchange;
  const where = pathOf(request.url);
  const status = response.status;
  if (status === 401 || status === 407) {
    const name = status === 401 ? 'www-authenticate' : 'proxy-authenticate';
    if (headerValue(response.headers, name) !== undefined)
      return `a ${status} with a ${status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate'} challenge (${where})`;
  }
  if (request.passwordField) return `a sign-in form posted (${where})`;
  if (SESSION_PATH.test(where)) return `a sign-in, session or current-user endpoint (${where})`;
  if (status >= 300 && status < 400) {
    const location = headerValue(response.headers, 'location');
    if (location && SESSION_PATH.test(pathOf(location)))
      return `a redirect to a sign-in page (${where})`;
  }
  for (const header of request.headers) {
    const name = header.name.toLowerCase();
    if (name === 'x-csrf-token' || name === 'x-xsrf-token' || name === 'x-csrftoken')
      return `a ${header.name} header, which cookie sessions use (${where})`;
  }
  const vary = headerValue(response.headers, 'vary');
  if (vary && /(^|,)\s*cookie\s*(,|$)/i.test(vary))
    return `a response that varies on Cookie (${where})`;
  if (status === 401 || status === 403) return refusalSign(exchange, where);
  return undefined;
}

const KNOWLEDGE = { providers: PROVIDERS, phrases: GENERIC_PHRASES };

/**
 * A 401/403 whose server words (body or vendor header) say a credential reached the server
 * and was refused: the request carried one, so a file without any was stripped of it.
 */
function refusalSign(exchange: Exchange, where: string): string | undefined {
  const { response, request } = exchange;
  const words = readServerWords(
    response.body,
    response.headers,
    headerValue(response.headers, 'content-type') ?? '',
  );
  if (words.messages.length === 0 && words.headers.length === 0) return undefined;
  let host = '';
  const start = request.url.indexOf('://');
  if (start >= 0)
    host =
      request.url
        .slice(start + 3)
        .split(/[/?#]/, 1)[0]
        ?.toLowerCase() ?? '';
  const names = new Set(response.headers.map((h) => h.name.toLowerCase()));
  const verdict = matchServerWords(words, host, names, KNOWLEDGE);
  if (!verdict || !REFUSAL_VERDICTS.has(verdict.diagnosis)) return undefined;
  // Words about a refused password say nothing of what a GET carried: no password travels in
  // one but by Basic, whose refusal comes with a challenge (a sign above). Some servers say
  // them for any failed check (devise_token_auth's "Invalid login credentials" answers a token
  // validation that carried no token).
  if (
    verdict.diagnosis === 'login-rejected' &&
    !request.passwordField &&
    isReadMethod(request.method)
  )
    return undefined;
  return `a ${response.status} whose server says a credential it received was refused (${where})`;
}

function isReadMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD';
}

function headerValue(headers: readonly Header[], name: string): string | undefined {
  for (const header of headers)
    if (header.name.length === name.length && header.name.toLowerCase() === name)
      return header.value;
  return undefined;
}

/** The path of a URL (absolute or not), cut to 120 characters for evidence. */
function pathOf(url: string): string {
  const start = url.indexOf('://');
  const slash = start < 0 ? 0 : url.indexOf('/', start + 3);
  const path = slash < 0 ? '/' : url.slice(slash).split(/[?#]/, 1)[0] || '/';
  return path.length > 120 ? `${path.slice(0, 117)}...` : path;
}
