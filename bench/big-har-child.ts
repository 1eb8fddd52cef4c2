// One measurement of bench/big-har.ts, in a process of its own so that its peak memory (the
// process's maximum resident set) is its own. Prints one JSON line: { ms, maxRssMB, ... }.
//
//   tsx bench/big-har-child.ts idle                 what node + tsx cost before any work
//   tsx bench/big-har-child.ts parse FILE           read the file as one string, JSON.parse it
//   tsx bench/big-har-child.ts scan FILE            read it as a stream, JSON.parse each entry, nothing else
//   tsx bench/big-har-child.ts cli FILE [args...]   401-doctor analyze FILE args (stdout to /dev/null),
//                                                   with the same file access as the real command
//   tsx bench/big-har-child.ts cli-warm FILE WARM [args...]
//                                                   the same, measured after an unmeasured analyze of
//                                                   WARM in the same process and the core's memos
//                                                   emptied: what is left once V8 has compiled the code
//   tsx bench/big-har-child.ts sanitize FILE        401-doctor sanitize FILE -o OUT, the copy counted
//                                                   and searched for a secret instead of written
//   tsx bench/big-har-child.ts replay FILE N        401-doctor replay FILE --entry N, answered 200
//                                                   by a stand-in fetch (nothing leaves the machine)
import { closeSync, createReadStream, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { main } from '../src/cli/main';
import { createHarEntryScanner } from '../src/core/har/har-stream';
import { forgetRememberedValues } from '../src/core/remembered-values';

const openRead = (path: string) =>
  createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>;

/** How each failure of `analyze --json` opens (its index at this indentation). */
const INDEX = '\n      "index": ';

const [mode = 'idle', file = '', ...rest] = process.argv.slice(2);

/** `401-doctor analyze FILE args`, its output counted and dropped. */
async function analyze(path: string, args: string[]): Promise<Record<string, unknown>> {
  const sink = openSync('/dev/null', 'w');
  let stdoutBytes = 0;
  // Failures in the --json output: each opens with its index at this indentation.
  let failuresOut = 0;
  const code = await main(['analyze', path, ...args], {
    stdout: (text) => {
      stdoutBytes += writeSync(sink, text);
      // (Counted in place: a split of every piece would add its arrays to the time measured.)
      for (let at = text.indexOf(INDEX); at >= 0; at = text.indexOf(INDEX, at + 1)) failuresOut++;
    },
    stderr: () => {},
    readFile: (p) => Promise.resolve(readFileSync(p, 'utf8')),
    openRead,
    fileSize: async (p) => statSync(p).size,
    writeFile: (p, text) => writeFile(p, text),
    isTTY: false,
    env: {},
  });
  closeSync(sink);
  return { code, stdoutBytes, failuresOut };
}

async function run(): Promise<Record<string, unknown>> {
  if (mode === 'parse') {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } };
      return { entries: data.log.entries.length };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
  if (mode === 'scan') {
    const scanner = createHarEntryScanner(() => {});
    for await (const chunk of openRead(file)) scanner.push(chunk);
    const end = scanner.end();
    return { entries: end.ok ? end.entryCount : end.error };
  }
  if (mode === 'cli') return analyze(file, rest);
  if (mode === 'cli-warm') return analyze(file, rest.slice(1));
  if (mode === 'sanitize') {
    // The generated files' session cookies: none may be left in the copy.
    const secret = /FAKE-session-\d/;
    let copyBytes = 0;
    let pieces = 0;
    let leaked = false;
    let tail = '';
    let stderr = '';
    const code = await main(['sanitize', file, '-o', 'copy.har'], {
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
      openRead,
      fileSize: async (path) => statSync(path).size,
      openWrite: () => ({
        write: async (text) => {
          copyBytes += Buffer.byteLength(text);
          pieces++;
          // The piece with the end of the last one: a secret cut in two is found too.
          if (secret.test(tail + text.slice(0, 64)) || secret.test(text)) leaked = true;
          tail = text.slice(-64);
        },
        close: async () => {},
        abort: async () => {},
      }),
      writeFile: (path, text) => writeFile(path, text),
      isTTY: false,
      env: {},
    });
    return { code, copyBytes, pieces, leaked, said: stderr.trim() };
  }
  if (mode === 'replay') {
    let out = '';
    let sent = '';
    const code = await main(['replay', file, '--entry', rest[0] ?? '0'], {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        out += text;
      },
      readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
      openRead,
      fileSize: async (path) => statSync(path).size,
      writeFile: (path, text) => writeFile(path, text),
      fetch: async (url) => {
        sent = String(url);
        return new Response('{}', { status: 200 });
      },
      isTTY: false,
      env: {},
    });
    return { code, sent, said: out.split('\n').slice(0, 3).join(' / ') };
  }
  return {};
}

// CPU time (user + system) as well as wall time: on a machine shared with other work, the
// wait for a core is not the program's.
if (mode === 'cli-warm') {
  // Not measured: V8 compiles and optimises the code on another file; the memos of values it
  // read are emptied, so that only the compiled code carries over.
  await analyze(rest[0] ?? '', rest.slice(1));
  forgetRememberedValues();
}
/**
 * CPU time of this process's main thread so far, in ms, where Linux tells it
 * (`/proc/self/task/<pid>/stat`, fields utime and stime in clock ticks of 10 ms); NaN elsewhere.
 * The rest of the process's CPU time is V8's helper threads: optimising compiles and the
 * garbage collector's parallel work.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

const start = performance.now();
const cpu = process.cpuUsage();
const mainStart = mainThreadCpuMs();
const extra = await run();
const used = process.cpuUsage(cpu);
const mainCpuMs = mainThreadCpuMs() - mainStart;
const ms = performance.now() - start;
console.log(
  JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    mainCpuMs,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    ...extra,
  }),
);
