import type { ComponentChildren } from 'preact';
import type { ReplaySuggestion } from '../core/replay';
import { formatRelative, formatUtc } from '../core/time-format';
import { originOf } from '../core/url-parts';
import { type RequestLike, toCurl, toFetch } from './copy-request';
import { credentialsFromExchange, credentialsFromFailure } from './credential-details';
import { ChallengesSection } from './detail/challenges';
import { CredentialsSection } from './detail/credentials';
import {
  BodySection,
  CorsCookiesSection,
  CurlSection,
  DiagnosesSection,
  PlatformsSection,
  StatusMeaningSection,
} from './detail/notes';
import { FlowSection } from './detail/oauth-flow';
import { TimelineSection } from './detail/timeline';
import type { FailureView } from './failure-view';
import { carriedText, statusText } from './format';
import { bodyText, challengeRows, cookieFacts, corsFacts } from './request-facts';
import { originTimeline, type TimelineEntry } from './timeline';

const SOURCE_LABEL = {
  capture: 'captured by the background (values masked; not kept)',
  devtools: 'seen by DevTools (raw values in this panel’s memory only)',
  har: 'imported HAR file (raw values in this page’s memory only)',
} as const;

export interface FailureDetailProps {
  view: FailureView;
  timeline: readonly TimelineEntry[];
  now: number;
  /**
   * The clock leeway the view's diagnoses were made with (the user's setting, or the default
   * for an imported HAR): the EXPIRED / NOT YET VALID markers judge with it too.
   */
  leewayMs: number;
  /** Raw values the user revealed (this page's memory only). */
  revealed: ReadonlySet<string>;
  onReveal: (raw: string, show: boolean) => void;
  onCopy: (what: string, text: string) => void;
  /** The replay editor, where the page can send requests (shown after the actions). */
  replay?: ComponentChildren;
  /** Suggested replay edits, offered on the diagnosis cards next to the fixes they implement. */
  suggestions?: readonly ReplaySuggestion[];
  /** A card's "Replay with this fix": opens the replay editor with the edit applied. */
  onSuggest?: (suggestion: ReplaySuggestion) => void;
}

/** Everything is rendered as text nodes: captured data never becomes markup. */
export function FailureDetail({
  view,
  timeline,
  now,
  leewayMs,
  revealed,
  onReveal,
  onCopy,
  replay,
  suggestions,
  onSuggest,
}: FailureDetailProps) {
  const credentials = view.exchange
    ? credentialsFromExchange(view.exchange, now, leewayMs)
    : view.failure
      ? credentialsFromFailure(view.failure, now, leewayMs)
      : undefined;
  const request: RequestLike = view.exchange
    ? {
        method: view.exchange.request.method,
        url: view.exchange.request.url,
        headers: view.exchange.request.headers,
      }
    : { method: view.method, url: view.url, headers: [] };
  const curl = toCurl(request, { revealed });
  const fetchText = toFetch(request, { revealed });
  const carried = carriedText(view.carried);
  const flow = view.failure?.flow;
  const body = bodyText(view);
  const challenges = challengeRows(view);
  const cors = corsFacts(view);
  const cookies = cookieFacts(view);
  const origin = originOf(view.url);
  const history = origin ? originTimeline(timeline, origin, view.time) : [];

  return (
    <article class="detail" data-failure-key={view.key} data-source={view.source}>
      <header class="detail-head">
        <span class="status" data-class={Math.floor(view.status / 100)}>
          {view.status} {view.statusText || statusText(view.status)}
        </span>{' '}
        <span class="method">{view.method}</span> <span class="url">{view.url}</span>
      </header>
      <dl class="facts">
        <dt>Sent</dt>
        <dd>
          {Number.isFinite(view.time)
            ? `${formatUtc(view.time)} (${formatRelative(view.time, now)})`
            : 'unknown time'}
        </dd>
        <dt>Credentials</dt>
        <dd data-carried>{carried || 'none'}</dd>
        <dt>Source</dt>
        <dd>
          {SOURCE_LABEL[view.source]}
          {view.tabId !== undefined ? `, tab ${view.tabId}` : ''}
          {view.source === 'har' ? `, entry ${view.index}` : ''}
        </dd>
      </dl>
      <div class="actions">
        <button type="button" data-action="copy-curl" onClick={() => onCopy('cURL', curl)}>
          Copy as cURL
        </button>
        <button type="button" data-action="copy-fetch" onClick={() => onCopy('fetch()', fetchText)}>
          Copy as fetch()
        </button>
        <span class="hint">
          {revealed.size > 0 ? 'Includes the values you revealed.' : 'Secrets masked.'}
        </span>
      </div>
      {view.replay && (
        <p class="note" data-replay-of={view.replay.of}>
          A replay you sent {view.replay.mode === 'page' ? 'as the page' : 'from the extension'}.
        </p>
      )}
      {replay}
      {!view.exchange && (
        <p class="note">
          The capture keeps no header values, so the copied request has the method and the URL only.
          Open DevTools on the tab while reproducing the failure to get the full request.
        </p>
      )}

      <DiagnosesSection
        diagnoses={view.diagnoses}
        {...(suggestions ? { suggestions } : {})}
        {...(onSuggest ? { onSuggest } : {})}
      />

      <CredentialsSection
        credentials={credentials}
        carried={carried}
        revealed={revealed}
        onReveal={onReveal}
      />

      <ChallengesSection challenges={challenges} />

      <CorsCookiesSection facts={[...cors, ...cookies]} />

      <TimelineSection view={view} origin={origin} history={history} />

      <FlowSection view={view} flow={flow} />

      <PlatformsSection platforms={view.platforms} />

      <BodySection view={view} body={body} />

      <CurlSection curl={curl} />

      <StatusMeaningSection />
    </article>
  );
}
