// `401-doctor replay` against a loopback server: what the server receives, and what the command
// says about its answer.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHar } from '../../bench/analyze-har';
import { type CliIo, main } from '../../src/cli/main';
import { buildHar } from '../core/har/build-har';
import { fakeJwt } from '../core/support/build';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const now = Math.floor(Date.now() / 1000);
const expired = fakeJwt({ sub: 'alice', aud: 'api', iat: now - 7200, exp: now - 3600 });
const fresh = fakeJwt({ sub: 'alice', aud: 'api', iat: now - 60, exp: now + 3600 });
const otherAudience = fakeJwt({ sub: 'alice', aud: 'billing', iat: now - 60, exp: now + 3600 });

let server: Server;
let base = '';
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const auth = req.headers.authorization ?? '';
      if (auth === `Bearer ${fresh}`) {
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'sid=s3cr3t-session-value; HttpOnly',
        });
        res.end(JSON.stringify({ hello: 'alice', echo: auth }));
        return;
      }
      const description = auth === `Bearer ${otherAudience}` ? 'audience invalid' : 'jwt expired';
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="api", error="invalid_token", error_description="${description}"`,
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ error: 'invalid_token', token: auth }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function har() {
  return JSON.stringify(
    buildHar([
      { url: `${base}/api/ok`, status: 200, request: { Authorization: `Bearer ${fresh}` } },
      {
        url: `${base}/api/me`,
        status: 401,
        request: {
          Authorization: `Bearer ${expired}`,
          Accept: 'application/json',
          Host: 'wrong.example',
          Cookie: 'theme=dark',
        },
        response: { 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' },
        time: new Date().toISOString(),
      },
      {
        url: `${base}/api/orders`,
        method: 'POST',
        status: 401,
        request: { Authorization: `Bearer ${expired}` },
      },
    ]),
  );
}

function io(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('nope');
      return text;
    },
    writeFile: async () => undefined,
    isTTY: false,
    env: {},
  };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe('401-doctor replay', () => {
  it('sends the entry with the new header and says Fixed (200); secrets stay masked', async () => {
    seen.length = 0;
    const t = io({ 's.har': har() });
    const code = await main(
      ['replay', 's.har', '--entry', '1', '-H', `Authorization: Bearer ${fresh}`],
      t.cli,
    );
    expect(t.err()).toBe('');
    expect(code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/me' });
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${fresh}`);
    expect(seen[0]?.headers.accept).toBe('application/json');
    // The recorded Host is not sent again; the command line may send cookies.
    expect(seen[0]?.headers.host).toBe(base.slice('http://'.length));
    expect(seen[0]?.headers.cookie).toBe('theme=dark');
    expect(t.out()).toContain('Fixed (200)');
    expect(t.out()).toContain('was 401: jwt-expired');
    expect(t.out()).not.toContain(fresh);
  });

  it('still 401: now the new cause, in JSON, body and headers masked', async () => {
    const t = io({ 's.har': har() });
    const code = await main(
      ['replay', 's.har', '--entry', '1', '-H', `authorization: Bearer ${otherAudience}`, '--json'],
      t.cli,
    );
    expect(code).toBe(1);
    const report = JSON.parse(t.out());
    expect(report.original).toEqual({
      status: 401,
      diagnoses: expect.arrayContaining(['jwt-expired']),
    });
    expect(report.replay.status).toBe(401);
    expect(report.verdict.kind).toBe('still-failing');
    expect(report.verdict.headline).toMatch(/^still 401: now /);
    expect(report.verdict.headline).not.toContain('jwt-expired');
    expect(report.failure.diagnoses.map((d: { id: string }) => d.id)).not.toContain('jwt-expired');
    expect(t.out()).not.toContain(otherAudience);
    expect(report.request.headers).toContainEqual({
      name: 'Authorization',
      value: expect.stringMatching(/^Bearer eyJh…$/),
    });
  });

  it('without a change, the same request gets the same answer: still jwt-expired', async () => {
    const t = io({ 's.har': har() });
    expect(await main(['replay', 's.har', '--entry', '1'], t.cli)).toBe(1);
    expect(t.out()).toContain('still 401: still jwt-expired');
  });

  it('refuses a POST without --yes, and sends it with --yes', async () => {
    seen.length = 0;
    const t = io({ 's.har': har() });
    expect(await main(['replay', 's.har', '--entry', '2'], t.cli)).toBe(2);
    expect(t.err()).toMatch(/POST: the server will act on it again.*--yes/);
    expect(seen).toHaveLength(0);
    const u = io({ 's.har': har() });
    await main(
      ['replay', 's.har', '--entry', '2', '--yes', '-H', `Authorization: Bearer ${fresh}`],
      u.cli,
    );
    expect(seen.map((s) => s.method)).toEqual(['POST']);
    expect(u.out()).toContain('Fixed (200)');
  });

  it('no answer: says so, exit 1', async () => {
    const closed = JSON.stringify(buildHar([{ url: 'http://127.0.0.1:9/x', status: 401 }]));
    const t = io({ 'c.har': closed });
    expect(await main(['replay', 'c.har', '--entry', '0'], t.cli)).toBe(1);
    expect(t.out()).toMatch(/no answer: .*fetch failed/);
  });

  it('bad usage: no entry, unknown entry, unknown option, not a HAR', async () => {
    const t = io({ 's.har': har(), 'x.txt': 'hello' });
    expect(await main(['replay', 's.har'], t.cli)).toBe(2);
    expect(await main(['replay', 's.har', '--entry', '9'], t.cli)).toBe(2);
    expect(await main(['replay', 's.har', '--entry', '1', '--nope'], t.cli)).toBe(2);
    expect(await main(['replay', 'x.txt', '--entry', '0'], t.cli)).toBe(2);
    expect(t.err()).toContain('no entry 9');
    expect(t.err()).toContain('not a HAR');
  });
});

describe('401-doctor replay on a big HAR', () => {
  it('reads the file as a stream up to the entry (never whole), and sends that entry', async () => {
    const text = generateHar(9000);
    expect(text.length).toBeGreaterThan(16_000_000);
    const wanted = 8057;
    const entry = JSON.parse(text).log.entries[wanted];
    const chunk = 1 << 18;
    let chunks = 0;
    const sent: Array<{ url: string; headers: Headers }> = [];
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      readFile: () => Promise.reject(new Error('the file is never read whole')),
      writeFile: async () => undefined,
      openRead: async function* () {
        for (let i = 0; i < text.length; i += chunk) {
          chunks++;
          yield text.slice(i, i + chunk);
        }
      },
      fileSize: async () => text.length,
      fetch: async (url, init) => {
        sent.push({ url: String(url), headers: new Headers(init?.headers) });
        return new Response('{"ok":true}', { status: 200 });
      },
      isTTY: false,
      env: {},
    };
    expect(await main(['replay', 'big.har', '--entry', String(wanted)], cli)).toBe(0);
    expect(err.join('')).toBe('');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(entry.request.url);
    const authorization = entry.request.headers.find(
      (h: { name: string }) => h.name === 'Authorization',
    ).value;
    expect(sent[0]?.headers.get('authorization')).toBe(authorization);
    expect(out.join('')).toContain(`Replay of #${wanted} GET ${entry.request.url.split('?')[0]}`);
    expect(out.join('')).toContain('(was 401');
    expect(out.join('')).toContain('Fixed (200)');
    // Read on past the entry only until an entry carried a secret header (the next one).
    expect(chunks).toBeLessThan(Math.ceil(text.length / chunk));
  }, 30_000);
});
