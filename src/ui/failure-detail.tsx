import type { ComponentChildren } from 'preact';
import type { FlowStep } from '../core/oauth/flow';
import { PLATFORMS, type PlatformId } from '../core/platforms';
import { formatRelative, formatUtc } from '../core/time-format';
import { originOf, pathAndQuery } from '../core/url-parts';
import { type RequestLike, toCurl, toFetch } from './copy-request';
import {
  type ClaimTime,
  type CredentialDetails,
  credentialsFromExchange,
  credentialsFromFailure,
} from './credential-details';
import { DiagnosisCard } from './diagnosis-card';
import type { FailureView } from './failure-view';
import { carriedText, statusText } from './format';
import { bodyText, challengeRows, cookieFacts, corsFacts } from './request-facts';
import { RichText } from './rich-text';
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

      <Section id="diagnoses" title="Diagnoses, most likely first">
        {view.diagnoses.map((diagnosis, rank) => (
          <DiagnosisCard key={diagnosis.id} diagnosis={diagnosis} rank={rank} />
        ))}
      </Section>

      <Section id="credentials" title="Credentials sent">
        {credentials === undefined ? (
          <p class="note" data-masked-only>
            {carried
              ? `The request carried: ${carried}. Only what kind of credential was sent was captured, not its value, so it cannot be decoded or revealed here. Open DevTools on the tab (401 Doctor panel) while reproducing the failure, or import a HAR file, to decode it.`
              : 'The request carried no credentials.'}
          </p>
        ) : credentials.length === 0 ? (
          <p class="note">The request carried no credentials.</p>
        ) : (
          credentials.map((credential) => (
            <CredentialCard
              key={credential.id}
              credential={credential}
              revealed={credential.raw !== undefined && revealed.has(credential.raw)}
              onReveal={onReveal}
            />
          ))
        )}
      </Section>

      <Section id="challenges" title="What the server asked for (challenges)">
        {challenges === undefined ? (
          <p class="note">
            The capture did not keep the response headers; the diagnoses above quote the challenge
            when it matters.
          </p>
        ) : challenges.length === 0 ? (
          <p class="note">
            No WWW-Authenticate or Proxy-Authenticate header: the server did not say how to
            authenticate.
          </p>
        ) : (
          <table class="challenges">
            <thead>
              <tr>
                <th>Header</th>
                <th>Scheme</th>
                <th>Parameters</th>
              </tr>
            </thead>
            <tbody>
              {challenges.map((row, i) => (
                <tr key={i}>
                  <td>{row.header}</td>
                  <td>{row.scheme}</td>
                  <td>
                    {row.params.map(([name, value]) => (
                      <div key={name}>
                        <span class="param">{name}</span> = <span class="value">{value}</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section id="cors-cookies" title="CORS and cookies">
        <ul class="plain">
          {[...cors, ...cookies].map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
        </ul>
      </Section>

      <Section id="timeline" title={`Timeline of ${origin || 'this origin'}`}>
        {history.length === 0 ? (
          <p class="note">Nothing else is known about this origin.</p>
        ) : (
          <table class="timeline">
            <tbody>
              {history.map((entry) => (
                <tr
                  key={entry.key}
                  data-current={entry.key === view.key ? 'yes' : undefined}
                  data-ok={entry.status >= 200 && entry.status < 400 ? 'yes' : 'no'}
                >
                  <td class="time">
                    {Number.isFinite(entry.time) ? formatUtc(entry.time).slice(11, 19) : ''}
                  </td>
                  <td class="status" data-class={Math.floor(entry.status / 100)}>
                    {entry.status}
                  </td>
                  <td>
                    {entry.method} {pathAndQuery(entry.url)}
                  </td>
                  <td class="sent">
                    {entry.sent.length > 0 ? entry.sent.join('; ') : 'no credentials'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {view.source === 'capture' && (
          <p class="note">
            The capture keeps failures only; successful requests show while DevTools is open or in
            an imported HAR.
          </p>
        )}
      </Section>

      {flow && flow.length > 0 && (
        <Section id="oauth-flow" title="OAuth flow">
          <table class="timeline flow">
            <tbody>
              {flow.map((step, i) => (
                <tr
                  key={i}
                  data-kind={step.kind}
                  data-current={step.current ? 'yes' : undefined}
                  data-ok={step.status >= 200 && step.status < 400 ? 'yes' : 'no'}
                >
                  <td class="time">
                    {Number.isFinite(step.time) ? formatUtc(step.time).slice(11, 19) : ''}
                  </td>
                  <td class="status" data-class={Math.floor(step.status / 100)}>
                    {step.status}
                  </td>
                  <td class="kind">{step.current ? 'this failure' : FLOW_LABELS[step.kind]}</td>
                  <td>
                    {step.method} {hostAndPath(step.url)}
                  </td>
                  <td class="sent">{step.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="note">
            The steps of the sign-in and token flow before this failure, as this{' '}
            {view.source === 'har' ? 'file' : 'tab'} saw them: discovery, authorize redirect,
            callback, token requests (their codes and tokens only as fingerprints), API calls.
          </p>
        </Section>
      )}

      {view.platforms.length > 0 && (
        <Section id="platforms" title="Platform notes">
          {view.platforms.map((id) => {
            const info = PLATFORMS[id as PlatformId];
            return (
              <div key={id} class="platform" data-platform={id}>
                <strong>{info?.name ?? id}</strong>: {info ? <RichText text={info.note} /> : ''}
              </div>
            );
          })}
        </Section>
      )}

      <Section id="body" title="Response body">
        {body === undefined ? (
          <p class="note">
            {view.exchange
              ? 'The response had no body, or it was not recorded.'
              : 'The capture does not keep bodies; DevTools does while it is open.'}
          </p>
        ) : (
          <pre class="body" data-body>
            {body}
          </pre>
        )}
      </Section>

      <Section id="copy-preview" title="Request as cURL">
        <pre class="code" data-copy="curl">
          {curl}
        </pre>
      </Section>

      <Section id="401-vs-403" title="401 or 403?">
        <p>
          <strong>401 Unauthorized</strong> means “who are you?”: the server did not accept any
          credentials from this request (none, malformed, expired or wrong). Sending valid
          credentials fixes it. <strong>403 Forbidden</strong> means “I know who you are, and the
          answer is no”: the credentials were accepted but lack the role, scope or permission. A new
          token will not help; different rights will. <strong>407</strong> is a 401 from a proxy
          between you and the server.
        </p>
      </Section>
    </article>
  );
}

const FLOW_LABELS: Record<FlowStep['kind'], string> = {
  discovery: 'discovery',
  authorize: 'authorize redirect',
  callback: 'callback',
  token: 'token endpoint',
  api: 'API call',
  failure: 'failure',
};

function hostAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <section class="detail-section" data-section={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function CredentialCard({
  credential,
  revealed,
  onReveal,
}: {
  credential: CredentialDetails;
  revealed: boolean;
  onReveal: (raw: string, show: boolean) => void;
}) {
  const raw = credential.raw;
  return (
    <div class="credential" data-credential={credential.where} data-scheme={credential.scheme}>
      <div class="credential-line">
        <span class="where">{credential.where}</span>{' '}
        <code class="value" data-credential-value data-revealed={revealed ? 'yes' : 'no'}>
          {revealed && raw !== undefined ? raw : credential.masked}
        </code>{' '}
        {raw !== undefined && credential.revealable ? (
          <button type="button" data-action="reveal" onClick={() => onReveal(raw, !revealed)}>
            {revealed ? 'Hide' : 'Reveal'}
          </button>
        ) : (
          <span class="note" data-cannot-reveal>
            Cannot be revealed: only the masked form was captured.
          </span>
        )}
      </div>
      {credential.basic && (
        <dl class="facts">
          <dt>User</dt>
          <dd data-basic-user>{credential.basic.username}</dd>
          <dt>Password</dt>
          <dd>
            {revealed && credential.basic.password !== undefined
              ? credential.basic.password
              : credential.basic.passwordMasked}
          </dd>
        </dl>
      )}
      {credential.digest && (
        <table class="digest">
          <tbody>
            {credential.digest.map((param) => (
              <tr key={param.name}>
                <td class="param">{param.name}</td>
                <td>{revealed && param.raw !== undefined ? param.raw : param.masked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {credential.jwt && (
        <div class="jwt" data-jwt-claims>
          {credential.jwt.times.length > 0 && (
            <table class="claim-times">
              <tbody>
                {credential.jwt.times.map((time) => (
                  <ClaimTimeRow key={time.claim} time={time} />
                ))}
              </tbody>
            </table>
          )}
          <div class="jwt-part">
            <h3>JWT header</h3>
            <pre class="code">{JSON.stringify(credential.jwt.header, null, 2)}</pre>
          </div>
          <div class="jwt-part">
            <h3>JWT claims</h3>
            <pre class="code">
              {credential.jwt.payload === null
                ? 'Encrypted (JWE): the claims cannot be read.'
                : JSON.stringify(credential.jwt.payload, null, 2)}
            </pre>
          </div>
          <p class="note">
            Decoded, never verified: the signature is not checked and never shown unless revealed.
          </p>
        </div>
      )}
    </div>
  );
}

function ClaimTimeRow({ time }: { time: ClaimTime }) {
  return (
    <tr data-claim={time.claim} data-marker={time.marker}>
      <td class="param">{time.claim}</td>
      <td>{time.utc}</td>
      <td>{time.relative}</td>
      <td>{time.atRequest ?? ''}</td>
      <td>{time.marker ? <span class="marker">{time.marker}</span> : ''}</td>
    </tr>
  );
}
