import { useEffect, useState } from 'preact/hooks';
import { browser, type Permissions } from '../platform/browser';
import type { FailureRecord, RecentFailures, TabFailures } from '../storage/failures';
import { changesFailures, readRecent } from '../storage/failures';
import { clearFailures } from '../ui/clear-failures';
import { DiagnosisCard } from '../ui/diagnosis-card';
import { carriedText, clockTime, hostPath, statusText } from '../ui/format';
import { type MuteActions, MuteControls, MuteToastView, useMuteActions } from '../ui/mutes';
import { RichText } from '../ui/rich-text';
import { type Preread, preread, useStorage } from '../ui/use-storage';
import { expectedTitle, popupSections } from './failures';

/** Rows a popup section shows; older failures are on the full report page. */
const SHOWN = 100;

/**
 * Rows rendered before the first paint: a popup shows about eight. The rest follow right after
 * it, so the first rows show fast with a full history (bench/extension.ts: building and laying
 * out a hundred rows took most of the popup's time).
 */
const FIRST_ROWS = 12;

/** FIRST_ROWS until the rows have been painted once (`ready`), then every row. */
function useRowBudget(ready: boolean): number {
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (!ready || all) return;
    let afterPaint: ReturnType<typeof setTimeout> | undefined;
    const showAll = () => setAll(true);
    // A task after the next frame: it is painted by then. A page that is not painted (hidden)
    // gets no frame: the timer shows every row anyway.
    const frame = requestAnimationFrame(() => {
      afterPaint = setTimeout(showAll, 0);
    });
    const fallback = setTimeout(showAll, 200);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(afterPaint);
      clearTimeout(fallback);
    };
  }, [ready, all]);
  return all ? Number.POSITIVE_INFINITY : FIRST_ROWS;
}

/** The active tab, asked as soon as the popup's script runs. */
const currentTab: Promise<number | undefined> = browser.tabs
  .query({ active: true, currentWindow: true })
  .then(
    ([tab]) => tab?.id,
    () => undefined,
  );

interface PopupFailures extends RecentFailures {
  currentTabId: number | undefined;
}

/** Only the newest rows are read: the popup must open fast even with a full history. */
async function readFailures(): Promise<PopupFailures> {
  const recent = await readRecent(browser.storage.session, currentTab, SHOWN);
  return { ...recent, currentTabId: await currentTab };
}

const concernsFailures = (changes: Record<string, unknown>) => changesFailures(changes);

/**
 * The first read starts with the script, and the popup first renders with it (main.tsx): the
 * first rows wait for the tab query and three storage reads, not also for a paint and an effect.
 */
export const firstRead: Promise<Preread<PopupFailures>> = preread(
  'session',
  readFailures,
  concernsFailures,
);

function useFailures(first: Preread<PopupFailures> | undefined): {
  tabs: TabFailures[];
  total: number;
  currentTabId: number | undefined;
  loaded: boolean;
} {
  const { value, loaded } = useStorage('session', readFailures, concernsFailures, [], true, first);
  return {
    tabs: value?.tabs ?? [],
    total: value?.total ?? 0,
    currentTabId: value?.currentTabId,
    loaded,
  };
}

const ALL_URLS: Permissions.Permissions = { origins: ['<all_urls>'] };

/** Firefox lets users withdraw host permissions; without them webRequest reports nothing. */
function useHostPermission(): [boolean | undefined, () => void] {
  const [granted, setGranted] = useState<boolean>();
  useEffect(() => {
    void browser.permissions.contains(ALL_URLS).then(setGranted, () => setGranted(true));
  }, []);
  const request = () => {
    void browser.permissions.request(ALL_URLS).then(setGranted, () => setGranted(false));
  };
  return [granted, request];
}

/** `first`: the failures read as the script started (firstRead), when that read succeeded. */
export function App({ first }: { first?: Preread<PopupFailures> }) {
  const { tabs, total, currentTabId, loaded } = useFailures(first);
  const [query, setQuery] = useState('');
  const [hostAccess, requestHostAccess] = useHostPermission();
  const mutes = useMuteActions();
  const sections = popupSections(tabs, currentTabId, SHOWN, query, mutes.settings);
  let budget = useRowBudget(loaded && total > 0);
  const take = (failures: FailureRecord[]): FailureRecord[] => {
    const shown = budget < failures.length ? failures.slice(0, Math.max(0, budget)) : failures;
    budget -= shown.length;
    return shown;
  };

  const clear = () => clearFailures(undefined);
  const openReport = () => {
    const tab =
      currentTabId !== undefined && tabs.some((t) => t.tabId === currentTabId)
        ? `?tab=${currentTabId}`
        : '';
    void browser.tabs.create({ url: browser.runtime.getURL(`report/index.html${tab}`) });
    window.close();
  };

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>401 Doctor</h1>
        {total > 0 && (
          <div class="toolbar">
            <input
              type="search"
              class="filter"
              placeholder="Filter: status, host, path, diagnosis"
              aria-label="Filter failures"
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
            />
            <button type="button" onClick={openReport} data-action="report">
              Full report
            </button>
            <button type="button" onClick={clear} data-action="clear">
              Clear
            </button>
          </div>
        )}
      </header>
      {hostAccess === false && (
        <div class="banner" data-host-permission="missing">
          <p>401 Doctor may not read requests on websites, so it cannot see any failure.</p>
          <button type="button" onClick={requestHostAccess}>
            Allow access to all websites
          </button>
        </div>
      )}
      {loaded && total === 0 && <EmptyState />}
      {loaded && total > 0 && sections.length === 0 && (
        <p class="empty">No failure matches “{query}”.</p>
      )}
      <MuteToastView actions={mutes} />
      {sections.map((section) => (
        <section key={section.title} data-section={section.current ? 'current' : 'other'}>
          <h2>{section.title}</h2>
          {section.failures.length > 0 && (
            <ol class="failures">
              {take(section.failures).map((failure) => (
                <FailureRow key={failure.id} failure={failure} mutes={mutes} />
              ))}
            </ol>
          )}
          {section.thirdParty.map((group) => (
            <QuietGroup
              key={group.site}
              group="third-party"
              site={group.site}
              summary={`From third-party frames of ${group.site}: ${group.failures.length}`}
              rows={take(group.failures)}
              mutes={mutes}
            />
          ))}
          {section.expected.length > 0 && (
            <QuietGroup
              group="expected"
              summary={expectedTitle(section.expected)}
              rows={take(section.expected)}
              mutes={mutes}
            />
          )}
          {section.muted > 0 && (
            <p class="quiet-note" data-muted-count={section.muted}>
              {section.muted} muted (in the full report; the options page lists the mutes).
            </p>
          )}
        </section>
      ))}
    </main>
  );
}

/** A collapsed group of failures not counted (`rows`: those built so far, see FIRST_ROWS). */
function QuietGroup({
  group,
  site,
  summary,
  rows,
  mutes,
}: {
  group: 'third-party' | 'expected';
  site?: string;
  summary: string;
  rows: FailureRecord[];
  mutes: MuteActions;
}) {
  return (
    <details class="quiet" data-group={group} data-site={site}>
      <summary>{summary}</summary>
      <ol class="failures">
        {rows.map((failure) => (
          <FailureRow key={failure.id} failure={failure} mutes={mutes} />
        ))}
      </ol>
    </details>
  );
}

function FailureRow({ failure, mutes }: { failure: FailureRecord; mutes: MuteActions }) {
  const [open, setOpen] = useState(false);
  const carried = carriedText(failure.carried);
  const [top, ...more] = failure.diagnoses ?? [];
  const detailsId = `details-${failure.id}`;
  return (
    <li class="failure" data-failure-id={failure.id} data-status={failure.status}>
      <div class="failure-line">
        <span class="method">{failure.method}</span>
        <span class="status" title={statusText(failure.status)}>
          {failure.status}
        </span>
        <span class="target" title={failure.url}>
          {hostPath(failure.url)}
        </span>
        <time dateTime={new Date(failure.time).toISOString()}>{clockTime(failure.time)}</time>
      </div>
      {top && (
        <div class="diagnosis" data-diagnosis={top.id} data-severity={top.severity}>
          <div class="diagnosis-title" id={`title-${failure.id}`}>
            <span class="severity">{top.severity}</span> {top.title}
          </div>
          {top.fixes[0] && (
            <div class="fix">
              Fix: <RichText text={top.fixes[0]} />
            </div>
          )}
        </div>
      )}
      <div class="row-footer">
        <span class="carried">{carried ? `Sent: ${carried}` : 'Sent no credentials'}</span>
        {top && (
          <button
            type="button"
            class="toggle"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-describedby={`title-${failure.id}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Less' : more.length ? `Why, and ${more.length} more` : 'Why'}
          </button>
        )}
      </div>
      {open && top && (
        <div class="details" id={detailsId}>
          {[top, ...more].map((diagnosis, rank) => (
            <DiagnosisCard key={diagnosis.id} diagnosis={diagnosis} rank={rank} />
          ))}
          <MuteControls failure={failure} actions={mutes} />
        </div>
      )}
    </li>
  );
}

function EmptyState() {
  return (
    <div class="empty" data-empty>
      <p>No authentication failures yet.</p>
      <p>
        401 Doctor watches the requests of every tab for <strong>401 Unauthorized</strong> and{' '}
        <strong>407 Proxy Authentication Required</strong> answers and lists them here, newest
        first.
      </p>
    </div>
  );
}
