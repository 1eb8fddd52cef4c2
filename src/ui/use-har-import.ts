// Importing a HAR file into the panel or the report page: the file goes to the worker
// (./har-import.ts), which reads it as a stream and analyses it, with progress, and keep the result until the user goes back to the
// captured failures.
import { useState } from 'preact/hooks';
import type { ToolInfo } from '../core/har/analyze-har';
import type { HarAnalysis } from './har-analysis';
import { createHarImporter } from './har-import';

export interface Imported {
  name: string;
  analysis: HarAnalysis;
}

export interface ImportProgress {
  name: string;
  /** Characters read (about bytes) of `total` bytes. */
  done: number;
  total: number;
  entries?: number;
  failures?: number;
  phase: string;
}

/** One worker per page: it also keeps the last file, for the sanitized export. */
const importer = createHarImporter();

/** The last imported file, sanitized, as a Blob of JSON (or why not). */
export const sanitizedImport = () => importer.sanitized();

/**
 * The imported file (or none), the import's progress, and `importFile`. `say` reports the
 * outcome in one line; `onImported` runs when a file replaced what was shown.
 */
export function useHarImport(
  tool: ToolInfo,
  say: (text: string | undefined, error?: boolean) => void,
  onImported: () => void,
) {
  const [imported, setImported] = useState<Imported>();
  const [progress, setProgress] = useState<ImportProgress>();

  async function importFile(file: File): Promise<void> {
    setProgress({ name: file.name, done: 0, total: file.size, phase: 'Reading' });
    say(undefined);
    const result = await importer.analyze(file, tool, ({ read, total, entries, failures }) =>
      setProgress({ name: file.name, done: read, total, entries, failures, phase: 'Analysing' }),
    );
    setProgress(undefined);
    if (!result.ok) {
      say(`${file.name}: ${result.error}`, true);
      return;
    }
    setImported({ name: file.name, analysis: result.value });
    onImported();
    const { report } = result.value;
    say(
      `${file.name}: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'} in ${report.entries} entries.${report.warnings ? ` ${report.warnings.join(' ')}` : ''}`,
    );
  }

  return { imported, progress, importFile, leave: () => setImported(undefined) };
}
