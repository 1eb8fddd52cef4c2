/**
 * Which HTTP statuses are auth failures: the one table the core, the background's capture, the
 * settings, the panel, the HAR analysis and replay read (docs/diagnoses.md, "Failures
 * diagnosed").
 */

/** Always captured: 401 Unauthorized, 407 Proxy Authentication Required. */
export const ALWAYS_CAPTURED_STATUSES = [401, 407] as const;

/** Auth failures only sometimes (403 Forbidden; 419 and 440, session expired): opt-in. */
export const OPTIONAL_STATUSES = [403, 419, 440] as const;
export type OptionalStatus = (typeof OPTIONAL_STATUSES)[number];

/**
 * What is captured and analysed when nothing else is asked for. 403s about auth
 * (./auth-related-403.ts) are diagnosed whatever the set (engine.ts, isDiagnosedFailure).
 */
export const DEFAULT_CAPTURED_STATUSES: ReadonlySet<number> = new Set(ALWAYS_CAPTURED_STATUSES);

/** Statuses that mean "not authenticated / not allowed": failures, never successes. */
export const AUTH_FAILURE_STATUSES: ReadonlySet<number> = new Set([
  ...ALWAYS_CAPTURED_STATUSES,
  ...OPTIONAL_STATUSES,
]);
