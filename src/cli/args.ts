// The options of analyze, explain, jwt and sanitize (--check), read with node:util parseArgs. Not strict:
// an option a command does not use is ignored, and options may come before the command
// (`401-doctor --json analyze x.har`). A value option takes the next argument whatever it
// looks like (`-H '-x: y'`); when repeated, the first wins, except the header lists.
import { parseArgs } from 'node:util';

export const OPTIONS = {
  url: { type: 'string', multiple: true },
  method: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  header: { type: 'string', short: 'H', multiple: true },
  'response-header': { type: 'string', short: 'R', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  body: { type: 'string', multiple: true },
  time: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  check: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type StringOption = {
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['type'] extends 'string' ? K : never;
}[keyof typeof OPTIONS];
type BooleanOption = Exclude<keyof typeof OPTIONS, StringOption>;

export interface Args {
  positional: string[];
  /** Every value given to each value option, in order. */
  lists: Partial<Record<StringOption, string[]>>;
  flags: ReadonlySet<BooleanOption>;
}

/** The arguments read, or the usage error to print (a value option without its value). */
export function readArgs(argv: readonly string[]): Args | string {
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const positional: string[] = [];
  const lists: Args['lists'] = {};
  const flags = new Set<BooleanOption>();
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option' || !Object.hasOwn(OPTIONS, token.name)) continue;
    const name = token.name as keyof typeof OPTIONS;
    if (OPTIONS[name].type === 'boolean') flags.add(name as BooleanOption);
    else if (token.value === undefined) return `${token.rawName} needs a value`;
    else {
      const list = lists[name as StringOption] ?? [];
      list.push(token.value);
      lists[name as StringOption] = list;
    }
  }
  return { positional, lists, flags };
}

/** The first value of a value option. */
export const optionValue = (args: Args, name: StringOption): string | undefined =>
  args.lists[name]?.[0];

/** Every value of a value option. */
export const optionValues = (args: Args, name: StringOption): string[] => args.lists[name] ?? [];
