// The shorter sections of the detail view: the diagnoses, CORS and cookie facts, platform
// notes, the response body, the request as cURL, and what 401 and 403 mean.

import type { Diagnosis } from '../../core/diagnose';
import { PLATFORMS, type PlatformId } from '../../core/platforms';
import type { ReplaySuggestion } from '../../core/replay';
import { DiagnosisCard } from '../diagnosis-card';
import type { FailureView } from '../failure-view';
import { RichText } from '../rich-text';
import { Section } from './section';

/** The diagnoses, most likely first, each with its evidence and fixes. */
export function DiagnosesSection({
  diagnoses,
  suggestions,
  onSuggest,
}: {
  diagnoses: readonly Diagnosis[];
  /** Suggested replay edits, each shown on the card of the diagnosis it implements the fix of. */
  suggestions?: readonly ReplaySuggestion[];
  onSuggest?: (suggestion: ReplaySuggestion) => void;
}) {
  return (
    <Section id="diagnoses" title="Diagnoses, most likely first">
      {diagnoses.map((diagnosis, rank) => (
        <DiagnosisCard
          key={diagnosis.id}
          diagnosis={diagnosis}
          rank={rank}
          {...(suggestions ? { suggestions } : {})}
          {...(onSuggest ? { onSuggest } : {})}
        />
      ))}
    </Section>
  );
}

/** What the request and the response say about CORS and cookies. */
export function CorsCookiesSection({ facts }: { facts: readonly string[] }) {
  return (
    <Section id="cors-cookies" title="CORS and cookies">
      <ul class="plain">
        {facts.map((fact, i) => (
          <li key={i}>{fact}</li>
        ))}
      </ul>
    </Section>
  );
}

/** Platform notes: how the servers and providers the response points to produce a 401. */
export function PlatformsSection({ platforms }: { platforms: readonly string[] }) {
  if (platforms.length === 0) return null;
  return (
    <Section id="platforms" title="Platform notes">
      {platforms.map((id) => {
        const info = PLATFORMS[id as PlatformId];
        return (
          <div key={id} class="platform" data-platform={id}>
            <strong>{info?.name ?? id}</strong>: {info ? <RichText text={info.note} /> : ''}
          </div>
        );
      })}
    </Section>
  );
}

/** The response body, as text. */
export function BodySection({ view, body }: { view: FailureView; body: string | undefined }) {
  return (
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
  );
}

/** The request as cURL (masked unless revealed). */
export function CurlSection({ curl }: { curl: string }) {
  return (
    <Section id="copy-preview" title="Request as cURL">
      <pre class="code" data-copy="curl">
        {curl}
      </pre>
    </Section>
  );
}

/** 401 or 403: what each means. */
export function StatusMeaningSection() {
  return (
    <Section id="401-vs-403" title="401 or 403?">
      <p>
        <strong>401 Unauthorized</strong> means “who are you?”: the server did not accept any
        credentials from this request (none, malformed, expired or wrong). Sending valid credentials
        fixes it. <strong>403 Forbidden</strong> means “I know who you are, and the answer is no”:
        the credentials were accepted but lack the role, scope or permission. A new token will not
        help; different rights will. <strong>407</strong> is a 401 from a proxy between you and the
        server.
      </p>
    </Section>
  );
}
