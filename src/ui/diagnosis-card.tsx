import type { Diagnosis } from '../core/diagnose';
import { RichText } from './rich-text';

/**
 * One diagnosis: severity, title, catalogue id, confidence, explanation, evidence and the fix
 * steps in order. Used by the popup, the panel and the report page. Text only.
 */
export function DiagnosisCard({ diagnosis, rank }: { diagnosis: Diagnosis; rank?: number }) {
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
    </section>
  );
}
