// Builds small HAR 1.2 objects for tests (hand-built, named as such where used).
export interface EntrySpec {
  url: string;
  method?: string;
  status: number;
  time?: string;
  request?: Record<string, string>;
  response?: Record<string, string>;
  body?: string;
  redirectURL?: string;
}

export function buildHar(
  entries: EntrySpec[],
  creator = 'Playwright',
): { log: Record<string, unknown> } {
  return {
    log: {
      version: '1.2',
      creator: { name: creator, version: '1.0' },
      entries: entries.map((e) => ({
        startedDateTime: e.time ?? '2026-01-01T00:00:00.000Z',
        time: 12,
        request: {
          method: e.method ?? 'GET',
          url: e.url,
          httpVersion: 'HTTP/1.1',
          headers: Object.entries(e.request ?? {}).map(([name, value]) => ({ name, value })),
          cookies: [],
          queryString: [],
          headersSize: -1,
          bodySize: 0,
        },
        response: {
          status: e.status,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          headers: Object.entries(e.response ?? {}).map(([name, value]) => ({ name, value })),
          cookies: [],
          content: {
            size: e.body?.length ?? 0,
            mimeType: 'application/json',
            ...(e.body ? { text: e.body } : {}),
          },
          redirectURL: e.redirectURL ?? '',
          headersSize: -1,
          bodySize: -1,
        },
        cache: {},
        timings: { send: 0, wait: 10, receive: 2 },
      })),
    },
  };
}
