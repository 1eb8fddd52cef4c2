/**
 * `diagnose`: the engine's findings (./engine.ts) with the catalogue's words, the form the
 * command line, exports and the extension pages show. Each diagnosis gets its title and
 * explanation, and its general fixes after the ones specific to the exchange; each platform
 * gets its name and note. The background stores the compact form and calls `explainDiagnosis`
 * only when a page reads a failure back.
 */
import { CATALOGUE } from './catalogue';
import type { DiagnosisContext } from './context';
import {
  type CompactDiagnosis,
  type CompactFailure,
  type DiagnoseOptions,
  diagnoseCompact,
} from './engine';
import type { Exchange } from './exchange';
import { type PlatformMatch, withPlatformInfo } from './platforms';

export {
  type CompactDiagnosis,
  type CompactFailure,
  type DiagnoseOptions,
  diagnoseCompact,
  type FailureChallenge,
  type FailureCredential,
  isFailureStatus,
  RULE_FAMILIES,
  rankScore,
} from './engine';

export interface Diagnosis extends CompactDiagnosis {
  title: string;
  explanation: string;
  /** Ordered steps: the exchange's own, then the catalogue's. */
  fixes: string[];
}

export interface Failure extends Omit<CompactFailure, 'diagnoses' | 'platforms'> {
  /** Most likely first; never empty. */
  diagnoses: Diagnosis[];
  platforms: PlatformMatch[];
}

/**
 * Diagnoses one exchange. Returns null when it is not a failure (a request that succeeded
 * never yields a diagnosis). `context` holds what came before on the same origins; it is read,
 * not changed: call `recordExchange(context, exchange)` afterwards. Never throws.
 */
export function diagnose(
  exchange: Exchange,
  context?: DiagnosisContext,
  options?: DiagnoseOptions,
): Failure | null {
  const found = diagnoseCompact(exchange, context, options);
  return found && explainFailure(found);
}

/** A compact failure with its words. */
export function explainFailure(failure: CompactFailure): Failure {
  return {
    ...failure,
    diagnoses: failure.diagnoses.map(explainDiagnosis),
    platforms: failure.platforms.map(withPlatformInfo),
  };
}

/** A compact diagnosis with its title, explanation and the catalogue's general fixes. */
export function explainDiagnosis(diagnosis: CompactDiagnosis): Diagnosis {
  const entry = CATALOGUE[diagnosis.id];
  return {
    ...diagnosis,
    title: entry.title,
    explanation: entry.explanation,
    fixes: [...diagnosis.fixes, ...entry.fixes],
  };
}
