import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateHar } from '../../bench/analyze-har';
import { type CliIo, main } from '../../src/cli/main';
import { buildHar } from '../core/har/build-har';

function fakeIo(files: Record<string, string> = {}, over: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return text;
    },
    writeFile: async (path, text) => {
      written[path] = text;
    },
    isTTY: false,
    env: {},
    now: () => Date.UTC(2026, 0, 1, 3),
    ...over,
  };
  return { io, out: () => out.join(''), err: () => err.join(''), written };
}

const har = JSON.stringify(
  buildHar([
    { url: 'https://api.example.test/ok', status: 200 },
    {
      url: 'https://api.example.test/me',
      status: 401,
      request: { Authorization: 'Bearer undefined' },
      response: { 'WWW-Authenticate': 'Bearer realm="api"' },
    },
  ]),
);

describe('401-doctor', () => {
  it('analyze: an expected 401 (a signed-out page asking who is signed in) reads as expected, a mistake does not', async () => {
    const { readFileSync } = await import('node:fs');
    const probe = readFileSync(
      new URL('../fixtures/public/signed-out-probe-nextjs-auth0.har', import.meta.url),
      'utf8',
    );
    const t = fakeIo({ 'probe.har': probe, 'a.har': har });
    await main(['analyze', 'probe.har'], t.io);
    expect(t.out()).toMatch(
      /GET http:\/\/localhost:3000\/api\/me → 401[^\n]*\(expected, not a mistake\)/,
    );
    expect(t.out()).toContain('[signed-out-probe]');
    const mistake = fakeIo({ 'a.har': har });
    await main(['analyze', 'a.har'], mistake.io);
    expect(mistake.out()).not.toContain('expected, not a mistake');
  });

  it("analyze on the OAuth corner recordings (oidc-provider): each scenario's id first", async () => {
    const expected = {
      'oauth-refresh-reused': ['/api/profile', 'refresh-token-reused'],
      'oauth-refresh-failed': ['/api/profile', 'refresh-failed'],
      'oauth-client-secret-wrong': ['/oauth/token', 'oauth-client-auth-failed'],
      'oauth-client-secret-not-encoded': ['/oauth/token', 'oauth-client-auth-failed'],
      'oauth-step-up': ['/api/transfer', 'step-up-required'],
      'oauth-scope-missing': ['/api/admin', 'insufficient-scope'],
    };
    for (const [name, [path, id]] of Object.entries(expected)) {
      const text = readFileSync(new URL(`../fixtures/har/${name}.har`, import.meta.url), 'utf8');
      const t = fakeIo({ 'f.har': text });
      expect(await main(['analyze', 'f.har', '--json'], t.io), name).toBe(1);
      const report = JSON.parse(t.out()) as {
        failures: Array<{ url: string; diagnoses: Array<{ id: string }> }>;
      };
      expect(
        report.failures.map((f) => [new URL(f.url).pathname, f.diagnoses[0]?.id]),
        name,
      ).toEqual([[path, id]]);
    }
  });

  it('analyze --json prints the report shape; exit 1 when failures are found', async () => {
    const t = fakeIo({ 'a.har': har });
    expect(await main(['analyze', 'a.har', '--json'], t.io)).toBe(1);
    const report = JSON.parse(t.out());
    expect(report.tool.name).toBe('401-doctor');
    expect(typeof report.tool.version).toBe('string');
    expect(report.entries).toBe(2);
    expect(report.failures[0]).toMatchObject({
      index: 1,
      method: 'GET',
      status: 401,
      platforms: [],
    });
    expect(Object.keys(report.failures[0].diagnoses[0])).toEqual([
      'id',
      'severity',
      'confidence',
      'title',
      'explanation',
      'evidence',
      'fixes',
    ]);
    expect(report.failures[0].diagnoses[0].id).toBe('placeholder-token');
  });

  it('analyze: exit 0 without failures; text output without colour when not a TTY', async () => {
    const t = fakeIo({
      'ok.har': JSON.stringify(buildHar([{ url: 'https://a.test/', status: 200 }])),
    });
    expect(await main(['analyze', 'ok.har'], t.io)).toBe(0);
    expect(t.out()).toContain('no auth failures');
    expect(t.out()).not.toContain('\u001b[');
  });

  it('colour on a TTY, off with NO_COLOR', async () => {
    const tty = fakeIo({ 'a.har': har }, { isTTY: true });
    await main(['analyze', 'a.har'], tty.io);
    expect(tty.out()).toContain('\u001b[');
    const noColor = fakeIo({ 'a.har': har }, { isTTY: true, env: { NO_COLOR: '1' } });
    await main(['analyze', 'a.har'], noColor.io);
    expect(noColor.out()).not.toContain('\u001b[');
  });

  it.each([
    [['analyze', 'missing.har'], 'cannot read missing.har: no such file'],
    [['analyze', 'bad.har'], 'not valid JSON'],
    [['analyze'], 'analyze needs a HAR file'],
    [['frobnicate'], 'unknown command'],
    [['explain', '--url', 'https://a.test/'], '--status'],
  ])('%j: exit 2 with a clear message, no stack trace', async (argv, message) => {
    const t = fakeIo({ 'bad.har': '{"log":' });
    expect(await main(argv, t.io)).toBe(2);
    expect(t.err()).toContain(message);
    expect(t.err()).not.toMatch(/\n\s+at /);
  });

  it('explain: one exchange from -H and -R; --json adds parsed challenges and credentials, masked', async () => {
    const t = fakeIo();
    const code = await main(
      [
        'explain',
        '--url',
        'https://api.example.test/me',
        '--status',
        '401',
        '-H',
        'Authorization: Basic YWxpY2U6aHVudGVyMg==',
        '-R',
        'WWW-Authenticate: Basic realm="staff"',
        '--json',
      ],
      t.io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(t.out());
    expect(report.failures[0].diagnoses[0].id).toBe('basic-rejected');
    expect(report.challenges[0]).toMatchObject({ scheme: 'Basic', params: { realm: 'staff' } });
    expect(report.credentials[0]).toMatchObject({
      where: 'Authorization header',
      value: 'Basic •••',
      username: 'alice',
    });
    expect(t.out()).not.toContain('hunter2');
    expect(t.out()).not.toContain('YWxpY2U6aHVudGVyMg');
  });

  it('explain: a 200 is not a failure (exit 0)', async () => {
    const t = fakeIo();
    expect(await main(['explain', '--url', 'https://a.test/', '--status', '200'], t.io)).toBe(0);
  });

  it('jwt: header, claims, times in UTC and relative', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    const token = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: 'alice', exp: Date.UTC(2026, 0, 1) / 1000 }))}.c2ln`;
    const t = fakeIo();
    expect(await main(['jwt', token], t.io)).toBe(0);
    expect(t.out()).toContain('"sub": "alice"');
    expect(t.out()).toContain('2026-01-01 00:00:00 UTC');
    expect(t.out()).toContain('expired 3 h ago');
    expect(t.out()).not.toContain('c2ln');
  });

  it('jwt: not a JWT is exit 2', async () => {
    const t = fakeIo();
    expect(await main(['jwt', 'hello'], t.io)).toBe(2);
  });

  it('sanitize: writes a masked copy', async () => {
    const dirty = JSON.stringify(
      buildHar([
        { url: 'https://a.test/', status: 401, request: { Cookie: 'sid=FAKE-session-0123456789' } },
      ]),
    );
    const t = fakeIo({ 'in.har': dirty });
    expect(await main(['sanitize', 'in.har', '-o', 'out.har'], t.io)).toBe(0);
    expect(t.written['out.har']).toContain('sid=•••');
    expect(t.written['out.har']).not.toContain('FAKE-session');
  });

  it('sanitize: says what it masked, by kind, on stderr (stdout stays a HAR)', async () => {
    const dirty = JSON.stringify(
      buildHar([
        {
          url: 'https://a.test/login?password=hunter2-FAKE',
          status: 401,
          request: { Cookie: 'sid=FAKE-session-0123456789' },
          body: '{"message":"bad password hunter2-FAKE for session FAKE-session-0123456789"}',
        },
      ]),
    );
    const t = fakeIo({ 'in.har': dirty });
    expect(await main(['sanitize', 'in.har'], t.io)).toBe(0);
    const out = JSON.parse(t.out());
    expect(JSON.stringify(out)).not.toContain('hunter2-FAKE');
    expect(JSON.stringify(out)).not.toContain('FAKE-session');
    expect(t.err()).toBe(
      '401-doctor: masked 4 values: 2 passwords, 2 cookies (2 of them copies found by value outside the places that name them)\n',
    );
  });

  it('sanitize --check: where a file still holds secrets (exit 1), and nothing in its own output (exit 0)', async () => {
    const dirty = JSON.stringify(
      buildHar([
        {
          url: 'https://a.test/cb?code=4/0AfJohXn0123456789abcdefghij',
          status: 401,
          request: { Authorization: 'Bearer ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789' },
          body: 'token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 is revoked',
        },
      ]),
    );
    const t = fakeIo({ 'in.har': dirty });
    expect(await main(['sanitize', '--check', 'in.har'], t.io)).toBe(1);
    expect(t.out()).toContain(
      'in.har: 3 secret-looking values (2 tokens, 1 one-time code) in 3 places:',
    );
    expect(t.out()).toContain('log.entries[0].request.headers[0].value (Authorization)');
    expect(t.out()).toContain('log.entries[0].response.content.text');
    expect(t.out()).not.toContain('ghp_aBcD');
    // --check changes nothing, and what sanitize writes passes it.
    expect(t.written).toEqual({});
    await main(['sanitize', 'in.har', '-o', 'clean.har'], t.io);
    const clean = fakeIo({ 'clean.har': t.written['clean.har'] as string });
    expect(await main(['sanitize', '--check', 'clean.har'], clean.io)).toBe(0);
    expect(clean.out()).toBe('clean.har: no secret-looking value found.\n');
    const json = fakeIo({ 'in.har': dirty });
    expect(await main(['sanitize', '--check', '--json', 'in.har'], json.io)).toBe(1);
    expect(JSON.parse(json.out())).toMatchObject({
      clean: false,
      values: 3,
      byKind: { token: 2, code: 1 },
    });
  });

  it('--help and --version', async () => {
    const help = fakeIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('Usage: 401-doctor');
    const version = fakeIo();
    expect(await main(['--version'], version.io)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('big files: progress on stderr when it is a terminal, none otherwise', async () => {
    const big = generateHar(3000);
    expect(big.length).toBeGreaterThan(5_000_000);
    const tty = fakeIo({ 'big.har': big }, { isTTY: true });
    expect(await main(['analyze', 'big.har'], tty.io)).toBe(1);
    expect(tty.err()).toContain('3000 entries');
    const pipe = fakeIo({ 'big.har': big });
    await main(['analyze', 'big.har', '--json'], pipe.io);
    expect(pipe.err()).toBe('');
    expect(JSON.parse(pipe.out()).entries).toBe(3000);
  }, 60_000);
  it('analyze - reads standard input as a stream (never as one string), with progress once it is big', async () => {
    const big = generateHar(3000);
    const chunks = (text: string) =>
      (async function* () {
        for (let at = 0; at < text.length; at += 65536) yield text.slice(at, at + 65536);
      })();
    const opened: string[] = [];
    const piped = fakeIo(
      {},
      {
        isTTY: true,
        openRead: (path) => {
          opened.push(path);
          return chunks(big);
        },
      },
    );
    expect(await main(['analyze', '-', '--json'], piped.io)).toBe(1);
    // The file read whole gives the same report.
    const whole = fakeIo({ 'big.har': big });
    await main(['analyze', 'big.har', '--json'], whole.io);
    expect(piped.out()).toBe(whole.out());
    expect(opened.every((path) => path === '-')).toBe(true);
    // Its size is unknown: progress says how much was read, not "of" what.
    expect(piped.err()).toMatch(/analysing \d+ MB: \d+ entries, \d+ failures/);
    expect(piped.err()).not.toContain(' of ');
  }, 60_000);
});

describe('arguments (node:util parseArgs, as the hand-written parser read them)', () => {
  const explainArgs = ['--url', 'https://a.test/x', '--status', '401'];

  it('options may come before the command, and --name=value is the same as --name value', async () => {
    const before = fakeIo({ 'a.har': har });
    expect(await main(['--json', 'analyze', 'a.har'], before.io)).toBe(1);
    const after = fakeIo({ 'a.har': har });
    expect(await main(['analyze', 'a.har', '--json'], after.io)).toBe(1);
    expect(before.out()).toBe(after.out());
    const inline = fakeIo();
    await main(['explain', '--url=https://a.test/x', '--status=401', '--json'], inline.io);
    const spaced = fakeIo();
    await main(['explain', ...explainArgs, '--json'], spaced.io);
    expect(inline.out()).toBe(spaced.out());
  });

  it('-H and --header, -R and --response-header add up; a value may start with a dash', async () => {
    const t = fakeIo();
    await main(
      [
        'explain',
        ...explainArgs,
        '-H',
        'Authorization: Bearer undefined',
        '--header',
        '-x: y',
        '-R',
        'WWW-Authenticate: Bearer realm="a"',
        '--json',
      ],
      t.io,
    );
    const report = JSON.parse(t.out());
    expect(report.failures[0].diagnoses[0].id).toBe('placeholder-token');
    expect(report.challenges.map((c: { scheme: string }) => c.scheme)).toEqual(['Bearer']);
  });

  it('the first value of a repeated option wins', async () => {
    const t = fakeIo();
    await main(['explain', ...explainArgs, '--status', '200', '--method', 'post'], t.io);
    expect(t.out()).toContain('POST https://a.test/x → 401');
  });

  it('a value option without its value is a usage error naming it as typed (exit 2)', async () => {
    for (const [argv, name] of [
      [['explain', ...explainArgs, '-H'], '-H'],
      [['analyze', 'a.har', '--status'], '--status'],
      [['sanitize', 'a.har', '--output'], '--output'],
    ] as const) {
      const t = fakeIo({ 'a.har': har });
      expect(await main(argv, t.io)).toBe(2);
      expect(t.err()).toBe(
        `401-doctor: ${name} needs a value\nRun "401-doctor --help" for usage.\n`,
      );
    }
  });

  it('an option the command does not know is ignored; an unknown command is exit 2', async () => {
    const t = fakeIo({ 'a.har': har });
    expect(await main(['analyze', 'a.har', '--weird', '--json'], t.io)).toBe(1);
    expect(JSON.parse(t.out()).failures).toHaveLength(1);
    const unknown = fakeIo();
    expect(await main(['nope'], unknown.io)).toBe(2);
    expect(unknown.err()).toContain('unknown command "nope"');
  });

  it('-h anywhere shows the help with every command; no command is exit 2; -v only alone', async () => {
    const help = fakeIo();
    expect(await main(['analyze', 'a.har', '-h'], help.io)).toBe(0);
    for (const command of ['analyze', 'explain', 'jwt', 'sanitize', 'replay'])
      expect(help.out()).toContain(`\n  ${command} `);
    const none = fakeIo();
    expect(await main([], none.io)).toBe(2);
    expect(none.out()).toBe(help.out());
    const version = fakeIo();
    expect(await main(['-v'], version.io)).toBe(0);
    expect(version.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
    const withCommand = fakeIo();
    expect(await main(['analyze', '-v'], withCommand.io)).toBe(2);
    expect(withCommand.err()).toContain('analyze needs a HAR file');
  });

  it('sanitize -o and --output=FILE write the same file', async () => {
    const t = fakeIo({ 'a.har': har });
    await main(['sanitize', 'a.har', '-o', 'one.har'], t.io);
    await main(['sanitize', 'a.har', '--output=two.har'], t.io);
    expect(t.written['one.har']).toBeDefined();
    expect(t.written['one.har']).toBe(t.written['two.har']);
  });
});

describe('analyze on big and repetitive files', () => {
  const retryLoop = JSON.stringify(
    buildHar([
      { url: 'https://api.example.test/ok', status: 200 },
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({
        url: `https://api.example.test/items/${n}?try=${n}`,
        status: 401,
        request: { Authorization: 'Bearer undefined' },
        response: { 'WWW-Authenticate': 'Bearer realm="api"' },
      })),
      {
        url: 'https://api.example.test/other',
        status: 401,
        response: { 'WWW-Authenticate': 'Bearer realm="api"' },
      },
    ]),
  );

  it('the text report shows a repeated failure once, with a count; --all prints each', async () => {
    const t = fakeIo({ 'r.har': retryLoop });
    expect(await main(['analyze', 'r.har'], t.io)).toBe(1);
    expect(t.out()).toContain('9 entries, 8 auth failures');
    // Two groups on /items/{id}: the placeholder alone, then with retry-storm (from the 5th).
    expect(t.out().match(/→ 401/g)).toHaveLength(3);
    expect(t.out()).toContain('× 3 more like this');
    expect(t.out()).toContain('same endpoint, same cause: #2, #3, #4;');
    expect(t.out()).toContain('× 2 more like this');
    const all = fakeIo({ 'r.har': retryLoop });
    await main(['analyze', 'r.har', '--all'], all.io);
    expect(all.out().match(/→ 401/g)).toHaveLength(8);
    expect(all.out()).not.toContain('more like this');
  });

  it('read as a stream of chunks: --json equals the whole-file analysis', async () => {
    const big = generateHar(1500);
    const chunks = fakeIo(
      {},
      {
        openRead: async function* () {
          for (let i = 0; i < big.length; i += 10_007) yield big.slice(i, i + 10_007);
        },
        fileSize: async () => big.length,
      },
    );
    await main(['analyze', 'big.har', '--json'], chunks.io);
    const whole = fakeIo({ 'big.har': big });
    await main(['analyze', 'big.har', '--json'], whole.io);
    expect(JSON.parse(chunks.out())).toEqual(JSON.parse(whole.out()));
    expect(JSON.parse(chunks.out()).failures.length).toBeGreaterThan(0);
  }, 60_000);

  it('a file broken after its first failures: --json stays valid JSON, with the error; exit 2', async () => {
    const text = retryLoop.slice(0, retryLoop.lastIndexOf('{"startedDateTime"'));
    const t = fakeIo({ 'cut.har': text });
    expect(await main(['analyze', 'cut.har', '--json'], t.io)).toBe(2);
    const out = JSON.parse(t.out());
    expect(out.failures.length).toBeGreaterThan(0);
    expect(out.error).toContain('not valid JSON');
    expect(t.err()).toContain('not valid JSON');
  });

  it('a missing file read as a stream: the usual one-line error', async () => {
    const t = fakeIo(
      {},
      {
        openRead: async function* () {
          yield '';
        },
        fileSize: async () => {
          throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        },
      },
    );
    expect(await main(['analyze', 'gone.har'], t.io)).toBe(2);
    expect(t.err()).toContain('cannot read gone.har: no such file');
  });
});
