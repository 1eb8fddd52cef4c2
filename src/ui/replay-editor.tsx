// The replay editor of a failure's detail view: the request as far as it is known, suggested
// edits from the diagnoses, how to send it, and the outcome next to the original's. What the
// user types lives in this component's state only: never stored, never sent anywhere but to the
// request's own server, and only on a click. Everything is rendered as text.
import { useEffect, useRef, useState } from 'preact/hooks';
import { diagnose, explainFailure, type Failure } from '../core/diagnose';
import { redactHeaders, redactText } from '../core/redact';
import {
  applyEdit,
  compareOutcome,
  comparePolicy,
  forBrowser,
  headersToSend,
  maskedBody,
  needsConfirmation,
  type ReplayRequest,
  type ReplayResponse,
  type ReplaySuggestion,
  type ReplayVerdict,
  replayExchange,
  replayFromExchange,
  replayFromFailure,
  replaySecrets,
  type SuggestionFacts,
  suggestEdits,
} from '../core/replay';
import { DiagnosisCard } from './diagnosis-card';
import type { FailureView } from './failure-view';
import {
  expectReplay,
  type ReplayMode,
  type ReplaySpec,
  recordReplay,
  sendFromExtension,
} from './replay-send';

/** What the page hosting the editor can do (the panel and the report page differ). */
export interface ReplaySupport {
  /** Sending as the page; absent where there is no page to send from. */
  asPage?: {
    /** Called straight from the click (user input): asks for a permission if one is needed. */
    prepare?: () => Promise<boolean>;
    send: (tabId: number, spec: ReplaySpec) => Promise<ReplayResponse>;
    /** Said next to the choice (the permission it asks for, and why). */
    note?: string;
  };
  /** The raw credential an earlier successful request to the same origin carried (panel). */
  earlierCredential?: (view: FailureView) => SuggestionFacts['earlierCredential'];
}

interface Outcome {
  mode: ReplayMode;
  response: ReplayResponse;
  /** Masked. */
  headers: Array<{ name: string; value: string }>;
  /** Secrets of the request masked out. */
  body?: string;
  failure: Failure | null;
  verdict: ReplayVerdict;
  /** Why the diagnosis lacks the tab's context, when it does. */
  note?: string;
}

/** The "Send" choices, in order, with what each means. */
const REPLAY_MODES: readonly { mode: ReplayMode; choice: string }[] = [
  { mode: 'page', choice: 'as the page (in the tab: its cookies, CORS and service workers apply)' },
  { mode: 'extension', choice: 'from the extension (no page cookies, no CORS)' },
];

const MODE_LABEL: Record<ReplayMode, string> = {
  page: 'As the page',
  extension: 'From the extension',
};

function initialRequest(view: FailureView): ReplayRequest {
  return view.exchange
    ? forBrowser(replayFromExchange(view.exchange, view.requestBody))
    : replayFromFailure({
        method: view.method,
        url: view.url,
        carried: view.carried,
        diagnoses: view.diagnoses,
        ...(view.failure ? { credentials: view.failure.credentials } : {}),
      });
}

function factsOf(view: FailureView, support: ReplaySupport): SuggestionFacts {
  const facts: SuggestionFacts = {};
  const exchange = view.exchange;
  if (exchange && exchange.request.redirectChain.length > 0) facts.finalUrl = exchange.request.url;
  const auth =
    exchange?.request.redirectChain[0]?.requestHeaders ?? exchange?.request.headers ?? [];
  const original = auth.find((h) => h.name.toLowerCase() === 'authorization')?.value;
  if (original) facts.originalAuthorization = original;
  const claims = view.failure?.credentials.find((c) => c.jwt?.payload)?.jwt?.payload;
  if (claims) facts.originalClaims = claims;
  const earlier = support.earlierCredential?.(view);
  if (earlier) facts.earlierCredential = earlier;
  return facts;
}

/**
 * The suggested edits for the request as the editor first shows it: what the diagnosis cards
 * offer next to their fixes ("Replay with this fix"), the same list the editor computes.
 */
export function initialSuggestions(view: FailureView, support: ReplaySupport): ReplaySuggestion[] {
  return suggestEdits(
    initialRequest(view),
    view.diagnoses.map((d) => d.id),
    factsOf(view, support),
  );
}

/** A suggested edit picked on a diagnosis card; `n` tells two clicks on the same one apart. */
export interface ReplayPick {
  suggestion: ReplaySuggestion;
  n: number;
}

/** The editor's field an edit changes (focused after a card's "Replay with this fix"). */
function fieldOf(suggestion: ReplaySuggestion): string {
  const edit = suggestion.edit;
  if (suggestion.focus) return `[data-replay-header="${suggestion.focus}"]`;
  if (edit.kind === 'set-header') return `[data-replay-header="${edit.name.toLowerCase()}"]`;
  if (edit.kind === 'set-url') return '[data-replay-url]';
  return '[data-replay-credentials]';
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

export function ReplayEditor({
  view,
  support,
  onOpen,
  pick,
}: {
  view: FailureView;
  support: ReplaySupport;
  onOpen?: () => void;
  /** A suggested edit picked on a diagnosis card: open the editor with it applied. */
  pick?: ReplayPick;
}) {
  const [open, setOpen] = useState(false);
  const [request, setRequest] = useState<ReplayRequest>(() => initialRequest(view));
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  /** The body the source kept is raw: masked (read-only) until the user reveals it. */
  const [bodyRevealed, setBodyRevealed] = useState(false);
  const canPage = support.asPage !== undefined && view.tabId !== undefined;
  const [mode, setMode] = useState<ReplayMode>(canPage ? 'page' : 'extension');
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [outcomes, setOutcomes] = useState<Partial<Record<ReplayMode, Outcome>>>({});
  const [claims, setClaims] = useState<Record<string, unknown>>();
  const editorRef = useRef<HTMLElement>(null);

  // A card's "Replay with this fix": open the editor (fresh, unless already open) with the edit
  // applied, and put the keyboard focus on the field it changed. Runs once per click (pick.n).
  useEffect(() => {
    if (!pick) return;
    const base = open ? request : initialRequest(view);
    if (!open) {
      setRevealed(new Set());
      setBodyRevealed(false);
      onOpen?.();
    }
    setRequest(applyEdit(base, pick.suggestion.edit));
    if (pick.suggestion.claims) setClaims(pick.suggestion.claims);
    setOpen(true);
    const selector = fieldOf(pick.suggestion);
    requestAnimationFrame(() => {
      const field = editorRef.current?.querySelector(selector) as HTMLElement | null;
      field?.scrollIntoView({ block: 'center' });
      field?.focus();
    });
  }, [pick?.n]);

  const facts = factsOf(view, support);
  const suggestions = suggestEdits(
    request,
    view.diagnoses.map((d) => d.id),
    facts,
  );
  // Only a body the source kept is hidden: what the user types is theirs to see.
  const bodyHidden =
    !bodyRevealed && view.requestBody !== undefined && request.body === view.requestBody;
  const titleOf = (id: string) => view.diagnoses.find((d) => d.id === id)?.title ?? id;

  const setHeader = (i: number, change: Partial<{ name: string; value: string }>) =>
    setRequest({
      ...request,
      headers: request.headers.map((h, j) => {
        if (j !== i) return h;
        const { hint: _hint, ...rest } = h;
        return { ...rest, ...change };
      }),
    });

  function apply(suggestion: ReplaySuggestion) {
    setRequest(applyEdit(request, suggestion.edit));
    if (suggestion.claims) setClaims(suggestion.claims);
    if (suggestion.focus)
      requestAnimationFrame(() =>
        (
          document.querySelector(
            `[data-replay-header="${suggestion.focus}"]`,
          ) as HTMLInputElement | null
        )?.focus(),
      );
  }

  /** The click on Send (or on the confirmation): permission first, while it is user input. */
  function send(confirmed: boolean) {
    setError(undefined);
    if (needsConfirmation(request.method) && !confirmed) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    if (!isHttpUrl(request.url)) {
      setError('Only http: and https: URLs can be replayed.');
      return;
    }
    const permission =
      mode === 'page' && support.asPage?.prepare ? support.asPage.prepare() : Promise.resolve(true);
    void run(mode, permission);
  }

  async function run(sendMode: ReplayMode, permission: Promise<boolean>) {
    setSending(true);
    try {
      const spec: ReplaySpec = {
        method: request.method,
        url: request.url,
        headers: headersToSend(request, true).map((h) => [h.name, h.value]),
        credentials: request.credentials,
        ...(request.body !== undefined ? { body: request.body } : {}),
      };
      let response: ReplayResponse;
      if (sendMode === 'page') {
        const tabId = view.tabId;
        if (tabId === undefined || !support.asPage) throw new Error('No page to send from.');
        if (!(await permission))
          throw new Error(
            'Replaying as the page needs the “scripting” permission, which was not granted. Send it from the extension instead, or allow it when asked.',
          );
        await expectReplay(tabId, spec.method, spec.url).catch(() => null);
        response = await support.asPage.send(tabId, spec);
      } else {
        response = await sendFromExtension(spec);
      }
      const exchange = replayExchange(request, response);
      let failure: Failure | null = null;
      let note: string | undefined;
      if (view.tabId !== undefined) {
        try {
          const recorded = await recordReplay(view.tabId, view.key, sendMode, exchange);
          failure = recorded.failure && explainFailure(recorded.failure);
        } catch {
          failure = diagnose(exchange);
          note = 'Diagnosed without the tab’s history (the background did not answer).';
        }
      } else {
        failure = diagnose(exchange);
        note = 'Diagnosed on its own: an imported file has no live tab history.';
      }
      const verdict = compareOutcome(
        { status: view.status, diagnoses: view.diagnoses },
        {
          status: response.status,
          diagnoses: failure?.diagnoses ?? [],
          ...(response.error ? { error: response.error } : {}),
        },
      );
      const secrets = replaySecrets(request);
      const outcome: Outcome = {
        mode: sendMode,
        response,
        headers: redactHeaders(response.headers),
        failure,
        verdict,
      };
      if (response.body !== undefined) outcome.body = redactText(response.body, secrets);
      if (note) outcome.note = note;
      setOutcomes((before) => ({ ...before, [sendMode]: outcome }));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setSending(false);
    }
  }

  const policy =
    outcomes.page && outcomes.extension
      ? comparePolicy(outcomes.page.verdict, outcomes.extension.verdict)
      : undefined;

  return (
    <section class="detail-section replay" data-section="replay" ref={editorRef}>
      <h2>Replay</h2>
      <p class="note">
        Send this request again, corrected, and see what the server says now. Nothing is sent until
        you click Send; nothing you type is kept.
      </p>
      <button
        type="button"
        data-action="replay"
        aria-expanded={open ? 'true' : 'false'}
        onClick={() => {
          if (!open) {
            // Built when opened, from the view as it is now: DevTools may have enriched it with
            // the raw request since it was first shown.
            setRequest(initialRequest(view));
            setRevealed(new Set());
            setBodyRevealed(false);
            onOpen?.();
          }
          setOpen(!open);
        }}
      >
        {open ? 'Close the replay editor' : 'Replay…'}
      </button>
      {open && (
        <div class="replay-editor" data-replay-editor>
          <div class="replay-line">
            <label>
              Method{' '}
              <input
                class="replay-method"
                data-replay-method
                value={request.method}
                size={8}
                onInput={(e) =>
                  setRequest({ ...request, method: e.currentTarget.value.trim().toUpperCase() })
                }
              />
            </label>{' '}
            <label class="replay-url-label">
              URL{' '}
              <input
                class="replay-url"
                data-replay-url
                value={request.url}
                spellcheck={false}
                onInput={(e) => setRequest({ ...request, url: e.currentTarget.value.trim() })}
              />
            </label>
          </div>
          {request.notes.length > 0 && (
            <ul class="plain replay-notes">
              {request.notes.map((note) => (
                <li key={note} class="note">
                  {note}
                </li>
              ))}
            </ul>
          )}
          <table class="replay-headers">
            <thead>
              <tr>
                <th>Header</th>
                <th>Value</th>
                <th>
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {request.headers.map((header, i) => {
                const lower = header.name.trim().toLowerCase();
                const hidden = header.secret && !revealed.has(i);
                return (
                  <tr key={i} data-replay-row={lower}>
                    <td>
                      <input
                        aria-label={`Header ${i + 1} name`}
                        value={header.name}
                        spellcheck={false}
                        onInput={(e) => setHeader(i, { name: e.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${header.name || `Header ${i + 1}`} value`}
                        data-replay-header={lower}
                        // Preact types a password input apart from a text one; this field is both.
                        type={(hidden ? 'password' : 'text') as 'text'}
                        autocomplete="off"
                        spellcheck={false}
                        value={header.value}
                        placeholder={header.hint ? 'paste a fresh value' : ''}
                        onInput={(e) => setHeader(i, { value: e.currentTarget.value })}
                      />
                      {header.hint && <div class="note">{header.hint}</div>}
                      {header.browserOnly && (
                        <div class="note">
                          Only the browser sets {header.name}: not sent from a page or the
                          extension.
                        </div>
                      )}
                    </td>
                    <td>
                      {header.secret && (
                        <button
                          type="button"
                          data-action="replay-reveal"
                          onClick={() => {
                            const next = new Set(revealed);
                            if (next.has(i)) next.delete(i);
                            else next.add(i);
                            setRevealed(next);
                          }}
                        >
                          {hidden ? 'Reveal' : 'Hide'}
                        </button>
                      )}{' '}
                      <button
                        type="button"
                        data-action="replay-remove-header"
                        aria-label={`Remove ${header.name || `header ${i + 1}`}`}
                        onClick={() =>
                          setRequest({
                            ...request,
                            headers: request.headers.filter((_, j) => j !== i),
                          })
                        }
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button
            type="button"
            data-action="replay-add-header"
            onClick={() =>
              setRequest({
                ...request,
                headers: [
                  ...request.headers,
                  { name: '', value: '', secret: false, browserOnly: false },
                ],
              })
            }
          >
            Add a header
          </button>
          {!['GET', 'HEAD'].includes(request.method) && (
            <div class="replay-body">
              <label class="replay-body-label">
                Body
                <textarea
                  data-replay-body
                  data-masked={bodyHidden ? 'yes' : 'no'}
                  rows={4}
                  spellcheck={false}
                  readOnly={bodyHidden}
                  value={bodyHidden ? maskedBody(request.body ?? '') : (request.body ?? '')}
                  onInput={(e) => {
                    const body = e.currentTarget.value;
                    const { body: _old, ...rest } = request;
                    setRequest(body === '' ? rest : { ...rest, body });
                  }}
                />
              </label>
              {bodyHidden && (
                <p class="note">
                  The body as the request sent it, secrets masked: it is sent as it was.{' '}
                  <button
                    type="button"
                    data-action="replay-reveal-body"
                    onClick={() => setBodyRevealed(true)}
                  >
                    Reveal to edit
                  </button>
                </p>
              )}
            </div>
          )}
          <label>
            Cookies (fetch credentials){' '}
            <select
              data-replay-credentials
              value={request.credentials}
              onChange={(e) =>
                setRequest({
                  ...request,
                  credentials: e.currentTarget.value as ReplayRequest['credentials'],
                })
              }
            >
              <option value="same-origin">same-origin</option>
              <option value="include">include</option>
              <option value="omit">omit</option>
            </select>
          </label>

          {suggestions.length > 0 && (
            <div class="replay-suggestions">
              <h3>Suggested edits</h3>
              <ul class="plain">
                {suggestions.map((suggestion) => (
                  <li key={suggestion.id} data-suggestion={suggestion.id}>
                    <button
                      type="button"
                      data-action="replay-suggestion"
                      onClick={() => apply(suggestion)}
                    >
                      {suggestion.label}
                    </button>{' '}
                    <span class="note">
                      fixes “{titleOf(suggestion.diagnosis)}” ({suggestion.diagnosis})
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {claims && (
            <div class="replay-claims" data-replay-claims>
              <h3>The old token’s claims, for reference</h3>
              <pre class="code">{JSON.stringify(claims, null, 2)}</pre>
            </div>
          )}

          <fieldset class="replay-modes">
            <legend>Send</legend>
            {REPLAY_MODES.map(({ mode: value, choice }) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`replay-mode-${view.key}`}
                  value={value}
                  data-replay-mode={value}
                  checked={mode === value}
                  disabled={value === 'page' && !canPage}
                  onChange={() => setMode(value)}
                />{' '}
                {choice}
              </label>
            ))}
            {!canPage && (
              <p class="note">
                {view.tabId === undefined
                  ? 'There is no live tab for this failure: it can be sent from the extension only.'
                  : 'Sending as the page is not available here.'}
              </p>
            )}
            {canPage && mode === 'page' && support.asPage?.note && (
              <p class="note" data-replay-permission-note>
                {support.asPage.note}
              </p>
            )}
          </fieldset>
          <button
            type="button"
            data-action="replay-send"
            disabled={sending}
            onClick={() => send(false)}
          >
            {sending ? 'Sending…' : `Send ${request.method || 'GET'}`}
          </button>
          {confirming && (
            <div class="replay-confirm" role="alertdialog" aria-label="Confirm" data-replay-confirm>
              <p>
                This is a {request.method}: the server will act on it again (create, change or
                delete something a second time). Send it anyway?
              </p>
              <button type="button" data-action="replay-confirm" onClick={() => send(true)}>
                Send the {request.method} again
              </button>{' '}
              <button
                type="button"
                data-action="replay-cancel"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </div>
          )}
          {error && (
            <p class="message" data-error="yes" data-replay-error role="status">
              {error}
            </p>
          )}
          {policy && (
            <p class="replay-policy" data-replay-policy role="status">
              {policy}
            </p>
          )}
          {(['page', 'extension'] as const).map((m) => {
            const outcome = outcomes[m];
            return outcome ? <OutcomeView key={m} outcome={outcome} /> : null;
          })}
        </div>
      )}
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  const { response, verdict } = outcome;
  return (
    <div
      class="replay-outcome"
      data-replay-outcome={outcome.mode}
      data-replay-status={response.status}
      data-replay-verdict={verdict.kind}
      role="status"
    >
      <h3>
        {MODE_LABEL[outcome.mode]}:{' '}
        <span
          class="replay-headline"
          data-replay-headline
          data-ok={verdict.kind === 'fixed' ? 'yes' : 'no'}
        >
          {verdict.headline}
        </span>
      </h3>
      {verdict.changes.length > 0 && (
        <ul class="plain" data-replay-changes>
          {verdict.changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
      {outcome.note && <p class="note">{outcome.note}</p>}
      {outcome.failure?.diagnoses.map((diagnosis, rank) => (
        <DiagnosisCard key={diagnosis.id} diagnosis={diagnosis} rank={rank} />
      ))}
      {outcome.headers.length > 0 && (
        <details>
          <summary>Response headers (secrets masked)</summary>
          <table class="replay-response-headers">
            <tbody>
              {outcome.headers.map((h, i) => (
                <tr key={i}>
                  <td class="param">{h.name}</td>
                  <td>{h.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {outcome.body !== undefined && (
        <details>
          <summary>Response body</summary>
          <pre class="body" data-replay-body-text>
            {outcome.body}
          </pre>
        </details>
      )}
    </div>
  );
}
