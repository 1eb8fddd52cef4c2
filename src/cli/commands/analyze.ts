// `401-doctor analyze FILE.har|- [--json] [--status 401,407,403]`: every auth failure in a HAR
// file explained, with the platform notes once at the end.
import { analyzeHar } from '../../core/har/analyze-har';
import { type Args, optionValue } from '../args';
import { formatFailure, formatPlatformNotes, formatSummary } from '../format';
import { type CliIo, EXIT, readInput, TOOL, usageError } from '../io';
import type { Style } from '../style';

export const usage = `  analyze FILE.har|- [--json] [--status 401,407,403]
      Explain every auth failure in a HAR file (DevTools "Save all as HAR", Playwright recordHar).
      401 and 407, 403s about auth (a challenge, an auth error, credentials sent) and a token
      endpoint's invalid_client by default; --status adds whole statuses (403 = every 403).`;

function statusesOf(args: Args): ReadonlySet<number> | string | undefined {
  const list = optionValue(args, 'status');
  if (list === undefined) return undefined;
  const numbers = list.split(',').map((s) => Number(s.trim()));
  if (numbers.some((n) => !Number.isInteger(n) || n < 100 || n > 599))
    return `--status takes status codes like 401,403 (got "${list}")`;
  return new Set(numbers);
}

export async function run(args: Args, io: CliIo, style: Style): Promise<number> {
  const file = args.positional[0];
  if (!file) return usageError(io, 'analyze needs a HAR file');
  const statuses = statusesOf(args);
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
  if (args.flags.has('json')) {
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
