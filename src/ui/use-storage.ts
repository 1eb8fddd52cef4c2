// The one way pages follow extension storage: read once, then read again whenever a change in
// that area concerns them (storage.onChanged). Live views need no port to the background,
// whose MV3 worker may be stopped at any time (docs/browser-notes.md#worker-lifetime).
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../settings/settings';
import { loadSettings } from '../settings/storage';

/** A read done before the page first rendered, and whether a change that concerns it came since. */
export interface Preread<T> {
  value: T;
  readonly changed: boolean;
  /** Stops watching for changes (useStorage watches from then on). */
  stop(): void;
}

/**
 * Starts `read()` at once, before any render (effects run only after a paint), watching
 * `area` meanwhile for changes that concern it; useStorage takes the result as `first`.
 */
export async function preread<T>(
  area: 'session' | 'local',
  read: () => Promise<T>,
  concerns: (changes: Record<string, unknown>) => boolean,
): Promise<Preread<T>> {
  let changed = false;
  const onChanged = (changes: Record<string, unknown>, changedArea: string) => {
    if (changedArea === area && concerns(changes)) changed = true;
  };
  browser.storage.onChanged.addListener(onChanged);
  const value = await read().catch((error: unknown) => {
    browser.storage.onChanged.removeListener(onChanged);
    throw error;
  });
  return {
    value,
    get changed() {
      return changed;
    },
    stop: () => browser.storage.onChanged.removeListener(onChanged),
  };
}

/**
 * `read()`'s latest result, read again when a change in `area` passes `concerns`. Nothing is
 * read while `enabled` is false (an input is still unknown). `deps` restart the subscription.
 * `first`, when given, is the first result (preread): shown from the first render, and read
 * again only if a change came since.
 */
export function useStorage<T>(
  area: 'session' | 'local',
  read: () => Promise<T>,
  concerns: (changes: Record<string, unknown>) => boolean,
  deps: readonly unknown[],
  enabled = true,
  first?: Preread<T>,
): { value: T | undefined; loaded: boolean } {
  const [state, setState] = useState<{ value: T | undefined; loaded: boolean }>(() => ({
    value: first?.value,
    loaded: first !== undefined,
  }));
  const unused = useRef(first);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    const reload = async () => {
      const value = await read();
      if (alive) setState({ value, loaded: true });
    };
    const onChanged = (changes: Record<string, unknown>, changedArea: string) => {
      if (changedArea === area && concerns(changes)) void reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    const pre = unused.current;
    unused.current = undefined;
    pre?.stop();
    if (!pre || pre.changed) void reload();
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [area, enabled, ...deps]);
  return state;
}

/** The user's settings, live (the defaults until they are read). */
export function useSettings(): Settings {
  const { value } = useStorage(
    'local',
    () => loadSettings(browser.storage),
    (changes) => SETTINGS_KEY in changes,
    [],
  );
  return value ?? DEFAULT_SETTINGS;
}
