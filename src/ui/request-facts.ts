// Facts the detail view lists about one failure: the challenges as a table, CORS and cookie
// facts, the response body as text. Secrets masked; everything returned is plain text.
import type { FailureChallenge } from '../core/diagnose';
import { headerValue, headerValues } from '../core/exchange';
import { parseChallenges } from '../core/http/parse-challenges';
import { parseCookieHeader, parseSetCookie } from '../core/http/parse-cookies';
import { collectExchangeSecrets } from '../core/secrets/collect';
import { redactText } from '../core/secrets/value-masker';
import { formatUtc } from '../core/time-format';
import { originOf } from '../core/url-parts';
import type { FailureView } from './failure-view';

export interface ChallengeRow {
  header: string;
  scheme: string;
  params: Array<[string, string]>;
}

/** The server's challenges: from the core's failure when known, else parsed from the exchange. */
export function challengeRows(view: FailureView): ChallengeRow[] | undefined {
  const fromFailure = (c: FailureChallenge): ChallengeRow => ({
    header: c.header,
    scheme: c.scheme,
    params: Object.entries(c.params),
  });
  if (view.failure && (view.failure.challenges.length > 0 || view.exchange))
    return view.failure.challenges.map(fromFailure);
  const exchange = view.exchange;
  if (!exchange) return undefined;
  const rows: ChallengeRow[] = [];
  for (const header of ['WWW-Authenticate', 'Proxy-Authenticate']) {
    const values = headerValues(exchange.response.headers, header);
    if (values.length === 0) continue;
    for (const c of parseChallenges(values).challenges)
      rows.push({
        header,
        scheme: c.scheme,
        params: c.token68 !== undefined ? [['token68', c.token68]] : Object.entries(c.params),
      });
  }
  return rows;
}

/** CORS facts: who asked, from where, and what the server allowed. */
export function corsFacts(view: FailureView): string[] {
  const exchange = view.exchange;
  if (!exchange) return [];
  const facts: string[] = [];
  const request = exchange.request.headers;
  const response = exchange.response.headers;
  const target = originOf(exchange.request.url);
  const origin =
    headerValue(request, 'origin') ??
    (exchange.request.initiator ? originOf(exchange.request.initiator) : undefined);
  if (origin) {
    facts.push(
      origin === target
        ? `Same-origin request (from ${origin}).`
        : `Cross-origin request: from ${origin} to ${target}.`,
    );
  }
  const site = headerValue(request, 'sec-fetch-site');
  if (site)
    facts.push(
      `Sec-Fetch-Site: ${site}; Sec-Fetch-Mode: ${headerValue(request, 'sec-fetch-mode') ?? 'not sent'}.`,
    );
  const allowOrigin = headerValue(response, 'access-control-allow-origin');
  const allowCredentials = headerValue(response, 'access-control-allow-credentials');
  if (allowOrigin !== undefined) facts.push(`Access-Control-Allow-Origin: ${allowOrigin}`);
  if (allowCredentials !== undefined)
    facts.push(`Access-Control-Allow-Credentials: ${allowCredentials}`);
  const allowHeaders = headerValue(response, 'access-control-allow-headers');
  if (allowHeaders !== undefined) facts.push(`Access-Control-Allow-Headers: ${allowHeaders}`);
  if (origin && origin !== target && allowOrigin === undefined)
    facts.push('The response has no Access-Control-Allow-Origin: the page cannot read it.');
  if (allowOrigin === '*' && allowCredentials === 'true')
    facts.push('"*" with credentials is refused by browsers: the server must name the origin.');
  return facts;
}

/** Cookie facts: the cookies sent (values masked) and the cookies the response set. */
export function cookieFacts(view: FailureView): string[] {
  const exchange = view.exchange;
  if (!exchange) {
    return [
      view.carried.includes('cookie')
        ? 'The request carried a Cookie header (the capture keeps no values or names).'
        : 'The request carried no cookie.',
    ];
  }
  const facts: string[] = [];
  const cookie = headerValue(exchange.request.headers, 'cookie');
  const names = cookie ? parseCookieHeader(cookie).cookies.map((c) => c.name) : [];
  facts.push(
    names.length > 0 ? `Cookies sent: ${names.join(', ')} (values masked).` : 'No cookie was sent.',
  );
  for (const value of headerValues(exchange.response.headers, 'set-cookie')) {
    for (const line of value.split('\n')) {
      const parsed = parseSetCookie(line).cookie;
      if (!parsed) continue;
      const attributes = [
        parsed.sameSite ? `SameSite=${parsed.sameSite}` : 'no SameSite (Lax by default)',
        parsed.secure ? 'Secure' : 'not Secure',
        parsed.httpOnly ? 'HttpOnly' : '',
        parsed.domain ? `Domain=${parsed.domain}` : '',
        parsed.path ? `Path=${parsed.path}` : '',
        parsed.maxAge !== undefined
          ? `Max-Age=${parsed.maxAge}${parsed.maxAge <= 0 ? ' (deletes it)' : ''}`
          : parsed.expires !== undefined
            ? `Expires ${formatUtc(parsed.expires)}`
            : 'session cookie',
        parsed.partitioned ? 'Partitioned' : '',
      ].filter(Boolean);
      facts.push(`Response sets cookie ${parsed.name}: ${attributes.join(', ')}.`);
    }
  }
  return facts;
}

/** The response body as text: JSON pretty-printed, the request's secrets masked. */
export function bodyText(view: FailureView, limit = 200_000): string | undefined {
  const exchange = view.exchange;
  const body = exchange?.response.body;
  if (exchange === undefined || body === undefined || body === '') return undefined;
  let text = body.length > limit ? body.slice(0, limit) : body;
  const trimmed = text.trim();
  if ((trimmed.startsWith('{') || trimmed.startsWith('[')) && body.length <= limit) {
    try {
      text = JSON.stringify(JSON.parse(trimmed), null, 2);
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  const masked = redactText(text, collectExchangeSecrets(exchange));
  return body.length > limit ? `${masked}\n… (${body.length - limit} more characters)` : masked;
}
