import type { Diagnosis } from '../core/diagnose';
import type { ReplaySuggestion } from '../core/replay';
import { RichText } from './rich-text';

/**
 * One diagnosis: severity, title, catalogue id, confidence, explanation, evidence and the fix
 * steps in order. Used by the popup, the panel and the report page. Text only. Where the page
 * can replay, the suggested edits that implement this diagnosis' fix follow the steps, one
 * button each ("Replay with this fix"), opening the replay editor with the edit applied.
 */
export function DiagnosisCard({
  diagnosis,
  rank,
  suggestions = [],
  onSuggest,
}: {
  diagnosis: Diagnosis;
  rank?: number;
  /** Suggested replay edits (any diagnosis: only this one's are shown). */
  suggestions?: readonly ReplaySuggestion[];
  onSuggest?: (suggestion: ReplaySuggestion) => void;
}) {
  const own = onSuggest ? suggestions.filter((s) => s.diagnosis === diagnosis.id) : [];
  return (
    <section class="diagnosis" data-diagnosis={diagnosis.id} data-severity={diagnosis.severity}>
      <h3>
        <span class="severity">{diagnosis.severity}</span> {diagnosis.title}{' '}
        <span class="diagnosis-id">{diagnosis.id}</span>{' '}
        <span class="confidence">{Math.round(diagnosis.confidence * 100)}%</span>
        {rank === 0 && <span class="top"> most likely</span>}
      </h3>
      <p>
        <RichText text={diagnosis.explanation} />
      </p>
      {diagnosis.evidence.length > 0 && (
        <ul class="evidence">
          {diagnosis.evidence.map((fact, i) => (
            <li key={i}>{fact}</li>
          ))}
        </ul>
      )}
      {diagnosis.fixes.length > 0 && (
        <ol class="fixes">
          {diagnosis.fixes.map((fix, i) => (
            <li key={i}>
              <RichText text={fix} />
            </li>
          ))}
        </ol>
      )}
      {own.length > 0 && (
        <ul class="plain replay-fixes" aria-label={`Replay with this fix: ${diagnosis.title}`}>
          {own.map((suggestion) => (
            <li key={suggestion.id} data-card-suggestion={suggestion.id}>
              <button
                type="button"
                data-action="replay-with-fix"
                onClick={() => onSuggest?.(suggestion)}
              >
                Replay with this fix: {suggestion.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
