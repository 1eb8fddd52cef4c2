// Entry point of the 401-doctor command line: main() with the real process.
// No hashbang here: the build (scripts/build.ts) adds `#!/usr/bin/env node` as the bundle's
// banner, and rolldown keeps a source hashbang too, which would make two (a syntax error).
import { readFile, writeFile } from 'node:fs/promises';
import { main } from './main';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 2;
  },
);
