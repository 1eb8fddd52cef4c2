// The toolbar's exports: the report copied or downloaded (Markdown, or JSON identical to
// `401-doctor analyze --json`) and a HAR with every secret masked.
import type { ToolInfo } from '../core/har/analyze-har';
import { downloadBlob, downloadText } from './clipboard';
import type { FailureView } from './failure-view';
import { sanitizedHarOf, toJsonReport, toMarkdown } from './report-export';
import { type Imported, sanitizedImport } from './use-har-import';

export interface ReportActionsProps {
  /** The failures shown (filtered): what the report holds. */
  views: readonly FailureView[];
  imported: Imported | undefined;
  heading: string;
  tool: ToolInfo;
  copy: (what: string, text: string) => void;
  say: (text: string, error?: boolean) => void;
}

export function ReportActions({ views, imported, heading, tool, copy, say }: ReportActionsProps) {
  const meta = () =>
    imported
      ? {
          tool,
          entries: imported.analysis.report.entries,
          ...(imported.analysis.report.warnings
            ? { warnings: imported.analysis.report.warnings }
            : {}),
        }
      : { tool };
  const baseName = imported ? imported.name.replace(/\.(har|json)$/i, '') : '401-doctor';
  const markdown = () =>
    toMarkdown(views, {
      ...meta(),
      now: Date.now(),
      title: imported ? `401 Doctor report: ${imported.name}` : heading,
    });
  const json = () => `${JSON.stringify(toJsonReport(views, meta()), null, 2)}\n`;

  async function exportHar() {
    if (imported) {
      // A big file takes a while (read twice, in the worker): say so meanwhile.
      say(`Sanitizing ${imported.name}…`);
      const result = await sanitizedImport();
      if (result.har) {
        downloadBlob(`${baseName}.sanitized.har`, result.har);
        say(`Sanitized copy of ${imported.name} saved.`);
      } else say(result.error ?? 'Nothing to export.', true);
      return;
    }
    const sanitized = sanitizedHarOf(views, tool);
    if (sanitized.ok)
      downloadText(
        `${baseName}.sanitized.har`,
        JSON.stringify(sanitized.har, null, 2),
        'application/json',
      );
    else say(sanitized.error, true);
  }

  const actions: Array<{ action: string; label: string; title?: string; run: () => void }> = [
    {
      action: 'copy-report',
      label: 'Copy report',
      title: 'Copy the report (Markdown)',
      run: () => copy('the report', markdown()),
    },
    {
      action: 'download-md',
      label: '.md',
      run: () => downloadText(`${baseName}.report.md`, markdown(), 'text/markdown'),
    },
    {
      action: 'copy-json',
      label: 'Copy JSON',
      title: 'Copy the report as JSON (401-doctor analyze --json)',
      run: () => copy('the JSON report', json()),
    },
    {
      action: 'download-json',
      label: '.json',
      run: () => downloadText(`${baseName}.report.json`, json(), 'application/json'),
    },
    {
      action: 'export-har',
      label: 'Sanitized HAR',
      title: 'Download a HAR with every secret masked',
      run: () => void exportHar(),
    },
  ];
  return (
    <>
      {actions.map(({ action, label, title, run }) => (
        <button key={action} type="button" data-action={action} title={title} onClick={run}>
          {label}
        </button>
      ))}
    </>
  );
}
