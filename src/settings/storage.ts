// The settings in storage.local. Every function takes the storage namespace it works on: the
// pages pass webextension-polyfill's, the background the browser's own (src/platform/).
import type { StorageArea, StorageNamespace } from '../platform/api';
import { normalizeSettings, SETTINGS_KEY, type Settings } from './settings';

/** The settings in storage.local, normalized (defaults when none). */
export async function loadSettings(storage: { local: StorageArea }): Promise<Settings> {
  const stored = await storage.local.get(SETTINGS_KEY);
  return normalizeSettings(stored[SETTINGS_KEY]);
}

/** Saves the settings (normalized first) and returns what was saved. */
export async function saveSettings(
  storage: { local: StorageArea },
  settings: Settings,
): Promise<Settings> {
  const clean = normalizeSettings(settings);
  await storage.local.set({ [SETTINGS_KEY]: clean });
  return clean;
}

/** Calls `listener` with the new settings whenever they change; returns the unsubscribe. */
export function onSettingsChanged(
  storage: Pick<StorageNamespace, 'onChanged'>,
  listener: (settings: Settings) => void,
): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[SETTINGS_KEY];
    if (area === 'local' && change) listener(normalizeSettings(change.newValue));
  };
  storage.onChanged.addListener(onChanged);
  return () => storage.onChanged.removeListener(onChanged);
}
