// The DevTools panel and the report page share this UI: filters and actions on top, the
// failure list (virtualized) on the left, the selected failure's details on the right.

import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { ToolInfo } from '../core/har/analyze-har';
import { DEFAULT_LEEWAY_MS } from '../core/jwt/jwt-times';
import { useNewFailureAnnouncements } from './announce';
import { copyText, downloadText } from './clipboard';
import { FailureDetail } from './failure-detail';
import { FailureList } from './failure-list';
import type { FailureView } from './failure-view';
import { type FailureFilter, facetsOf, filterFailures, NO_FILTER } from './filter-failures';
import type { HarAnalysis } from './har-analysis';
import { createHarImporter } from './har-import';
import { MuteControls, MuteToastView, useMuteActions } from './mutes';
import { ReplayEditor, type ReplaySupport } from './replay-editor';
import { sanitizedHarOf, toJsonReport, toMarkdown } from './report-export';
import { type TimelineEntry, timelineFromView } from './timeline';
import { useSettings } from './use-storage';

export interface DoctorAppProps {
  /** `401 Doctor — tab 12`, ... */
  heading: string;
  /** Live failures (stored records, enriched by DevTools in the panel), newest first. */
  live: FailureView[];
  /** What else the page knows about the origins (DevTools entries seen while open). */
  liveTimeline?: TimelineEntry[];
  loaded: boolean;
  tool: ToolInfo;
  empty: ComponentChildren;
  /** Forgets the live failures (the background's records, for every view). */
  onClear?: () => void;
  /** How this page sends replays (the panel and the report page differ). */
  replay?: ReplaySupport;
}

interface Imported {
  name: string;
  analysis: HarAnalysis;
}

const importer = createHarImporter();

export function DoctorApp({
  heading,
  live,
  liveTimeline,
  loaded,
  tool,
  empty,
  onClear,
  replay,
}: DoctorAppProps) {
  const settings = useSettings();
  const [filter, setFilter] = useState<FailureFilter>(NO_FILTER);
  const [selectedKey, setSelectedKey] = useState<string>();
  const [open, setOpen] = useState(false);
  const [imported, setImported] = useState<Imported>();
  const [progress, setProgress] = useState<{
    name: string;
    /** Characters read (about bytes) of `total` bytes. */
    done: number;
    total: number;
    entries?: number;
    failures?: number;
    phase: string;
  }>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [dragging, setDragging] = useState(false);
  const detailRef = useRef<HTMLElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const all = imported ? imported.analysis.views : live;
  const facets = useMemo(() => facetsOf(all), [all]);
  const views = useMemo(() => filterFailures(all, filter), [all, filter]);
  const timeline = useMemo(
    () =>
      imported
        ? imported.analysis.timeline
        : [...(liveTimeline ?? []), ...live.map(timelineFromView)],
    [imported, live, liveTimeline],
  );
  const foundIndex = selectedKey === undefined ? -1 : views.findIndex((v) => v.key === selectedKey);
  const selected = foundIndex >= 0 ? foundIndex : views.length > 0 ? 0 : -1;
  const current = selected >= 0 ? views[selected] : undefined;

  // Mutes apply to the live failures (an imported file is not the extension's capture).
  const mutes = useMuteActions();
  const say = (text: string, error = false) => setMessage({ text, error });
  const announcement = useNewFailureAnnouncements(live, loaded);

  async function importFile(file: File) {
    setProgress({ name: file.name, done: 0, total: file.size, phase: 'Reading' });
    setMessage(undefined);
    const result = await importer.analyze(file, tool, ({ read, total, entries, failures }) =>
      setProgress({ name: file.name, done: read, total, entries, failures, phase: 'Analysing' }),
    );
    setProgress(undefined);
    if (!result.ok) {
      say(`${file.name}: ${result.error}`, true);
      return;
    }
    setImported({ name: file.name, analysis: result.value });
    setSelectedKey(undefined);
    setOpen(false);
    setFilter(NO_FILTER);
    const { report } = result.value;
    say(
      `${file.name}: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'} in ${report.entries} entries.${report.warnings ? ` ${report.warnings.join(' ')}` : ''}`,
    );
  }

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

  async function copy(what: string, text: string) {
    say(
      (await copyText(text))
        ? `Copied ${what}.`
        : `Could not copy ${what}: the browser refused the clipboard.`,
    );
  }

  async function exportHar() {
    if (imported) {
      const result = await importer.sanitized();
      if (result.text) downloadText(`${baseName}.sanitized.har`, result.text, 'application/json');
      else say(result.error ?? 'Nothing to export.', true);
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

  const setField = (field: keyof FailureFilter) => (event: Event) =>
    setFilter({ ...filter, [field]: (event.currentTarget as HTMLInputElement).value });

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for HAR files; the "Import HAR" button is the keyboard way
    <div
      class="doctor"
      data-dragging={dragging ? 'yes' : undefined}
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer?.files[0];
        if (file) void importFile(file);
      }}
    >
      <header class="toolbar">
        <h1>{imported ? `HAR: ${imported.name}` : heading}</h1>
        <FacetSelect
          label="Status"
          field="status"
          all="All statuses"
          values={facets.statuses}
          value={filter.status}
          onChange={setField('status')}
        />
        <FacetSelect
          label="Host"
          field="host"
          all="All hosts"
          values={facets.hosts}
          value={filter.host}
          onChange={setField('host')}
        />
        <FacetSelect
          label="Diagnosis"
          field="diagnosis"
          all="All diagnoses"
          values={facets.diagnoses}
          value={filter.diagnosis}
          onChange={setField('diagnosis')}
        />
        <input
          type="search"
          aria-label="Filter text"
          placeholder="Filter"
          data-filter="text"
          value={filter.text}
          onInput={setField('text')}
        />
        <span class="count" data-shown={views.length}>
          {views.length === all.length ? `${all.length}` : `${views.length} / ${all.length}`}
        </span>
        <span class="spacer" />
        <button type="button" data-action="import" onClick={() => fileInput.current?.click()}>
          Import HAR…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".har,.json,application/json"
          hidden
          data-import-input
          onChange={(event) => {
            const input = event.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) void importFile(file);
          }}
        />
        {imported && (
          <button type="button" data-action="back" onClick={() => setImported(undefined)}>
            Back to captured
          </button>
        )}
        <button
          type="button"
          data-action="copy-report"
          title="Copy the report (Markdown)"
          onClick={() => copy('the report', markdown())}
        >
          Copy report
        </button>
        <button
          type="button"
          data-action="download-md"
          onClick={() => downloadText(`${baseName}.report.md`, markdown(), 'text/markdown')}
        >
          .md
        </button>
        <button
          type="button"
          data-action="copy-json"
          title="Copy the report as JSON (401-doctor analyze --json)"
          onClick={() => copy('the JSON report', json())}
        >
          Copy JSON
        </button>
        <button
          type="button"
          data-action="download-json"
          onClick={() => downloadText(`${baseName}.report.json`, json(), 'application/json')}
        >
          .json
        </button>
        <button
          type="button"
          data-action="export-har"
          title="Download a HAR with every secret masked"
          onClick={() => void exportHar()}
        >
          Sanitized HAR
        </button>
        <button
          type="button"
          data-action="clear"
          onClick={() => {
            if (imported) setImported(undefined);
            else onClear?.();
            setSelectedKey(undefined);
            setRevealed(new Set());
          }}
        >
          Clear
        </button>
      </header>
      {progress && (
        <div class="progress" data-progress role="status">
          {progress.phase} {progress.name}
          {progress.entries !== undefined
            ? `: ${megabytes(Math.min(progress.done, progress.total))} of ${megabytes(progress.total)}, ${progress.entries} entries, ${progress.failures ?? 0} failures`
            : '…'}
          <progress
            max={progress.total || 1}
            value={
              progress.entries !== undefined ? Math.min(progress.done, progress.total) : undefined
            }
          />
        </div>
      )}
      {/* Live regions exist from the start: screen readers announce changes, not insertions. */}
      <div role="status">
        {message && (
          <div class="message" data-message data-error={message.error ? 'yes' : undefined}>
            {message.text}
          </div>
        )}
      </div>
      <MuteToastView actions={mutes} />
      <div role="status" class="visually-hidden" data-announce>
        {announcement}
      </div>
      <main class="split">
        <div class="master">
          {loaded && all.length === 0 && !imported ? (
            <div class="empty" data-empty>
              {empty}
            </div>
          ) : (
            <FailureList
              views={views}
              isMuted={imported ? undefined : (view) => mutes.mutedBy(view) !== undefined}
              selected={selected}
              onSelect={(i) => setSelectedKey(views[i]?.key)}
              onOpen={(i) => {
                setSelectedKey(views[i]?.key);
                setOpen(true);
                requestAnimationFrame(() => detailRef.current?.focus());
              }}
            />
          )}
        </div>
        <section
          class="detail-pane"
          ref={detailRef}
          tabIndex={-1}
          aria-label="Details of the selected failure"
          data-open={open ? 'yes' : 'no'}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setOpen(false);
              (document.querySelector('.list') as HTMLElement | null)?.focus();
            }
          }}
        >
          {current && !imported && <MuteControls failure={current} actions={mutes} />}
          {current ? (
            <FailureDetail
              view={current}
              timeline={timeline}
              now={Date.now()}
              leewayMs={
                current.source === 'har'
                  ? DEFAULT_LEEWAY_MS
                  : settings.clockSkewLeewaySeconds * 1000
              }
              revealed={revealed}
              onReveal={(raw, show) => {
                const next = new Set(revealed);
                if (show) next.add(raw);
                else next.delete(raw);
                setRevealed(next);
              }}
              onCopy={(what, text) => void copy(what, text)}
              replay={
                replay && (
                  <ReplayEditor
                    key={current.key}
                    view={current}
                    support={replay}
                    // The replay joins the list (newest first): stay on the failure it replays.
                    onOpen={() => setSelectedKey(current.key)}
                  />
                )
              }
            />
          ) : (
            <p class="note">Select a failure to see why it failed.</p>
          )}
        </section>
      </main>
    </div>
  );
}

/** One filter of the toolbar: every value the failures have, or all of them. */
function FacetSelect(props: {
  label: string;
  field: 'status' | 'host' | 'diagnosis';
  all: string;
  values: readonly string[];
  value: string;
  onChange: (event: Event) => void;
}) {
  return (
    <select
      aria-label={props.label}
      data-filter={props.field}
      value={props.value}
      onChange={props.onChange}
    >
      <option value="">{props.all}</option>
      {props.values.map((value) => (
        <option key={value} value={value}>
          {value}
        </option>
      ))}
    </select>
  );
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
