import { expect, test } from 'vitest';
import { maskUrl, shellQuote, toCurl, toFetch } from '../../src/ui/copy-request';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const request = {
  method: 'GET',
  url: 'https://api.example.test/items?api_key=sk_live_abcdefghijklmnop1234&page=2',
  headers: [
    { name: ':authority', value: 'api.example.test' },
    { name: 'Authorization', value: `Bearer ${JWT}` },
    { name: 'Cookie', value: 'sid=s3cr3t-session-value; theme=dark' },
    { name: 'X-API-Key', value: 'key-0123456789abcdefghij' },
    { name: 'Accept', value: 'application/json' },
  ],
};

test('cURL masks every secret by default: token, cookies, API key, key-like query parameter', () => {
  const curl = toCurl(request);
  expect(curl).not.toContain(JWT);
  expect(curl).not.toContain('s3cr3t-session-value');
  expect(curl).not.toContain('dark');
  expect(curl).not.toContain('key-0123456789abcdefghij');
  expect(curl).not.toContain('sk_live_abcdefghijklmnop1234');
  expect(curl).toContain("-H 'Authorization: Bearer eyJh…'");
  expect(curl).toContain("-H 'Accept: application/json'");
  expect(curl).toContain('page=2');
  expect(curl).not.toContain(':authority');
  expect(curl.startsWith("curl 'https://api.example.test/items?")).toBe(true);
});

test('fetch() masks every secret by default', () => {
  const text = toFetch(request);
  for (const secret of [
    JWT,
    's3cr3t-session-value',
    'key-0123456789abcdefghij',
    'sk_live_abcdefghijklmnop1234',
  ])
    expect(text).not.toContain(secret);
  expect(text).toContain('"Authorization": "Bearer eyJh…"');
  expect(text.startsWith('await fetch("https://api.example.test/items?')).toBe(true);
});

test('only the values the user revealed are shown raw', () => {
  const revealed = new Set([`Bearer ${JWT}`, 's3cr3t-session-value']);
  const curl = toCurl(request, { revealed });
  expect(curl).toContain(`Authorization: Bearer ${JWT}`);
  expect(curl).toContain('sid=s3cr3t-session-value; theme=•••');
  expect(curl).not.toContain('key-0123456789abcdefghij');
  expect(toFetch(request, { revealed })).toContain(JWT);
  expect(maskUrl(request.url, new Set(['sk_live_abcdefghijklmnop1234']))).toBe(request.url);
});

test('quoting: nothing in a value reaches the shell or the script', () => {
  expect(shellQuote("it's $(rm -rf /)")).toBe("'it'\\''s $(rm -rf /)'");
  const hostile = {
    method: 'POST',
    url: "https://x.test/'; rm -rf /",
    headers: [],
    body: '"}); alert(1); ({"',
  };
  expect(toCurl(hostile)).toContain("'https://x.test/'\\''; rm -rf /'");
  expect(toCurl(hostile)).toContain("-X 'POST'");
  const fetchText = toFetch(hostile);
  expect(fetchText).toContain(JSON.stringify(hostile.body));
});
