// HAR analysis throughput: a generated 50k-entry HAR (a browser session against one API:
// documents, scripts, JSON calls with a Bearer JWT and cookies, ~2% auth failures) analysed by
// analyzeHar (which parses the text itself), against plain JSON.parse of the same text in the
// same run. Target: analyzeHar <= 2x JSON.parse. Figures, not assertions.
//
// Run: npx tsx bench/analyze-har.ts   (or npm run bench)
import { pathToFileURL } from 'node:url';
import { analyzeHar } from '../src/core/har/analyze-har';

const ENTRIES = Number(process.env.BENCH_HAR_ENTRIES ?? 50_000);
const RUNS = Number(process.env.BENCH_HAR_RUNS ?? 7);

export const b64 = (text: string) => Buffer.from(text).toString('base64url');

export function jwt(exp: number, n: number): string {
  return `${b64('{"alg":"RS256","typ":"JWT","kid":"k1"}')}.${b64(
    JSON.stringify({
      iss: 'https://auth.example.test/',
      sub: `user-${n}`,
      aud: 'https://api.example.test',
      scope: 'read write',
      iat: exp - 3600,
      exp,
    }),
  )}.${b64(`fake-signature-${n}`.repeat(8))}`;
}

export const COMMON_REQUEST = [
  { name: 'Accept', value: 'application/json, text/plain, */*' },
  { name: 'Accept-Encoding', value: 'gzip, deflate, br, zstd' },
  { name: 'Accept-Language', value: 'en-US,en;q=0.9' },
  {
    name: 'User-Agent',
    value:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  },
  { name: 'sec-ch-ua', value: '"Chromium";v="156", "Not.A/Brand";v="99"' },
  { name: 'sec-ch-ua-mobile', value: '?0' },
  { name: 'sec-ch-ua-platform', value: '"Linux"' },
  { name: 'Referer', value: 'https://app.example.test/dashboard' },
];

export const COMMON_RESPONSE = [
  { name: 'Content-Type', value: 'application/json; charset=utf-8' },
  { name: 'Cache-Control', value: 'no-store' },
  { name: 'Server', value: 'nginx/1.22.1' },
  { name: 'Strict-Transport-Security', value: 'max-age=31536000' },
  { name: 'X-Request-Id', value: '0f8e4c2a-6b1d-4a57-9d3e-2b7f1c0a9e11' },
  { name: 'Vary', value: 'Origin' },
];

/** A deterministic HAR of `count` entries. */
export function generateHar(count: number): string {
  const start = Date.UTC(2026, 0, 1, 9);
  const entries: unknown[] = [];
  let token = jwt(start / 1000 + 3600, 0);
  for (let i = 0; i < count; i++) {
    const time = start + i * 150;
    if (i % 5000 === 0) token = jwt(time / 1000 + 600, i);
    const kind = i % 50;
    const failed = kind === 7; // 2% auth failures
    const api = kind % 3 !== 0;
    const url = api
      ? `https://api.example.test/v1/items/${i}?page=${i % 17}`
      : `https://app.example.test/static/chunk-${i % 97}.js`;
    const requestHeaders = [...COMMON_REQUEST];
    if (api) {
      requestHeaders.push({
        name: 'Authorization',
        value: `Bearer ${failed && i % 100 === 7 ? 'undefined' : token}`,
      });
      requestHeaders.push({ name: 'Origin', value: 'https://app.example.test' });
    }
    requestHeaders.push({
      name: 'Cookie',
      value: `sid=FAKE-session-${i % 13}; theme=dark; _ga=GA1.1.123456789.1767225600`,
    });
    const responseHeaders = [
      ...COMMON_RESPONSE,
      { name: 'Date', value: new Date(time).toUTCString() },
    ];
    if (failed)
      responseHeaders.push({
        name: 'WWW-Authenticate',
        value:
          'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      });
    if (i % 1000 === 1)
      responseHeaders.push({
        name: 'Set-Cookie',
        value: `sid=FAKE-session-${i % 13}; Path=/; HttpOnly; Secure; SameSite=Lax`,
      });
    const body = failed
      ? '{"error":"invalid_token","error_description":"The access token expired"}'
      : api
        ? `{"id":${i},"name":"item ${i}","tags":["a","b"],"price":${i % 100}.5}`
        : undefined;
    entries.push({
      startedDateTime: new Date(time).toISOString(),
      time: 42.5,
      request: {
        method: 'GET',
        url,
        httpVersion: 'http/2.0',
        headers: requestHeaders,
        queryString: api ? [{ name: 'page', value: String(i % 17) }] : [],
        cookies: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: {
        status: failed ? 401 : 200,
        statusText: failed ? 'Unauthorized' : 'OK',
        httpVersion: 'http/2.0',
        headers: responseHeaders,
        cookies: [],
        content: {
          size: body?.length ?? 20480,
          mimeType: api ? 'application/json' : 'text/javascript',
          ...(body ? { text: body } : {}),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: body?.length ?? 20480,
      },
      cache: {},
      timings: { blocked: 0.5, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 40, receive: 1.9 },
      _resourceType: api ? 'fetch' : 'script',
    });
  }
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [],
      entries,
    },
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export function runAnalyzeHarBench(): { parseMs: number; analyzeMs: number; ratio: number } {
  const text = generateHar(ENTRIES);
  // Warm-up both paths.
  JSON.parse(text);
  analyzeHar(text);
  const parse: number[] = [];
  const analyze: number[] = [];
  let failures = 0;
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    JSON.parse(text);
    parse.push(performance.now() - t);
    t = performance.now();
    const result = analyzeHar(text);
    analyze.push(performance.now() - t);
    if (result.ok) failures = result.report.failures.length;
  }
  const parseMs = median(parse);
  const analyzeMs = median(analyze);
  const ratio = analyzeMs / parseMs;
  // The fastest runs are the least disturbed by other work on the machine.
  const bestRatio = Math.min(...analyze) / Math.min(...parse);
  console.log(
    `\nanalyzeHar on a generated HAR: ${ENTRIES} entries, ${(text.length / 1e6).toFixed(1)} MB, ${failures} failures diagnosed`,
  );
  console.log(
    `  JSON.parse              ${parseMs.toFixed(0).padStart(6)} ms (median of ${RUNS}, best ${Math.min(...parse).toFixed(0)})`,
  );
  console.log(
    `  analyzeHar (parse+all)  ${analyzeMs.toFixed(0).padStart(6)} ms (median of ${RUNS}, best ${Math.min(...analyze).toFixed(0)})`,
  );
  console.log(
    `  ratio                   ${ratio.toFixed(2).padStart(6)}x median, ${bestRatio.toFixed(2)}x best (target <= 2x)`,
  );
  return { parseMs, analyzeMs, ratio };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runAnalyzeHarBench();
