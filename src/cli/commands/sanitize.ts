// `401-doctor sanitize IN.har|- [-o OUT.har]`: a copy of a HAR file with every secret masked.
import { sanitizeHar } from '../../core/har/sanitize-har';
import { type Args, optionValue } from '../args';
import { type CliIo, EXIT, readInput, usageError } from '../io';

export const usage = `  sanitize IN.har|- [-o OUT.har]
      Write a copy with every secret masked (tokens, cookies, keys, JWT signatures).`;

export async function run(args: Args, io: CliIo): Promise<number> {
  const file = args.positional[0];
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
  const target = optionValue(args, 'output');
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
