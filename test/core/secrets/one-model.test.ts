// "What is a secret" is decided in one place, src/core/secrets/model.ts. This test fails when a
// second list of secret names appears anywhere else in src/ (a Set of header names, a regex
// alternation of parameter names), and when a module that masks does not go through the model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const SRC = join(ROOT, 'src');
const MODEL_DIR = 'src/core/secrets/';

/** Names only a secret classifier lists. */
const NAMES = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'client-secret',
  'api_key',
  'apikey',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'passwd',
  'code_verifier',
  'client_assertion',
  'session_id',
  'sessionid',
  'private-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
];

/** Also classifier words, but too common as values (`SecretKind` 'token' | 'password'): only in regex alternations. */
const WORDS = ['password', 'secret', 'token'];

/**
 * Files that name several of these for another reason, and why. Keep it short: a new entry
 * needs a reason that is not "what is a secret".
 */
const ALLOWED: Record<string, string> = {
  'src/core/http/parse-credentials.ts':
    'the members of a JSON object pasted as a token: parsing, not secrecy',
  'src/core/http/credentials/placeholder.ts':
    'placeholder words (values such as `Bearer api_key`): what an unset variable leaves, not a secret',
  'src/core/oauth/token-request.ts':
    'OAuth token requests read by meaning (RFC 6749 parameters, client authentication methods); each value it keeps goes through redact',
  'src/core/rules/oauth.ts':
    'grant_type values and client authentication method names (RFC 6749), not names to mask',
  'src/core/providers.ts':
    'what providers say when they refuse a request ("wrong password", "invalid token"): phrases matched in response bodies, not names to mask',
  'src/core/provider-headers.ts':
    'the header half of the provider table and the generic phrases ("wrong password", "invalid token"): phrases matched in vendor headers and bodies, not names to mask',
  'src/core/rules/server-said.ts':
    'challenge scheme names a server uses to ask for an API key (api-token-required), not what is masked',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** The code without its comments (good enough for this scan: no comment markers in strings). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

// Quoted exactly ('x-api-key'), or a member of an alternation (/(password|client_secret)/).
// Lower case only: auth scheme names (Token, ApiKey) are not secret names.
const exact = new RegExp(`['"](${NAMES.join('|')})['"]`, 'g');
const alternated = new RegExp(`(?:\\||\\()(${[...NAMES, ...WORDS].join('|')})(?=\\||\\))`, 'g');

/** Secret names listed in a file: exact string literals, and members of regex alternations. */
function listedNames(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(exact)) found.add((match[1] ?? '').toLowerCase());
  for (const match of code.matchAll(alternated)) found.add((match[1] ?? '').toLowerCase());
  return [...found];
}

describe('one secret model', () => {
  const files = sourceFiles(SRC).map((path) => ({
    path: relative(ROOT, path),
    code: withoutComments(readFileSync(path, 'utf8')),
  }));

  it('no list of secret names outside src/core/secrets', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith(MODEL_DIR) && !(f.path in ALLOWED))
      .map((f) => ({ path: f.path, names: listedNames(f.code) }))
      .filter((f) => f.names.length >= 2);
    expect(offenders).toEqual([]);
  });

  it('the scan would find one (the model itself lists them)', () => {
    const model = files.find((f) => f.path === `${MODEL_DIR}model.ts`);
    expect(listedNames(model?.code ?? '').length).toBeGreaterThan(5);
    expect(listedNames(`const NAMES = new Set(['x-api-key', 'x-auth-token']);`)).toHaveLength(2);
    expect(listedNames('const R = /"(access_token|refresh_token)"/;')).toHaveLength(2);
  });

  it('every module that masks or sanitizes goes through the model', () => {
    const masking = files.filter(
      (f) =>
        !f.path.startsWith(MODEL_DIR) && /\bfunction (?:redact|mask|sanitize)\w*\s*\(/.test(f.code),
    );
    expect(masking.length).toBeGreaterThan(2);
    // Directly, or through redact / sanitizeHar, which are built on it.
    for (const file of masking)
      expect(file.code, file.path).toMatch(
        /from '(?:\.\.?\/)+(?:core\/)?(?:secrets\/\w[\w-]*|redact|har\/sanitize-har)'/,
      );
  });

  it('the allowed exceptions still exist (remove stale ones)', () => {
    for (const path of Object.keys(ALLOWED))
      expect(
        files.some((f) => f.path === path),
        path,
      ).toBe(true);
  });
});
