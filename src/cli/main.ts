// The 401-doctor command line: reads the command and the options, then hands over to the
// command's own file (./commands/<name>.ts). `main` takes its input and output as arguments so
// that tests run it without a process; ./401-doctor.ts wires it to the real one.
import { type Args, readArgs } from './args';
import * as analyze from './commands/analyze';
import * as explain from './commands/explain';
import * as jwt from './commands/jwt';
import { REPLAY_USAGE, replayCommand } from './commands/replay';
import * as sanitize from './commands/sanitize';
import { type CliIo, EXIT, TOOL, usageError } from './io';
import { createStyle, type Style } from './style';

export type { CliIo } from './io';

/** The commands that read the shared options (./args.ts). */
const COMMANDS: Record<
  string,
  { usage: string; run(args: Args, io: CliIo, style: Style): number | Promise<number> }
> = { analyze, explain, jwt, sanitize };

const USAGE = `Usage: 401-doctor <command> [options]

Commands:
${[analyze, explain, jwt, sanitize].map((command) => command.usage).join('\n')}
${REPLAY_USAGE}

Options:
  --json       machine-readable output
  --all        analyze: every failure in full, repeated ones too
  -h, --help   this help
  -v, --version

Exit status: 0 no auth failure, 1 auth failures found, 2 bad usage or unreadable input
(replay: 0 fixed, 1 still failing or no answer, 2 bad usage or refused).
Colours follow NO_COLOR / FORCE_COLOR and are off when the output is not a terminal.`;

/** Runs the command line; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const style = createStyle(io.isTTY, io.env);
  try {
    // replay reads its own options (strictly: it may send a request).
    if (argv[0] === 'replay') return await replayCommand(argv.slice(1), io, style);
    const args = readArgs(argv);
    if (typeof args === 'string') return usageError(io, args);
    const [command, ...rest] = args.positional;
    if (args.flags.has('version') && !command) {
      io.stdout(`${TOOL.version}\n`);
      return EXIT.ok;
    }
    const help = args.flags.has('help');
    if (!command || command === 'help' || help) {
      io.stdout(`${USAGE}\n`);
      return command || help ? EXIT.ok : EXIT.error;
    }
    const known = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!known) return usageError(io, `unknown command "${command}"`);
    return await known.run({ ...args, positional: rest }, io, style);
  } catch (error) {
    // Unexpected: say so in one line, never a stack trace.
    io.stderr(
      `401-doctor: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT.error;
  }
}
