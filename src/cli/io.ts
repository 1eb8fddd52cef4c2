// What every command shares: its input and output (passed in, so tests run the command line
// without a process), the tool's name and version, the exit codes and the one-line errors.
import pkg from '../../package.json';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
  /** Whether standard output is a terminal (colours). */
  isTTY: boolean;
  /** Whether standard error is a terminal (progress); `isTTY` when not given. */
  stderrIsTTY?: boolean;
  /**
   * The file as text chunks, read as they are consumed (big HARs never become one string).
   * Each call reads from the start again (`-`, standard input, is kept in memory as bytes by
   * the first read, never written to disk). Without it, commands read the whole file.
   */
  openRead?: (path: string) => AsyncIterable<string>;
  /**
   * A big output written piece by piece, at the pace the disk or the reader takes it: to
   * `path`, or to standard output when undefined. A file appears whole when `close` resolves
   * (never half written; `abort` leaves whatever was there before). Without it, commands build
   * the output and hand it to `writeFile` or `stdout` at once.
   */
  openWrite?: (path: string | undefined) => OutputStream;
  /** The file's size in bytes; rejects as `readFile` does (ENOENT, EISDIR, ...). */
  fileSize?: (path: string) => Promise<number>;
  env: Readonly<Record<string, string | undefined>>;
  /** The clock, for `jwt` ("expired 3 h ago") and `explain`'s request time. */
  now?: () => number;
  /** What `replay` sends with (default: Node's global fetch). */
  fetch?: typeof fetch;
}

/** See `CliIo.openWrite`. */
export interface OutputStream {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export const TOOL = { name: '401-doctor', version: pkg.version } as const;

/** Exit codes: 0 nothing wrong, 1 auth failures found, 2 bad usage or unreadable input. */
export const EXIT = { ok: 0, failures: 1, error: 2 } as const;

/** Bad usage: one line, a pointer to the help, exit status 2. */
export function usageError(io: CliIo, message: string): number {
  io.stderr(`401-doctor: ${message}\nRun "401-doctor --help" for usage.\n`);
  return EXIT.error;
}

/** The file's text, or undefined after saying in one line why it cannot be read. */
export async function readInput(io: CliIo, file: string): Promise<string | undefined> {
  try {
    return await io.readFile(file);
  } catch (error) {
    readError(io, file, error);
    return undefined;
  }
}

/** Says in one line why `file` cannot be read. */
export function readError(io: CliIo, file: string, error: unknown): void {
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
}
