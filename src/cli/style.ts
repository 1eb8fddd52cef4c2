// Terminal colours, only when the output is a terminal and NO_COLOR is not set
// (https://no-color.org); FORCE_COLOR turns them on for pipes.

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURS: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
};

const identity = (text: string) => text;
const PLAIN: Style = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  blue: identity,
  green: identity,
  cyan: identity,
};

export function createStyle(
  isTTY: boolean,
  env: Readonly<Record<string, string | undefined>>,
): Style {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return PLAIN;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return COLOURS;
  if (env.TERM === 'dumb') return PLAIN;
  return isTTY ? COLOURS : PLAIN;
}
