// The user's settings: what to capture and how to tell. Kept in storage.local (they are no
// secret and should survive restarts); never holds a credential. Pure: no browser API here.
import { ALWAYS_CAPTURED_STATUSES, OPTIONAL_STATUSES, type OptionalStatus } from '../core/statuses';

import { type Mute, normalizeMutes } from './mutes';
export interface Settings {
  version: 1;
  /**
   * Statuses captured besides 401 and 407, which are always captured (as are 403s about auth,
   * core/auth-related-403.ts): 403 here means every other 403.
   */
  extraStatuses: Record<OptionalStatus, boolean>;
  /** Hosts whose failures are ignored (`example.com` also covers its subdomains). */
  ignoreHosts: string[];
  /** When not empty, only these hosts (and their subdomains) are watched. */
  watchOnlyHosts: string[];
  /** Failures kept per tab, and in all. */
  historyPerTab: number;
  historyTotal: number;
  /** A desktop notification for new failures (needs the optional `notifications` permission). */
  notifications: boolean;
  /** How far apart clocks may be before `clock-skew`, `jwt-not-yet-valid` (iat) are reported. */
  clockSkewLeewaySeconds: number;
  /**
   * Count expected 401s (a top diagnosis of severity info: signed-out probes, handshake steps)
   * in the badge and notify them too. Off: they are listed, quietly, and never counted.
   */
  countExpected: boolean;
  /** Count failures of requests made by third-party frames (ads, embeds, widgets). */
  countThirdPartyFrames: boolean;
  /** Endpoints and sites whose failures are kept but not shown in the badge or the popup. */
  mutes: Mute[];
}

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  extraStatuses: { 403: false, 419: false, 440: false },
  ignoreHosts: [],
  watchOnlyHosts: [],
  historyPerTab: 200,
  historyTotal: 1000,
  notifications: false,
  clockSkewLeewaySeconds: 60,
  countExpected: false,
  countThirdPartyFrames: false,
  mutes: [],
};

export const LIMITS = {
  historyPerTab: { min: 10, max: 1000 },
  historyTotal: { min: 50, max: 5000 },
  clockSkewLeewaySeconds: { min: 0, max: 3600 },
} as const;

export const SETTINGS_KEY = 'settings';

function clampInt(
  value: unknown,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** Host patterns as typed by a user: `https://api.example.com/x`, `*.example.com`, ` Example.com `. */
export function normalizeHosts(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[\s,]+/)
      : [];
  const hosts = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'string') continue;
    let host = item.trim().toLowerCase();
    host = host
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/[/?#].*$/, '')
      .replace(/^\*\./, '')
      .replace(/\.$/, '');
    if (/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/.test(host)) hosts.add(host);
  }
  return [...hosts];
}

/**
 * Settings from whatever storage holds: missing, older or damaged values become defaults,
 * numbers are clamped. Future versions add their migrations here, oldest first.
 */
export function normalizeSettings(stored: unknown): Settings {
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<
    Record<keyof Settings, unknown>
  >;
  const extra = (
    typeof s.extraStatuses === 'object' && s.extraStatuses !== null ? s.extraStatuses : {}
  ) as Record<string, unknown>;
  return {
    version: 1,
    extraStatuses: { 403: extra[403] === true, 419: extra[419] === true, 440: extra[440] === true },
    ignoreHosts: normalizeHosts(s.ignoreHosts),
    watchOnlyHosts: normalizeHosts(s.watchOnlyHosts),
    historyPerTab: clampInt(s.historyPerTab, DEFAULT_SETTINGS.historyPerTab, LIMITS.historyPerTab),
    historyTotal: clampInt(s.historyTotal, DEFAULT_SETTINGS.historyTotal, LIMITS.historyTotal),
    notifications: s.notifications === true,
    clockSkewLeewaySeconds: clampInt(
      s.clockSkewLeewaySeconds,
      DEFAULT_SETTINGS.clockSkewLeewaySeconds,
      LIMITS.clockSkewLeewaySeconds,
    ),
    countExpected: s.countExpected === true,
    countThirdPartyFrames: s.countThirdPartyFrames === true,
    mutes: normalizeMutes(s.mutes),
  };
}

/** The statuses to capture: 401 and 407 always, plus the enabled extras. */
export function capturedStatuses(settings: Settings): Set<number> {
  const statuses = new Set<number>(ALWAYS_CAPTURED_STATUSES);
  for (const status of OPTIONAL_STATUSES) if (settings.extraStatuses[status]) statuses.add(status);
  return statuses;
}

function matchesHost(host: string, pattern: string): boolean {
  return host === pattern || host.endsWith(`.${pattern}`);
}

/** Whether failures of `url` are watched under these settings. */
export function isWatched(
  settings: Pick<Settings, 'ignoreHosts' | 'watchOnlyHosts'>,
  url: string,
): boolean {
  if (settings.ignoreHosts.length === 0 && settings.watchOnlyHosts.length === 0) return true;
  let host: string;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.toLowerCase();
    if (parsed.port) {
      const withPort = `${host}:${parsed.port}`;
      if (settings.ignoreHosts.some((p) => p === withPort)) return false;
      if (settings.watchOnlyHosts.some((p) => p === withPort)) return true;
    }
  } catch {
    return true;
  }
  if (settings.ignoreHosts.some((pattern) => matchesHost(host, pattern))) return false;
  return (
    settings.watchOnlyHosts.length === 0 ||
    settings.watchOnlyHosts.some((pattern) => matchesHost(host, pattern))
  );
}
