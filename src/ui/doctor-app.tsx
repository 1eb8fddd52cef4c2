// The DevTools panel and the report page share this UI: filters and actions on top, the
// failure list (virtualized) on the left, the selected failure's details on the right.

import type { ComponentChildren } from 'preact';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { ToolInfo } from '../core/har/analyze-har';
import { DEFAULT_LEEWAY_MS } from '../core/jwt/jwt-times';
import { useNewFailureAnnouncements } from './announce';
import { copyText } from './clipboard';
import { FailureDetail } from './failure-detail';
import { FailureList } from './failure-list';
import type { FailureView } from './failure-view';
import { type FailureFilter, facetsOf, filterFailures, NO_FILTER } from './filter-failures';
import { MuteControls, MuteToastView, useMuteActions } from './mutes';
import {
  initialSuggestions,
  ReplayEditor,
  type ReplayPick,
  type ReplaySupport,
} from './replay-editor';
import { ReportActions } from './report-actions';
import { type TimelineEntry, timelineFromView } from './timeline';
import { useHarImport } from './use-har-import';
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
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const say = (text: string | undefined, error = false) =>
    setMessage(text === undefined ? undefined : { text, error });
  const { imported, progress, importFile, leave } = useHarImport(tool, say, () => {
    setSelectedKey(undefined);
    setOpen(false);
    setFilter(NO_FILTER);
  });
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(new Set());
  const [dragging, setDragging] = useState(false);
  /** A suggested edit picked on a diagnosis card, for the failure of that key. */
  const [pick, setPick] = useState<ReplayPick & { key: string }>();
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
  const announcement = useNewFailureAnnouncements(live, loaded);

  async function copy(what: string, text: string) {
    say(
      (await copyText(text))
        ? `Copied ${what}.`
        : `Could not copy ${what}: the browser refused the clipboard.`,
    );
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
        {FACETS.map(({ field, label, all, of }) => (
          <FacetSelect
            key={field}
            label={label}
            field={field}
            all={all}
            values={facets[of]}
            value={filter[field]}
            onChange={setField(field)}
          />
        ))}
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
          <button type="button" data-action="back" onClick={leave}>
            Back to captured
          </button>
        )}
        <ReportActions
          views={views}
          imported={imported}
          heading={heading}
          tool={tool}
          copy={(what, text) => void copy(what, text)}
          say={say}
        />
        <button
          type="button"
          data-action="clear"
          onClick={() => {
            if (imported) leave();
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
              {...(replay
                ? {
                    suggestions: initialSuggestions(current, replay),
                    onSuggest: (suggestion) =>
                      setPick({ key: current.key, suggestion, n: (pick?.n ?? 0) + 1 }),
                  }
                : {})}
              replay={
                replay && (
                  <ReplayEditor
                    key={current.key}
                    view={current}
                    support={replay}
                    // The replay joins the list (newest first): stay on the failure it replays.
                    onOpen={() => setSelectedKey(current.key)}
                    {...(pick?.key === current.key ? { pick } : {})}
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

/** The toolbar's filters, in order: each with the facet of values it offers. */
const FACETS = [
  { field: 'status', label: 'Status', all: 'All statuses', of: 'statuses' },
  { field: 'host', label: 'Host', all: 'All hosts', of: 'hosts' },
  { field: 'diagnosis', label: 'Diagnosis', all: 'All diagnoses', of: 'diagnoses' },
] as const;

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
