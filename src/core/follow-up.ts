/**
 * Facts that only later requests reveal. Whether a Negotiate challenge was answered, or
 * whether a "signed-out" page in fact retried with a credential, is known only after the
 * next requests. A failure whose diagnosis depends on what follows is remembered in the
 * context (`awaiting`, bounded, no secrets); each later exchange of the same tab or file may
 * settle it, and the caller relabels the earlier record with the result:
 *
 * - `negotiate-not-answered` followed by the same request carrying `Authorization: Negotiate`
 *   / `NTLM`: the browser did answer, the first 401 was a `negotiate-handshake` step;
 * - `signed-out-probe` followed by the same request carrying a credential within a few
 *   seconds (and no sign-in in between): the page was not signed out, its first call simply
 *   went before the credential was ready: `no-credentials`.
 *
 * The background relabels stored records (and so the badge); the HAR analysis relabels the
 * failures it already listed. Both use the functions below in the same order: `followUp`
 * with each exchange before it is diagnosed, `expectFollowUp` after.
 */
import { type DiagnosisContext, guestCookie } from './context';
import { DIAGNOSIS_KINDS, type DiagnosisId } from './diagnosis-kinds';
import type { CompactDiagnosis, CompactFailure } from './engine';
import { type Exchange, headerValue, isSuccessStatus } from './exchange';
import { redactAuthorization, redactUrl } from './redact';
import { isSessionCookieName, sentCredentials } from './sent-credentials';
import { formatDuration } from './time-format';
import { parseUrl } from './url-parts';

/** A failure whose diagnosis a later request may change. */
export interface Awaiting {
  /** The caller's id for the failure (stored record id, HAR entry index). */
  ref: string;
  /** The diagnosis that may change. */
  id: 'signed-out-probe' | 'negotiate-not-answered' | 'negotiate-handshake';
  origin: string;
  method: string;
  path: string;
  /** Request time, ms since the epoch. */
  time: number;
}

/** How an earlier failure is relabelled. */
export interface Settled {
  ref: string;
  /** The diagnosis to remove. */
  replaces: DiagnosisId;
  /** The diagnosis that takes its place, first. */
  diagnosis: CompactDiagnosis;
  /**
   * Bring back the diagnoses the replaced one had superseded (its evidence then extends the
   * one of the same id).
   */
  restore?: boolean;
}

/** A retry later than this is another request, not the same call retried. */
export const FOLLOW_UP_WINDOW_MS = 10_000;
/** A handshake answer comes at once; an interactive login may take a while, not this one. */
const HANDSHAKE_WINDOW_MS = 30_000;
const MAX_AWAITING = 32;

const AWAITED = new Set<DiagnosisId>(['signed-out-probe', 'negotiate-not-answered']);

/**
 * Remembers `failure` when its top diagnosis depends on later requests. `ref` is how the
 * caller will find it again. Returns whether it was remembered.
 */
export function expectFollowUp(
  context: DiagnosisContext,
  failure: Pick<CompactFailure, 'diagnoses' | 'url' | 'method' | 'time'>,
  ref: string,
): boolean {
  const top = failure.diagnoses.find((d) => AWAITED.has(d.id))?.id;
  if (!top) return false;
  const url = parseUrl(failure.url);
  if (!url) return false;
  context.awaiting ??= [];
  const awaiting = context.awaiting;
  awaiting.push({
    ref,
    id: top as Awaiting['id'],
    origin: url.origin,
    method: failure.method,
    path: url.path,
    time: failure.time,
  });
  if (awaiting.length > MAX_AWAITING) awaiting.shift();
  return true;
}

/**
 * What `exchange` settles among the failures awaiting a follow-up (removing them from the
 * context, with those past their window). Cheap when nothing awaits: one length check.
 */
export function followUp(context: DiagnosisContext, exchange: Exchange): Settled[] {
  const awaiting = context.awaiting;
  if (!awaiting || awaiting.length === 0) return [];
  const time = exchange.request.time;
  const url = parseUrl(exchange.request.url);
  const settled: Settled[] = [];
  const keep: Awaiting[] = [];
  for (const item of awaiting) {
    const age = time - item.time;
    const window = item.id === 'signed-out-probe' ? FOLLOW_UP_WINDOW_MS : HANDSHAKE_WINDOW_MS;
    if (Number.isFinite(age) && age > window) continue;
    if (item.id === 'signed-out-probe' && isSignInNavigation(exchange)) {
      settled.push(signInFollows(item, exchange));
      continue;
    }
    if (!url || url.origin !== item.origin) {
      keep.push(item);
      continue;
    }
    const outcome =
      item.id === 'signed-out-probe'
        ? probeFollowUp(item, exchange, url.path, context, url.host)
        : negotiateFollowUp(item, exchange, url.path);
    if (outcome === 'keep') keep.push(item);
    else if (outcome !== 'close') settled.push(outcome);
  }
  context.awaiting = keep;
  return settled;
}

type Outcome = Settled | 'keep' | 'close';

function sameRequest(item: Awaiting, exchange: Exchange, path: string): boolean {
  return item.method === exchange.request.method.toUpperCase() && item.path === path;
}

function negotiateFollowUp(item: Awaiting, exchange: Exchange, path: string): Outcome {
  if (!sameRequest(item, exchange, path)) return 'keep';
  const authorization = headerValue(exchange.request.headers, 'authorization') ?? '';
  const scheme = /^\s*(negotiate|ntlm|kerberos)\b/i.exec(authorization)?.[1];
  if (!scheme) return 'keep';
  const status = exchange.response.status;
  const after = formatDuration(Math.max(0, exchange.request.time - item.time));
  const evidence = [
    `The client answered on the next request (${after} later) with Authorization: ${redactAuthorization(authorization)}`,
    isSuccessStatus(status)
      ? `That request succeeded (${status}): the handshake completed`
      : status === 401 && continues(exchange)
        ? 'The server answered that with the next step of the handshake'
        : `That request got ${status}: the answer was refused (see that request)`,
  ];
  return {
    ref: item.ref,
    replaces: item.id,
    diagnosis: compact('negotiate-handshake', isSuccessStatus(status) ? 0.95 : 0.8, evidence),
  };
}

/** A page navigation to a sign-in page (same site or an identity provider). */
function isSignInNavigation(exchange: Exchange): boolean {
  const { request } = exchange;
  const navigation =
    /^(document|main_frame)$/.test(request.type ?? '') ||
    (headerValue(request.headers, 'sec-fetch-mode') ?? '').toLowerCase() === 'navigate';
  if (!navigation) return false;
  const path = parseUrl(request.url)?.path ?? '';
  return /\/(?:log-?in|sign-?in|signon|auth(?:orize)?|oauth2?|sso|saml|account\/login)(?:\/|$|\.)/i.test(
    path,
  );
}

/** The probe stands, and now with the sign-in page the page went to. */
function signInFollows(item: Awaiting, exchange: Exchange): Settled {
  const after = formatDuration(Math.max(0, exchange.request.time - item.time));
  return {
    ref: item.ref,
    replaces: 'signed-out-probe',
    diagnosis: compact('signed-out-probe', 0.95, [
      `Then (${after} later) the page went to a sign-in page: ${redactUrl(exchange.request.url)}`,
    ]),
  };
}

/** The response carries a Negotiate / NTLM challenge with a token: the handshake goes on. */
function continues(exchange: Exchange): boolean {
  return exchange.response.headers.some(
    (h) =>
      h.name.toLowerCase() === 'www-authenticate' &&
      /^\s*(?:negotiate|ntlm|kerberos)\s+\S/i.test(h.value),
  );
}

function probeFollowUp(
  item: Awaiting,
  exchange: Exchange,
  path: string,
  context: DiagnosisContext,
  host: string,
): Outcome {
  const sent = sentCredentials(exchange, { sessionCookiesOnly: true, describe: false });
  // A sign-in in between (a session cookie set, a POST): the page really was signed out.
  const method = exchange.request.method.toUpperCase();
  const setsSession = exchange.response.headers.some(
    (h) =>
      h.name.toLowerCase() === 'set-cookie' &&
      isSessionCookieName(h.value.split('=')[0]?.trim() ?? ''),
  );
  if (setsSession || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'))
    return 'close';
  if (!sameRequest(item, exchange, path)) return 'keep';
  // A guest session sent again (the probe carried it too) is no credential (context.ts).
  const credential = sent.find(
    (c) =>
      c.kind !== 'proxy-authorization' &&
      !(c.kind === 'cookie' && guestCookie(context, host, c.name, c.value)),
  );
  if (!credential) return 'keep';
  const where =
    credential.kind === 'authorization'
      ? 'an Authorization header'
      : credential.kind === 'cookie'
        ? `cookie ${credential.name}`
        : credential.kind === 'query'
          ? `query parameter ${credential.name}`
          : `header ${credential.name}`;
  const after = formatDuration(Math.max(0, exchange.request.time - item.time));
  return {
    ref: item.ref,
    replaces: 'signed-out-probe',
    restore: true,
    diagnosis: compact('no-credentials', 0.8, [
      `The page sent the same request again ${after} later with ${where} (${exchange.response.status}): it was not signed out`,
      'The first call went out before the credential was attached (a race with the sign-in or token refresh)',
    ]),
  };
}

function compact(id: DiagnosisId, confidence: number, evidence: string[]): CompactDiagnosis {
  const kind = DIAGNOSIS_KINDS[id];
  return { id, family: kind.family, severity: kind.severity, confidence, evidence, fixes: [] };
}

/**
 * A failure's diagnoses relabelled: the settled diagnosis first, in place of the one it
 * replaces, then (when it restores them) the diagnoses that one had superseded, then the rest
 * in their order. Works on compact and explained diagnoses alike (`explain` adds the words).
 */
export function relabel<D extends CompactDiagnosis>(
  failure: { diagnoses: readonly D[]; superseded?: readonly CompactDiagnosis[] },
  settled: Settled,
  explain: (diagnosis: CompactDiagnosis) => D,
): D[] {
  // The same id settled again (a sign-in page confirmed the probe): its evidence grows.
  if (!settled.restore && settled.diagnosis.id === settled.replaces)
    return failure.diagnoses.map((d) =>
      d.id === settled.replaces
        ? {
            ...d,
            confidence: Math.max(d.confidence, settled.diagnosis.confidence),
            evidence: [...d.evidence, ...settled.diagnosis.evidence],
          }
        : d,
    );
  const back = settled.restore ? (failure.superseded ?? []) : [];
  const same = back.find((d) => d.id === settled.diagnosis.id);
  const first: CompactDiagnosis = same
    ? {
        ...same,
        confidence: Math.max(same.confidence, settled.diagnosis.confidence),
        evidence: [...same.evidence, ...settled.diagnosis.evidence],
      }
    : settled.diagnosis;
  const restored = back.filter((d) => d !== same).map(explain);
  const ids = new Set([settled.replaces, first.id, ...restored.map((d) => d.id)]);
  return [explain(first), ...restored, ...failure.diagnoses.filter((d) => !ids.has(d.id))];
}
