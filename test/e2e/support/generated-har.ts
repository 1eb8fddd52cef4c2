// HAR files made up for the report page's tests: a large one (many refused requests with
// varied causes) and a hostile one (markup and script in every field a server controls).
import type { Har, HarEntry } from '../../../src/core/har/types';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

function entry(
  i: number,
  url: string,
  status: number,
  requestHeaders: Array<[string, string]>,
  responseHeaders: Array<[string, string]>,
  body: string,
): HarEntry {
  return {
    startedDateTime: new Date(START + i * 100).toISOString(),
    time: 20,
    request: {
      method: 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      headers: requestHeaders.map(([name, value]) => ({ name, value })),
      cookies: [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: status === 401 ? 'Unauthorized' : 'OK',
      httpVersion: 'HTTP/1.1',
      headers: responseHeaders.map(([name, value]) => ({ name, value })),
      cookies: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    timings: { send: 0, wait: 20, receive: 0 },
  };
}

/** `count` entries, every one refused 401, over 20 hosts with four different causes. */
export function largeHar(count: number): Har {
  const entries: HarEntry[] = [];
  const causes: Array<Array<[string, string]>> = [
    [],
    [['Authorization', 'Bearer undefined']],
    [['Authorization', 'Basic dXNlcjpwYXNz']],
    [['X-API-Key', 'sk_live_0123456789abcdefghij']],
  ];
  for (let i = 0; i < count; i++) {
    entries.push(
      entry(
        i,
        `https://api${i % 20}.example.test/v1/items/${i}`,
        401,
        causes[i % causes.length] ?? [],
        [
          ['WWW-Authenticate', 'Bearer realm="api", error="invalid_token"'],
          ['Content-Type', 'application/json'],
        ],
        `{"error":"unauthorized","n":${i}}`,
      ),
    );
  }
  return { log: { version: '1.2', creator: { name: 'generated', version: '1' }, entries } };
}

export const HOSTILE = '<img src=x onerror=window.__pwned=true>';

/** One refused request with markup and script in its URL, headers, challenge and body. */
export function hostileHar(): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'generated', version: '1' },
      entries: [
        entry(
          0,
          `https://evil.example.test/api/${encodeURIComponent(HOSTILE)}?q=<script>`,
          401,
          [['Authorization', `Bearer ${HOSTILE}`]],
          [
            [
              'WWW-Authenticate',
              `Bearer realm="<script>window.__pwned=true</script>", error_description="${HOSTILE}"`,
            ],
            ['Content-Type', 'text/html'],
          ],
          `<script>window.__pwned = true</script>${HOSTILE}`,
        ),
      ],
    },
  };
}
