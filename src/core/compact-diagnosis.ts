/**
 * Diagnoses without the catalogue's words, for storage: a stored failure keeps what is its own
 * (id, severity, confidence, evidence, the fix steps the finding added) and takes its title,
 * explanation and general fix steps from the catalogue again when it is read. Storing the
 * words with every failure made each record several kilobytes, and writing them was most of
 * what the extension cost a busy page (bench/overhead.ts). The engine (./engine.ts) gives
 * this form directly; `compactDiagnosis` turns a full diagnosis back into it.
 */
import { CATALOGUE, isDiagnosisId } from './catalogue';
import type { CompactDiagnosis } from './engine';
import { type Diagnosis, explainDiagnosis } from './explain';

/** The diagnosis without the words the catalogue holds for its id. */
export function compactDiagnosis(diagnosis: Diagnosis): CompactDiagnosis {
  const { title: _title, explanation: _explanation, fixes, ...own } = diagnosis;
  const general = CATALOGUE[diagnosis.id].fixes;
  // The finding's own steps come first, then the catalogue's (explainDiagnosis).
  const ownFixes = fixes.length - general.length;
  const endsWithGeneral = ownFixes >= 0 && general.every((fix, i) => fixes[ownFixes + i] === fix);
  return { ...own, fixes: endsWithGeneral ? fixes.slice(0, ownFixes) : fixes };
}

/** A stored diagnosis with its words again; a full one (or an unknown id) is returned as is. */
export function expandDiagnosis(diagnosis: Diagnosis | CompactDiagnosis): Diagnosis {
  if ('explanation' in diagnosis || !isDiagnosisId(diagnosis.id)) return diagnosis as Diagnosis;
  return explainDiagnosis(diagnosis);
}
