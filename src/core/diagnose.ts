/**
 * `diagnose`: the engine's findings (./engine.ts) with the catalogue's words (./explain.ts),
 * the form the command line, exports and the extension pages show. The background stores the
 * compact form; pages add the words when they read a failure back.
 */
import type { DiagnosisContext } from './context';
import { type CompactFailure, type DiagnoseOptions, diagnoseCompact } from './engine';
import type { Exchange } from './exchange';
import { type Diagnosis, explainDiagnosis } from './explain';
import { type PlatformMatch, withPlatformInfo } from './platforms';
import { GENERIC_PHRASES, PROVIDERS } from './providers';
import type { ProviderKnowledge } from './server-words';

/** The provider table and generic phrases `diagnose` reads bodies and vendor headers with. */
export const PROVIDER_KNOWLEDGE: ProviderKnowledge = {
  providers: PROVIDERS,
  phrases: GENERIC_PHRASES,
};

export {
  type CompactDiagnosis,
  type CompactFailure,
  type DiagnoseOptions,
  diagnoseCompact,
  type FailureChallenge,
  RULE_FAMILIES,
  rankScore,
} from './engine';
export { type Diagnosis, explainDiagnosis } from './explain';

export interface Failure extends Omit<CompactFailure, 'diagnoses' | 'platforms'> {
  /** Most likely first; never empty. */
  diagnoses: Diagnosis[];
  platforms: PlatformMatch[];
}

/**
 * Diagnoses one exchange. Returns null when it is not a failure (a request that succeeded
 * never yields a diagnosis). `context` holds what came before on the same origins; it is read,
 * not changed: call `recordExchange(context, exchange)` afterwards. Bodies and vendor headers
 * are read with the provider table (./providers.ts) unless `options.knowledge` says otherwise.
 * Never throws.
 */
export function diagnose(
  exchange: Exchange,
  context?: DiagnosisContext,
  options?: DiagnoseOptions,
): Failure | null {
  const found = diagnoseCompact(
    exchange,
    context,
    // (Options passed on as they are when they name the knowledge: no copy per failure.)
    options?.knowledge ? options : { ...options, knowledge: PROVIDER_KNOWLEDGE },
  );
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
