// The playground's secret-echoed scenario, for the real-browser tests of exports: the secrets it
// sends, every form a copy of them may take, and a HAR of the session as a browser records it.
import { ECHOED_SECRETS } from '../../../playground/server';

/** Each secret as is, URL-encoded, form-encoded and JSON-escaped, and the Bearer value. */
export function echoedForms(): string[] {
  const forms = new Set<string>();
  for (const value of Object.values(ECHOED_SECRETS)) {
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(JSON.stringify(value).slice(1, -1));
    // 12 characters in a row from the secret's random tail: no partial copy longer than that.
    forms.add(value.slice(8, 20));
  }
  return [...forms];
}

/** The forms of the secrets found in `text` (none is the goal). */
export function copiesIn(text: string): string[] {
  return echoedForms().filter((form) => text.includes(form));
}

/** The request the scenario sends and the answer the playground gives, fetched for real. */
export async function echoedExchange(pageUrl: string) {
  const url = `${new URL(pageUrl).origin}/api/secret-echoed?n=har`;
  const requestHeaders = {
    Authorization: `Bearer ${ECHOED_SECRETS.token}`,
    'X-Session-Token': ECHOED_SECRETS.session,
  };
  const response = await fetch(url, { headers: requestHeaders });
  const body = await response.text();
  return {
    url,
    requestHeaders: Object.entries(requestHeaders).map(([name, value]) => ({ name, value })),
    status: response.status,
    responseHeaders: [...response.headers].map(([name, value]) => ({ name, value })),
    body,
  };
}

/** A HAR of that exchange, as DevTools saves it. */
export async function echoedHar(pageUrl: string): Promise<string> {
  const exchange = await echoedExchange(pageUrl);
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries: [
        {
          startedDateTime: new Date().toISOString(),
          time: 5,
          request: {
            method: 'GET',
            url: exchange.url,
            httpVersion: 'HTTP/1.1',
            headers: exchange.requestHeaders,
            queryString: [{ name: 'n', value: 'har' }],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: exchange.status,
            statusText: 'Unauthorized',
            httpVersion: 'HTTP/1.1',
            headers: exchange.responseHeaders,
            cookies: [],
            content: {
              size: exchange.body.length,
              mimeType: 'application/json',
              text: exchange.body,
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: exchange.body.length,
          },
          cache: {},
          timings: { send: 0, wait: 5, receive: 0 },
        },
      ],
    },
  });
}
