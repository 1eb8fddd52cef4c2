// The 401-doctor command line. `main` takes its input and output as arguments so that tests
// run it without a process; ./401-doctor.ts wires it to the real one.
import pkg from '../../package.json';
import { createContext, recordExchange } from '../core/context';
import { diagnose, type Failure } from '../core/diagnose';
import { createExchange, headersFromLines } from '../core/exchange';
import { analyzeHar, type HarReport, toReportFailure } from '../core/har/analyze-har';
import { sanitizeHar } from '../core/har/sanitize-har';
import { decodeJwt } from '../core/jwt/decode-jwt';
import { redact } from '../core/redact';
import { formatRelative, formatUtc } from '../core/time-format';
import { formatFailure, formatPlatformNotes, formatSummary } from './format';
import { REPLAY_USAGE, replayCommand } from './replay';
import { createStyle, type Style } from './style';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, for `jwt` ("expired 3 h ago") and `explain`'s request time. */
  now?: () => number;
  /** What `replay` sends with (default: Node's global fetch). */
  fetch?: typeof fetch;
}

export const TOOL = { name: '401-doctor', version: pkg.version } as const;

/** Exit codes: 0 nothing wrong, 1 auth failures found, 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, failures: 1, error: 2 } as const;

const USAGE = `Usage: 401-doctor <command> [options]

Commands:
  analyze FILE.har|- [--json] [--status 401,407,403]
      Explain every auth failure in a HAR file (DevTools "Save all as HAR", Playwright recordHar).
  explain --url URL --status N [--method M] [-H 'Name: value']... [-R 'Name: value']...
          [--body TEXT] [--time ISO] [--json]
      Explain one exchange: -H request headers, -R response headers.
  jwt TOKEN [--json]
      Decode a JWT (never verified): header, claims, times in UTC and relative to now.
  sanitize IN.har|- [-o OUT.har]
      Write a copy with every secret masked (tokens, cookies, keys, JWT signatures).
${REPLAY_USAGE}

Options:
  --json       machine-readable output
  -h, --help   this help
  -v, --version

Exit status: 0 no auth failure, 1 auth failures found, 2 bad usage or unreadable input
(replay: 0 fixed, 1 still failing or no answer, 2 bad usage or refused).
Colours follow NO_COLOR / FORCE_COLOR and are off when the output is not a terminal.`;

interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

const VALUE_FLAGS = new Set([
  '--url',
  '--method',
  '--status',
  '-H',
  '--header',
  '-R',
  '--response-header',
  '-o',
  '--output',
  '--body',
  '--time',
]);

function parseArgs(argv: readonly string[]): Parsed | string {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i] as string;
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      value = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    if (VALUE_FLAGS.has(arg)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) return `${arg} needs a value`;
      }
      const list = flags.get(arg) ?? [];
      list.push(value);
      flags.set(arg, list);
    } else if (arg.startsWith('-') && arg !== '-') {
      flags.set(arg, ['']);
    } else positional.push(arg);
  }
  return { positional, flags };
}

const flag = (parsed: Parsed, ...names: string[]) => names.some((n) => parsed.flags.has(n));
const values = (parsed: Parsed, ...names: string[]) =>
  names.flatMap((n) => parsed.flags.get(n) ?? []);
const value = (parsed: Parsed, ...names: string[]) => values(parsed, ...names)[0];

/** Runs the command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const style = createStyle(io.isTTY, io.env);
  try {
    // replay parses its own options (node:util parseArgs).
    if (argv[0] === 'replay') return await replayCommand(argv.slice(1), io, style);
    const parsed = parseArgs(argv);
    if (typeof parsed === 'string') return usageError(io, parsed);
    const [command, ...rest] = parsed.positional;
    if (flag(parsed, '-v', '--version') && !command) {
      io.stdout(`${TOOL.version}\n`);
      return EXIT.ok;
    }
    if (!command || command === 'help' || flag(parsed, '-h', '--help')) {
      io.stdout(`${USAGE}\n`);
      return command || flag(parsed, '-h', '--help') ? EXIT.ok : EXIT.error;
    }
    const args = { ...parsed, positional: rest };
    switch (command) {
      case 'analyze':
        return await analyze(args, io, style);
      case 'explain':
        return explain(args, io, style);
      case 'jwt':
        return jwt(args, io, style);
      case 'sanitize':
        return await sanitize(args, io);
      default:
        return usageError(io, `unknown command "${command}"`);
    }
  } catch (error) {
    // Unexpected: say so in one line, never a stack trace.
    io.stderr(
      `401-doctor: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.error;
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`401-doctor: ${message}\nRun "401-doctor --help" for usage.\n`);
  return EXIT.error;
}

async function readInput(io: CliIo, file: string): Promise<string | undefined> {
  try {
    return await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : error instanceof Error
              ? error.message
              : 'unreadable';
    io.stderr(`401-doctor: cannot read ${file}: ${reason}\n`);
    return undefined;
  }
}

function statusesOf(parsed: Parsed): ReadonlySet<number> | string | undefined {
  const list = value(parsed, '--status');
  if (list === undefined) return undefined;
  const numbers = list.split(',').map((s) => Number(s.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 100 || n > 599))
    return `--status takes status codes like 401,403 (got "${list}")`;
  return new Set(numbers);
}

async function analyze(parsed: Parsed, io: CliIo, style: Style): Promise<number> {
  const file = parsed.positional[0];
  if (!file) return usageError(io, 'analyze needs a HAR file');
  const statuses = statusesOf(parsed);
  if (typeof statuses === 'string') return usageError(io, statuses);
  const text = await readInput(io, file);
  if (text === undefined) return EXIT.error;
  const showProgress = io.isTTY && text.length > 5_000_000;
  const result = analyzeHar(text, {
    tool: TOOL,
    ...(statuses ? { statuses } : {}),
    ...(showProgress
      ? {
          onProgress: (done: number, total: number) =>
            io.stderr(`\ranalysing ${done}/${total} entries`),
          progressEvery: 5000,
        }
      : {}),
  });
  if (showProgress) io.stderr('\r\u001b[K');
  if (!result.ok) {
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  if (flag(parsed, '--json')) {
    io.stdout(`${JSON.stringify(result.report, null, 2)}\n`);
  } else {
    io.stdout(`${formatSummary(style, file, result.report)}\n`);
    for (const warning of result.report.warnings ?? [])
      io.stdout(`${style.yellow('Warning:')} ${warning}\n`);
    for (const { index, failure } of result.failures)
      io.stdout(`\n${formatFailure(style, failure, index, { platformNotes: false })}\n`);
    const platforms = result.failures.flatMap(({ failure }) => failure.platforms);
    if (platforms.length > 0)
      io.stdout(`\n${style.bold('Platform notes')}\n${formatPlatformNotes(style, platforms)}\n`);
  }
  return result.report.failures.length > 0 ? EXIT.failures : EXIT.ok;
}

function explain(parsed: Parsed, io: CliIo, style: Style): number {
  const url = value(parsed, '--url');
  const status = Number(value(parsed, '--status'));
  if (!url) return usageError(io, 'explain needs --url');
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return usageError(io, 'explain needs --status N (an HTTP status code)');
  const timeText = value(parsed, '--time');
  const time = timeText === undefined ? (io.now ?? Date.now)() : Date.parse(timeText);
  if (!Number.isFinite(time))
    return usageError(io, `--time must be a date like 2026-01-01T10:00:00Z (got "${timeText}")`);
  const body = value(parsed, '--body');
  const exchange = createExchange({
    source: 'cli',
    request: {
      method: (value(parsed, '--method') ?? 'GET').toUpperCase(),
      url,
      headers: headersFromLines(values(parsed, '-H', '--header')),
      time,
    },
    response: {
      status,
      headers: headersFromLines(values(parsed, '-R', '--response-header')),
      time,
      ...(body !== undefined ? { body } : {}),
    },
  });
  const context = createContext();
  const failure = diagnose(exchange, context);
  recordExchange(context, exchange);
  if (flag(parsed, '--json')) {
    const report: HarReport & {
      challenges: Failure['challenges'];
      credentials: Failure['credentials'];
    } = {
      tool: { ...TOOL },
      entries: 1,
      failures: failure ? [toReportFailure(0, failure)] : [],
      challenges: failure?.challenges ?? [],
      credentials: failure?.credentials ?? [],
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else if (failure) {
    io.stdout(`${formatFailure(style, failure)}\n`);
  } else {
    io.stdout(`${style.green(`${status} is not an auth failure: nothing to explain.`)}\n`);
  }
  return failure ? EXIT.failures : EXIT.ok;
}

function jwt(parsed: Parsed, io: CliIo, style: Style): number {
  const raw = parsed.positional[0];
  if (!raw) return usageError(io, 'jwt needs a token');
  const token = raw.trim().replace(/^(Bearer|DPoP)\s+/i, '');
  const decoded = decodeJwt(token);
  const now = (io.now ?? Date.now)();
  const times: Record<string, { utc: string; relative: string }> = {};
  const payload = decoded.jwt?.payload ?? undefined;
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const seconds = payload?.[claim];
    if (typeof seconds !== 'number') continue;
    const ms = seconds * 1000;
    const relative = formatRelative(ms, now);
    times[claim] = {
      utc: formatUtc(ms),
      relative:
        claim === 'exp'
          ? ms <= now
            ? `expired ${relative}`
            : `expires ${relative}`
          : claim === 'nbf'
            ? ms > now
              ? `valid ${relative}`
              : `valid since ${relative}`
            : `issued ${relative}`,
    };
  }
  if (flag(parsed, '--json')) {
    io.stdout(
      `${JSON.stringify(
        {
          tool: { ...TOOL },
          header: decoded.jwt?.header ?? null,
          payload: payload ?? null,
          encrypted: decoded.jwt?.encrypted ?? false,
          signature: decoded.jwt
            ? decoded.jwt.signature
              ? 'present (not shown, not verified)'
              : 'empty'
            : null,
          times,
          problems: decoded.problems,
        },
        null,
        2,
      )}\n`,
    );
    return decoded.jwt ? EXIT.ok : EXIT.error;
  }
  if (!decoded.jwt) {
    io.stderr(
      `401-doctor: not a JWT (${redact(token)}):\n${decoded.problems.map((p) => `  ${p.message}`).join('\n')}\n`,
    );
    return EXIT.error;
  }
  const lines: string[] = [];
  lines.push(style.bold('Header'), indentJson(decoded.jwt.header));
  if (decoded.jwt.encrypted)
    lines.push(style.yellow('Encrypted (JWE): the claims cannot be read.'));
  else lines.push(style.bold('Claims'), indentJson(payload ?? {}));
  if (Object.keys(times).length > 0) {
    lines.push(style.bold('Times'));
    for (const [claim, time] of Object.entries(times)) {
      const expired = claim === 'exp' && time.relative.startsWith('expired');
      lines.push(
        `  ${claim}  ${time.utc}  ${expired ? style.red(time.relative) : style.dim(time.relative)}`,
      );
    }
  }
  lines.push(
    `${style.bold('Signature')} ${decoded.jwt.signature ? 'present (not shown, not verified)' : style.red('empty: the token is unsigned')}`,
  );
  for (const problem of decoded.problems)
    lines.push(
      `${problem.severity === 'error' ? style.red('✖') : style.yellow('▲')} ${problem.message}`,
    );
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function indentJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

async function sanitize(parsed: Parsed, io: CliIo): Promise<number> {
  const file = parsed.positional[0];
  if (!file) return usageError(io, 'sanitize needs a HAR file');
  const text = await readInput(io, file);
  if (text === undefined) return EXIT.error;
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    io.stderr(
      `401-doctor: ${file}: the file is not valid JSON (${error instanceof Error ? error.message.slice(0, 200) : ''}).\n`,
    );
    return EXIT.error;
  }
  const result = sanitizeHar(data);
  if (!result.ok) {
    io.stderr(`401-doctor: ${file}: ${result.error}\n`);
    return EXIT.error;
  }
  const out = `${JSON.stringify(result.har, null, 2)}\n`;
  const target = value(parsed, '-o', '--output');
  if (target) {
    try {
      await io.writeFile(target, out);
    } catch (error) {
      io.stderr(
        `401-doctor: cannot write ${target}: ${error instanceof Error ? error.message : 'error'}\n`,
      );
      return EXIT.error;
    }
    io.stderr(`${result.masked} values masked; written to ${target}\n`);
  } else io.stdout(out);
  return EXIT.ok;
}
