// `401-doctor explain --url URL --status N [-H ...] [-R ...]`: one exchange described on the
// command line, diagnosed as the extension would.
import { createContext, recordExchange } from '../../core/context';
import { diagnose, type Failure } from '../../core/diagnose';
import { type Exchange, headersFromLines } from '../../core/exchange';
import { type HarReport, toReportFailure } from '../../core/har/analyze-har';
import { type Args, optionValue, optionValues } from '../args';
import { formatFailure } from '../format';
import { type CliIo, EXIT, TOOL, usageError } from '../io';
import type { Style } from '../style';

export const usage = `  explain --url URL --status N [--method M] [-H 'Name: value']... [-R 'Name: value']...
          [--body TEXT] [--time ISO] [--json]
      Explain one exchange: -H request headers, -R response headers.`;

export function run(args: Args, io: CliIo, style: Style): number {
  const url = optionValue(args, 'url');
  const status = Number(optionValue(args, 'status'));
  if (!url) return usageError(io, 'explain needs --url');
  if (!Number.isInteger(status) || status < 100 || status > 599)
    return usageError(io, 'explain needs --status N (an HTTP status code)');
  const timeText = optionValue(args, 'time');
  const time = timeText === undefined ? (io.now ?? Date.now)() : Date.parse(timeText);
  if (!Number.isFinite(time))
    return usageError(io, `--time must be a date like 2026-01-01T10:00:00Z (got "${timeText}")`);
  const body = optionValue(args, 'body');
  const exchange: Exchange = {
    source: 'cli',
    request: {
      method: (optionValue(args, 'method') ?? 'GET').toUpperCase(),
      url,
      headers: headersFromLines(optionValues(args, 'header')),
      redirectChain: [],
      time,
    },
    response: {
      status,
      headers: headersFromLines(optionValues(args, 'response-header')),
      time,
      ...(body !== undefined ? { body } : {}),
    },
  };
  const context = createContext();
  const failure = diagnose(exchange, context);
  recordExchange(context, exchange);
  if (args.flags.has('json')) {
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
