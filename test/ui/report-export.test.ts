import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { analyzeHar } from '../../src/core/har/analyze-har';
import { analyzeHarStreamed } from '../../src/ui/har-analysis';
import { sanitizedHarOf, toJsonReport, toMarkdown } from '../../src/ui/report-export';
import { headers } from '../support/exchange';
import { capturedView, harView } from './views';

const FIXTURES = join(import.meta.dirname, '../fixtures/har');
const tool = { name: '401-doctor', version: '9.9.9' };
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

test.each([
  'example-session.har',
  'express-bearer-jwt.har',
  'nginx-basic.har',
  'apache-digest.har',
])('the JSON report of an imported %s is exactly what `analyze --json` prints', async (name) => {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const cli = analyzeHar(text, { tool });
  // The page reads the file as a stream: here in chunks of 1 000 characters.
  const page = await analyzeHarStreamed(
    async function* () {
      for (let i = 0; i < text.length; i += 1000) yield text.slice(i, i + 1000);
    },
    { tool },
  );
  if (!cli.ok || !page.ok) throw new Error('fixture did not analyse');
  const report = toJsonReport(page.value.views, {
    tool,
    entries: page.value.report.entries,
    ...(page.value.report.warnings ? { warnings: page.value.report.warnings } : {}),
  });
  expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(JSON.stringify(cli.report)));
  expect(page.value.views.map((v) => v.index)).toEqual(cli.report.failures.map((f) => f.index));
});

test('captured failures give the same shape: tool, entries, failures with ranked diagnoses', () => {
  const view = capturedView({
    request: { headers: headers({ Authorization: 'Bearer undefined' }) },
  });
  const report = toJsonReport([view], { tool });
  expect(Object.keys(report).sort()).toEqual(['entries', 'failures', 'tool']);
  expect(report.entries).toBe(1);
  const [failure] = report.failures;
  expect(Object.keys(failure ?? {}).sort()).toEqual([
    'diagnoses',
    'index',
    'method',
    'platforms',
    'status',
    'url',
  ]);
  expect(failure?.diagnoses[0]?.id).toBe('placeholder-token');
  expect(Object.keys(failure?.diagnoses[0] ?? {}).sort()).toEqual([
    'confidence',
    'evidence',
    'explanation',
    'fixes',
    'id',
    'severity',
    'title',
  ]);
});

test('Markdown: one section per failure, diagnoses with evidence and numbered fixes, no secret, no raw HTML', () => {
  const views = [
    harView({ request: { headers: headers({ Authorization: `Bearer ${JWT}` }) } }, 0),
    harView({ request: { url: 'https://api.example.test/<script>alert(1)</script>' } }, 1),
  ];
  const markdown = toMarkdown(views, { tool, now: Date.UTC(2026, 0, 2), title: 'Report' });
  expect(markdown.startsWith('# Report\n')).toBe(true);
  expect(markdown).toContain('2 failures');
  expect(markdown).toMatch(/## 1\. GET 401 `https:\/\/api\.example\.test\/resource`/);
  expect(markdown).toContain('### Most likely: ');
  expect(markdown).toContain('`jwt-expired`');
  expect(markdown).toMatch(/\n1\. /);
  expect(markdown).not.toContain(JWT);
  expect(markdown).not.toContain('c2lnbmF0dXJlLXNpZ25hdHVyZQ');
  // The hostile URL stays inside a code span.
  expect(markdown).toContain('`https://api.example.test/<script>alert(1)</script>`');
  expect(markdown.replace(/`[^`\n]*`/g, '')).not.toMatch(/<script>/);
});

test('the HAR of captured failures passes through sanitizeHar with no secret left, echoes included', () => {
  const view = harView({
    request: {
      url: 'https://api.example.test/orders?client_secret=cs-FAKE-0123456789',
      headers: headers({
        Authorization: `Bearer ${JWT}`,
        Cookie: 'sid=s3cr3t-session-value',
        'X-Session-Token': 'xst-FAKE-0123456789',
      }),
    },
    response: {
      body: `{"error":"invalid_token","debug":"got ${JWT}, xst-FAKE-0123456789, s3cr3t-session-value, cs-FAKE-0123456789"}`,
    },
  });
  const sanitized = sanitizedHarOf([view], tool);
  if (!sanitized.ok) throw new Error(sanitized.error);
  const text = JSON.stringify(sanitized.har);
  expect(text).not.toContain('c2lnbmF0dXJlLXNpZ25hdHVyZQ');
  expect(text).not.toContain('s3cr3t-session-value');
  expect(text).not.toContain('xst-FAKE-0123456789');
  expect(text).not.toContain('cs-FAKE-0123456789');
  expect(text).toContain('invalid_token');
  expect(analyzeHar(sanitized.har).ok).toBe(true);
});

test('an imported HAR gives each failure its request body (postData.text) for the replay editor, and exports leave it out', async () => {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'test', version: '1' },
      entries: [
        {
          startedDateTime: '2024-01-01T00:00:00.000Z',
          time: 5,
          request: {
            method: 'POST',
            url: 'https://api.example.test/orders',
            headers: [{ name: 'Authorization', value: `Bearer ${JWT}` }],
            postData: { mimeType: 'application/json', text: '{"item":"book","qty":2}' },
          },
          response: {
            status: 401,
            statusText: 'Unauthorized',
            headers: [{ name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' }],
            content: { size: 0, mimeType: 'text/plain' },
          },
        },
      ],
    },
  };
  const text = JSON.stringify(har);
  const page = await analyzeHarStreamed(
    async function* () {
      yield text;
    },
    { tool },
  );
  if (!page.ok) throw new Error(page.error);
  expect(page.value.views).toHaveLength(1);
  expect(page.value.views[0]?.requestBody).toBe('{"item":"book","qty":2}');
  const report = JSON.stringify(toJsonReport(page.value.views, { tool, entries: 1 }));
  expect(report).not.toContain('"qty":2');
});
