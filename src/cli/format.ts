// Human-readable output of the command line. Every word about a diagnosis comes from the core
// (catalogue titles, explanations, fixes; evidence already masked).
import type { Diagnosis, Failure } from '../core/diagnose';
import type { HarReport } from '../core/har/analyze-har';
import type { PlatformMatch } from '../core/platforms';
import type { Style } from './style';

const SEVERITY_MARK: Record<Diagnosis['severity'], string> = {
  error: '✖',
  warning: '▲',
  info: 'ℹ',
};

function mark(style: Style, diagnosis: Diagnosis): string {
  const symbol = SEVERITY_MARK[diagnosis.severity];
  if (diagnosis.severity === 'error') return style.red(symbol);
  if (diagnosis.severity === 'warning') return style.yellow(symbol);
  return style.blue(symbol);
}

/** One failure: the request line, platforms, then every diagnosis most likely first. */
export function formatFailure(
  style: Style,
  failure: Failure,
  index?: number,
  options: { platformNotes?: boolean } = {},
): string {
  const lines: string[] = [];
  const where = index === undefined ? '' : `${style.dim(`#${index}`)} `;
  const status = `${failure.status}${failure.statusText ? ` ${failure.statusText}` : ''}`;
  // Every diagnosis is context (a signed-out probe, a handshake step): the 401 is by design.
  const expected =
    failure.diagnoses.length > 0 && failure.diagnoses.every((d) => d.severity === 'info');
  lines.push(
    `${where}${style.bold(`${failure.method} ${failure.url}`)} ${style.dim('→')} ${expected ? `${style.blue(status)} ${style.dim('(expected, not a mistake)')}` : style.red(status)}`,
  );
  for (const platform of failure.platforms)
    lines.push(
      `  ${style.cyan(`Platform: ${platform.name}`)} ${style.dim(`(${platform.evidence.join(', ')})`)}`,
    );
  for (const note of failure.notes) lines.push(`  ${style.yellow('Note:')} ${note}`);
  failure.diagnoses.forEach((diagnosis, i) => {
    lines.push('');
    const confidence = style.dim(`${Math.round(diagnosis.confidence * 100)}%`);
    const heading = i === 0 ? style.bold(diagnosis.title) : diagnosis.title;
    lines.push(
      `  ${mark(style, diagnosis)} ${heading}  ${style.dim(`[${diagnosis.id}]`)} ${confidence}`,
    );
    lines.push(...indent(wrapText(diagnosis.explanation, 90), '    '));
    if (diagnosis.evidence.length > 0) {
      lines.push(`    ${style.bold('Evidence')}`);
      for (const fact of diagnosis.evidence)
        lines.push(`      ${fact.startsWith('  ') ? `  ${fact.trim()}` : `• ${fact}`}`);
    }
    if (diagnosis.fixes.length > 0) {
      lines.push(`    ${style.bold('Fix')}`);
      diagnosis.fixes.forEach((fix, n) => {
        const [first, ...rest] = wrapText(fix, 86);
        lines.push(`      ${style.green(`${n + 1}.`)} ${first ?? ''}`);
        for (const line of rest) lines.push(`         ${line}`);
      });
    }
  });
  if (failure.platforms.length > 0 && options.platformNotes !== false) {
    lines.push('');
    lines.push(formatPlatformNotes(style, failure.platforms));
  }
  return lines.join('\n');
}

/** The notes of the given platforms, each once. */
export function formatPlatformNotes(style: Style, platforms: readonly PlatformMatch[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const platform of platforms) {
    if (seen.has(platform.id)) continue;
    seen.add(platform.id);
    const [first, ...rest] = wrapText(platform.note, 88);
    lines.push(`  ${style.cyan(`${platform.name}:`)} ${first ?? ''}`);
    for (const line of rest) lines.push(`    ${line}`);
  }
  return lines.join('\n');
}

/** The summary line of an `analyze` run. */
export function formatSummary(
  style: Style,
  file: string,
  report: Pick<HarReport, 'tool' | 'entries'> & { failures: { length: number } },
): string {
  const count = report.failures.length;
  const failures =
    count === 0
      ? style.green('no auth failures')
      : style.red(`${count} auth failure${count === 1 ? '' : 's'}`);
  return `${style.bold('401 Doctor')} ${style.dim(report.tool.version)}  ${file}: ${report.entries} entries, ${failures}`;
}

export function wrapText(text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((line) => `${prefix}${line}`);
}
