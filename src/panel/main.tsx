// The DevTools panel: the inspected tab's failures, live, enriched by what DevTools sees.
//
// Live updates come from storage.session (`tab:<id>` and storage.onChanged), not from a port to
// the background: the MV3 worker stops after ~30 s idle and a port to it dies with it (the
// panel would have to notice and reconnect, and would miss what happened meanwhile), whereas
// storage.session outlives the worker and onChanged fires in this page whichever worker life
// wrote the change. The background needs no code for the panel at all.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createContext } from '../core/context';
import { harRequestBody } from '../core/replay';
import { browser } from '../platform/browser';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { loadSettings, onSettingsChanged } from '../settings/storage';
import { clearFailures } from '../ui/clear-failures';
import { DoctorApp } from '../ui/doctor-app';
import type { ReplaySupport } from '../ui/replay-editor';
import { sendAsPageByEval } from '../ui/replay-send';
import { type TimelineEntry, timelineFromExchange } from '../ui/timeline';
import { useStoredFailures } from '../ui/use-stored-failures';
import '../ui/doctor.css';
import {
  bodyFromContent,
  earlierCredential,
  enrichViews,
  exchangeFromDevtools,
  type SeenEntry,
  seeEntry,
} from './enrich';

const devtools = browser.devtools;
const tabId = devtools.inspectedWindow.tabId;
const tool = { name: '401-doctor', version: browser.runtime.getManifest().version };

/** DevTools entries kept in memory (raw values: never stored, never sent). */
const MAX_ENTRIES = 2000;

function applyTheme(name: string | undefined) {
  document.documentElement.dataset.theme = name === 'dark' ? 'dark' : 'light';
}
applyTheme(devtools.panels.themeName);
// Firefox tells when the theme changes; Chrome reloads the panel instead.
devtools.panels.onThemeChanged?.addListener(applyTheme);

// Entries are collected from the moment this page loads; the HAR DevTools recorded before
// (getHAR) fills in what came earlier, without bodies.
const context = createContext();
/** The user's clock leeway: DevTools entries are diagnosed as the background diagnoses. */
let leewaySeconds = DEFAULT_SETTINGS.clockSkewLeewaySeconds;
const useLeeway = (settings: Settings) => {
  leewaySeconds = settings.clockSkewLeewaySeconds;
};
void loadSettings(browser.storage).then(useLeeway, () => undefined);
onSettingsChanged(browser.storage, useLeeway);
let seen: SeenEntry[] = [];
let counter = 0;
const listeners = new Set<(entries: SeenEntry[]) => void>();

function remember(entry: SeenEntry) {
  seen = [...seen.slice(-(MAX_ENTRIES - 1)), entry];
  for (const listener of listeners) listener(seen);
}

devtools.network.onRequestFinished.addListener((request) => {
  const index = counter++;
  const exchange = exchangeFromDevtools(request, index);
  if (!exchange) return;
  const status = exchange.response.status;
  if (status < 400 || exchange.response.body !== undefined) {
    remember(
      seeEntry(context, exchange, `devtools:${index}`, leewaySeconds, harRequestBody(request)),
    );
    return;
  }
  // A refused request: its body may say why (invalid_token, AADSTS..., an API's message).
  void Promise.resolve()
    .then(() => request.getContent())
    .then(bodyFromContent, () => undefined)
    .then((body) => {
      if (body !== undefined) exchange.response.body = body;
      remember(
        seeEntry(context, exchange, `devtools:${index}`, leewaySeconds, harRequestBody(request)),
      );
    });
});

void Promise.resolve()
  .then(() => devtools.network.getHAR())
  .then((log) => {
    const entries = Array.isArray((log as { entries?: unknown }).entries)
      ? ((log as { entries: unknown[] }).entries as unknown[])
      : [];
    const earlier: SeenEntry[] = [];
    for (const entry of entries) {
      const exchange = exchangeFromDevtools(entry, counter);
      if (exchange)
        earlier.push(
          seeEntry(
            context,
            exchange,
            `devtools:${counter++}`,
            leewaySeconds,
            harRequestBody(entry),
          ),
        );
    }
    seen = [...earlier, ...seen].slice(-MAX_ENTRIES);
    for (const listener of listeners) listener(seen);
  })
  .catch(() => undefined);

function useDevtoolsEntries(): SeenEntry[] {
  const [entries, setEntries] = useState(seen);
  useEffect(() => {
    listeners.add(setEntries);
    setEntries(seen);
    return () => {
      listeners.delete(setEntries);
    };
  }, []);
  return entries;
}

// As the page: in the inspected tab, through devtools.inspectedWindow.eval (no permission
// needed). The credential of an earlier successful request comes from the DevTools entries.
const replay: ReplaySupport = {
  asPage: { send: (_tabId, spec) => sendAsPageByEval(spec) },
  earlierCredential: (view) => earlierCredential(seen, view),
};

function Panel() {
  const { views, loaded } = useStoredFailures(tabId);
  const entries = useDevtoolsEntries();
  const live = useMemo(() => enrichViews(views, entries), [views, entries]);
  const timeline = useMemo<TimelineEntry[]>(
    () => entries.map((entry) => timelineFromExchange(entry.exchange, entry.key)),
    [entries],
  );
  return (
    <DoctorApp
      heading="401 Doctor"
      live={live}
      liveTimeline={timeline}
      loaded={loaded}
      tool={tool}
      onClear={() => clearFailures(tabId)}
      replay={replay}
      empty={
        <>
          <p>No authentication failures in this tab yet.</p>
          <p>
            Every 401 and 407 answer the page receives shows here with its most likely cause. While
            DevTools is open, 401 Doctor also reads the full request and the response body.
          </p>
          {__BROWSER__ === 'firefox' && (
            <p>
              Firefox tells extensions about requests only once the Network panel has been opened in
              this DevTools window: open it once to see headers and bodies here.
            </p>
          )}
        </>
      }
    />
  );
}

const root = document.getElementById('app');
if (root) render(<Panel />, root);
