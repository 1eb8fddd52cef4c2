// `401-doctor replay FILE.har --entry N [-H 'Name: value']... [--yes] [--json]`: sends one entry's
// request again with Node's fetch (the header changes applied), diagnoses the answer with what
// came before it in the file, and says whether it is fixed. Nothing is sent without the command
// being run, and a POST, PUT, PATCH or DELETE only with --yes (the server would act again).
// The file is read as a stream up to the entry (core/har/har-entry-stream.ts): any size on disk.
import { parseArgs } from 'node:util';
import { createContext, recordExchange } from '../../core/context';
import { diagnose, type Failure } from '../../core/diagnose';
import { isSuccessStatus } from '../../core/exchange';
import { toReportFailure } from '../../core/har/analyze-har';
import { readHarEntryAt } from '../../core/har/har-entry-stream';
import { redactHeaders, redactText, redactUrl } from '../../core/redact';
import {
  applyHeaderLines,
  compareOutcome,
  harRequestBody,
  headersToSend,
  needsConfirmation,
  type ReplayResponse,
  replayExchange,
  replayFromExchange,
  replaySecrets,
} from '../../core/replay';
import { formatFailure } from '../format';
import { type CliIo, readError, readInput, usageError } from '../io';
import type { Style } from '../style';

/** Longest answer body kept (the rest is cut): a replay is about its status and headers. */
const MAX_BODY = 1_000_000;
const TIMEOUT_MS = 30_000;

export const REPLAY_USAGE = `  replay FILE.har --entry N [-H 'Name: value']... [--yes] [--json]
      Send entry N (0-based, as analyze numbers it) again with Node's fetch, -H replacing or
      adding headers ('Name:' removes one), and diagnose the answer. POST, PUT, PATCH and
      DELETE need --yes: the server acts on them again.`;

/** Exit codes: 0 fixed (or past authentication), 1 still failing or no answer, 2 bad usage. */
export async function replayCommand(
  argv: readonly string[],
  io: CliIo,
  style: Style,
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) return usageError(io, 'replay needs a HAR file');
  const entry = Number(values.entry);
  if (values.entry === undefined || !Number.isInteger(entry) || entry < 0)
    return usageError(
      io,
      'replay needs --entry N (the entry number, from 0, as analyze prints it)',
    );

  // The file is read as a stream up to the entry (a file of any size on disk), what came
  // before it recorded as it goes: the context of the diagnoses, as the extension knows a
  // tab's history.
  const open = await source(io, file);
  if (!open) return 2;
  const context = createContext();
  const read = await readHarEntryAt(open, entry, (earlier) => recordExchange(context, earlier));
  if (!read.ok) {
    io.stderr(
      `401-doctor: ${file}: ${read.error.includes('not valid JSON') ? `not JSON, so not a HAR file (${read.error})` : read.error}\n`,
    );
    return 2;
  }
  if (!read.found) {
    io.stderr(`401-doctor: ${file} has no entry ${entry} (${read.entryCount} entries)\n`);
    return 2;
  }
  const original = read.exchange;
  const before = diagnose(original, context);
  recordExchange(context, original);

  const request = applyHeaderLines(
    replayFromExchange(original, harRequestBody(read.entry)),
    values.header ?? [],
  );
  if (!/^https?:\/\//i.test(request.url)) {
    io.stderr(`401-doctor: entry ${entry} is not an http(s) request: ${redactUrl(request.url)}\n`);
    return 2;
  }
  if (needsConfirmation(request.method) && !values.yes) {
    io.stderr(
      `401-doctor: entry ${entry} is a ${request.method}: the server will act on it again (create, change or delete something). Add --yes to send it anyway.\n`,
    );
    return 2;
  }
  for (const header of request.headers)
    if (header.hint)
      io.stderr(
        `${style.yellow('Note:')} ${header.name}: ${header.hint} Give it with -H '${header.name}: …'.\n`,
      );

  const response = await send(io.fetch ?? fetch, request);
  const exchange = replayExchange(request, response, String(entry));
  const after = diagnose(exchange, context);
  const verdict = compareOutcome(
    { status: original.response.status, diagnoses: before?.diagnoses ?? [] },
    {
      status: response.status,
      diagnoses: after?.diagnoses ?? [],
      ...(response.error ? { error: response.error } : {}),
    },
  );
  const secrets = replaySecrets(request);
  const body = response.body === undefined ? undefined : redactText(response.body, secrets);

  if (values.json) {
    const report = {
      entry,
      request: {
        method: request.method,
        url: redactUrl(request.url),
        headers: redactHeaders(headersToSend(request, false)),
      },
      original: {
        status: original.response.status,
        diagnoses: (before?.diagnoses ?? []).map((d) => d.id),
      },
      replay: {
        status: response.status,
        ...(response.statusText ? { statusText: response.statusText } : {}),
        ...(response.error ? { error: response.error } : {}),
        headers: redactHeaders(response.headers),
        ...(body !== undefined ? { body } : {}),
      },
      verdict,
      ...(after ? { failure: toReportFailure(entry, after) } : {}),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(
      formatText(
        style,
        entry,
        request.method,
        request.url,
        original.response.status,
        before,
        response,
        verdict,
        after,
      ),
    );
  }
  return verdict.kind === 'fixed' || verdict.kind === 'past-auth' ? 0 : 1;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      entry: { type: 'string', short: 'e' },
      header: { type: 'string', short: 'H', multiple: true },
      yes: { type: 'boolean', short: 'y' },
      json: { type: 'boolean' },
    },
  });
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

/** The file as a stream of text (or, without `openRead`, its whole text); undefined once said. */
async function source(io: CliIo, file: string): Promise<(() => AsyncIterable<string>) | undefined> {
  const openRead = io.openRead;
  if (openRead) {
    try {
      if (file !== '-') await io.fileSize?.(file);
      return () => openRead(file);
    } catch (error) {
      readError(io, file, error);
      return undefined;
    }
  }
  const text = await readInput(io, file);
  return text === undefined ? undefined : () => once(text);
}

async function send(
  fetcher: typeof fetch,
  request: ReturnType<typeof replayFromExchange>,
): Promise<ReplayResponse> {
  const sentAt = Date.now();
  try {
    const init: RequestInit = {
      method: request.method,
      headers: headersToSend(request, false).map((h) => [h.name, h.value] as [string, string]),
      redirect: 'follow',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    };
    if (request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD')
      init.body = request.body;
    const answer = await fetcher(request.url, init);
    const headers: Array<{ name: string; value: string }> = [];
    answer.headers.forEach((value, name) => {
      if (name !== 'set-cookie') headers.push({ name, value });
    });
    for (const cookie of answer.headers.getSetCookie?.() ?? [])
      headers.push({ name: 'set-cookie', value: cookie });
    const text = await answer.text();
    const out: ReplayResponse = {
      status: answer.status,
      headers,
      sentAt,
      receivedAt: Date.now(),
      url: answer.url || request.url,
    };
    if (answer.statusText) out.statusText = answer.statusText;
    if (text !== '') out.body = text.slice(0, MAX_BODY);
    return out;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      headers: [],
      error: `${error instanceof Error ? error.message : String(error)}${cause?.code ? ` (${cause.code})` : ''}`,
      sentAt,
      receivedAt: Date.now(),
    };
  }
}

function formatText(
  style: Style,
  entry: number,
  method: string,
  url: string,
  originalStatus: number,
  before: Failure | null,
  response: ReplayResponse,
  verdict: ReturnType<typeof compareOutcome>,
  after: Failure | null,
): string {
  const lines: string[] = [];
  const was = before?.diagnoses[0]?.id;
  lines.push(
    `Replay of #${entry} ${style.bold(`${method} ${redactUrl(url)}`)} ${style.dim(`(was ${originalStatus}${was ? `: ${was}` : ''})`)}`,
  );
  const status =
    response.status > 0
      ? `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
      : `no answer: ${response.error ?? 'unknown error'}`;
  const good = verdict.kind === 'fixed' || isSuccessStatus(response.status);
  lines.push(`  ${style.dim('→')} ${good ? style.green(status) : style.red(status)}`);
  lines.push(`  ${good ? style.green(verdict.headline) : style.bold(verdict.headline)}`);
  for (const change of verdict.changes) lines.push(`    • ${change}`);
  if (after) lines.push('', formatFailure(style, after, entry, { platformNotes: false }));
  return `${lines.join('\n')}\n`;
}
