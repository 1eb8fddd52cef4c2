// The one way pages follow extension storage: read once, then read again whenever a change in
// that area concerns them (storage.onChanged). Live views need no port to the background,
// whose MV3 worker may be stopped at any time (docs/browser-notes.md#worker-lifetime).
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type Settings } from '../settings/settings';
import { loadSettings } from '../settings/storage';

/**
 * `read()`'s latest result, read again when a change in `area` passes `concerns`. Nothing is
 * read while `enabled` is false (an input is still unknown). `deps` restart the subscription.
 * `first`, when given, is the first read, started before the page rendered (effects run only
 * after the first paint).
 */
export function useStorage<T>(
  area: 'session' | 'local',
  read: () => Promise<T>,
  concerns: (changes: Record<string, unknown>) => boolean,
  deps: readonly unknown[],
  enabled = true,
  first?: Promise<T>,
): { value: T | undefined; loaded: boolean } {
  const [state, setState] = useState<{ value: T | undefined; loaded: boolean }>({
    value: undefined,
    loaded: false,
  });
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let next = first;
    const reload = async () => {
      const reading = next ?? read();
      next = undefined;
      const value = await reading;
      if (alive) setState({ value, loaded: true });
    };
    const onChanged = (changes: Record<string, unknown>, changedArea: string) => {
      if (changedArea === area && concerns(changes)) void reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    void reload();
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
