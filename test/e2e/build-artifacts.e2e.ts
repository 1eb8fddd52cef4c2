// What `npm run build` ships besides the extensions: the command line (dist/cli, the package
// `bin`) and the core as an ES module with type declarations (dist/core); and what the
// background bundle leaves out.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { CATALOGUE } from '../../src/core/catalogue';
import { PLATFORMS } from '../../src/core/platforms';
import { PROVIDER_HEADER_ROWS } from '../../src/core/provider-headers';
import { PROVIDERS } from '../../src/core/providers';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(resolve(root, 'dist/cli/401-doctor.js'), args, {
      cwd: root,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('the built CLI runs on its own (#! line, executable): analyze --json on a recorded HAR', async () => {
  const { code, stdout } = await cli('analyze', 'test/fixtures/har/example-session.har', '--json');
  expect(code).toBe(1); // failures found
  const report = JSON.parse(stdout);
  expect(report.tool.name).toBe('401-doctor');
  expect(report.failures.map((f: { diagnoses: { id: string }[] }) => f.diagnoses[0]?.id)).toEqual([
    'credentials-not-forwarded',
    'jwt-expired',
  ]);
});

test('the built CLI says what is wrong with unreadable input, without a stack trace', async () => {
  const { code, stderr } = await cli('analyze', 'no-such-file.har');
  expect(code).toBe(2);
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('dist/core is an ES module with declarations, exporting the parsers and the engine', async () => {
  expect(existsSync(resolve(root, 'dist/core/index.d.ts'))).toBe(true);
  const core = await import(pathToFileURL(resolve(root, 'dist/core/index.js')).href);
  expect(
    core
      .parseChallenges('Bearer realm="a", DPoP algs="ES256"')
      .challenges.map((c: { scheme: string }) => c.scheme),
  ).toEqual(['Bearer', 'DPoP']);
  expect(typeof core.diagnose).toBe('function');
});

test('the background bundle diagnoses without the catalogue words, platform notes or polyfill', () => {
  for (const browser of ['chrome', 'firefox']) {
    const background = readFileSync(resolve(root, `dist/${browser}/background.js`), 'utf8');
    // Titles are in (notifications name the top diagnosis); explanations and notes are not.
    expect(background).toContain(CATALOGUE['jwt-expired'].title);
    for (const entry of Object.values(CATALOGUE))
      expect(background).not.toContain(entry.explanation.slice(0, 60));
    for (const platform of Object.values(PLATFORMS))
      expect(background).not.toContain(platform.note.slice(0, 60));
    expect(background).not.toContain('webextension-polyfill');
  }
});

/** The text of every source file under src/ but the one named. */
function sourcesBut(skip: string): string {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(dir, entry.name))
        : /\.tsx?$/.test(entry.name) && relative(root, join(dir, entry.name)) !== skip
          ? [readFileSync(join(dir, entry.name), 'utf8')]
          : [],
    );
  return walk(resolve(root, 'src')).join('\n');
}

test("the background bundle has the provider table's header half, not its body patterns", () => {
  const header = new Set(Object.values(PROVIDER_HEADER_ROWS).flatMap((row) => [...row.messages]));
  // A body pattern whose text other code also holds (platform detection) says nothing here.
  const elsewhere = sourcesBut('src/core/providers.ts');
  const bodyOnly = PROVIDERS.flatMap((row) => [
    ...row.messages.filter((message) => !header.has(message)).map((message) => message.pattern),
    ...(row.body ? [row.body] : []),
  ]).filter((pattern) => !elsewhere.includes(pattern.source));
  expect(bodyOnly.length).toBeGreaterThan(80);
  for (const browser of ['chrome', 'firefox']) {
    const background = readFileSync(resolve(root, `dist/${browser}/background.js`), 'utf8');
    for (const message of header) expect(background).toContain(message.pattern.source);
    for (const pattern of bodyOnly) expect(background).not.toContain(pattern.source);
    for (const phrase of ['Invalid user credentials', 'You did not provide an API key'])
      expect(background).not.toContain(phrase);
  }
});
