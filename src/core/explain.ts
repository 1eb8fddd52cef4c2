/**
 * The catalogue's words for the engine's compact diagnoses (./engine.ts): each gets its title
 * and explanation, and its general fixes after the ones specific to the exchange. A module of
 * its own, importing no rule and no platform table: the popup reads stored failures with it and
 * loads nothing more (./diagnose.ts explains whole failures).
 */
import { CATALOGUE } from './catalogue';
import type { CompactDiagnosis } from './engine';

export interface Diagnosis extends CompactDiagnosis {
  title: string;
  explanation: string;
  /** Ordered steps: the exchange's own, then the catalogue's. */
  fixes: string[];
}

/** A compact diagnosis with its title, explanation and the catalogue's general fixes. */
export function explainDiagnosis(diagnosis: CompactDiagnosis): Diagnosis {
  const entry = CATALOGUE[diagnosis.id];
  // (Written out, in the order a spread gave, rather than spread: this runs for every
  // diagnosis of every failure.)
  return {
    id: diagnosis.id,
    family: diagnosis.family,
    severity: diagnosis.severity,
    confidence: diagnosis.confidence,
    evidence: diagnosis.evidence,
    fixes: diagnosis.fixes.concat(entry.fixes),
    title: entry.title,
    explanation: entry.explanation,
  };
}
