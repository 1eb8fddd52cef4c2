// One measurement of bench/big-har.ts, in a process of its own so that its peak memory (the
// process's maximum resident set) is its own. Prints one JSON line: { ms, maxRssMB, ... }.
//
//   tsx bench/big-har-child.ts idle                 what node + tsx cost before any work
//   tsx bench/big-har-child.ts parse FILE           read the file as one string, JSON.parse it
//   tsx bench/big-har-child.ts cli FILE [args...]   401-doctor analyze FILE args (stdout to /dev/null)
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { main } from '../src/cli/main';

const [mode = 'idle', file = '', ...rest] = process.argv.slice(2);

async function run(): Promise<Record<string, unknown>> {
  if (mode === 'parse') {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: unknown[] } };
    return { entries: data.log.entries.length };
  }
  if (mode === 'cli') {
    const sink = openSync('/dev/null', 'w');
    let stdoutBytes = 0;
    const code = await main(['analyze', file, ...rest], {
      stdout: (text) => {
        stdoutBytes += writeSync(sink, text);
      },
      stderr: () => {},
      readFile: (path) => Promise.resolve(readFileSync(path, 'utf8')),
      writeFile: (path, text) => writeFile(path, text),
      isTTY: false,
      env: {},
    });
    closeSync(sink);
    return { code, stdoutBytes };
  }
  return {};
}

const start = performance.now();
const extra = await run();
const ms = performance.now() - start;
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }));
