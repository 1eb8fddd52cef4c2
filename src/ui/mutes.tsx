// "Don't show failures from this endpoint / site": the mute actions the popup and the panel
// share, with the toast that undoes them. Mutes live in the settings (storage.local); the
// background re-counts every badge when they change, and muted failures stay stored (the
// panel and the report list them, marked muted).
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from '../platform/browser';
import { describeMute, type Mute, mutedBy, muteFor, sameMute } from '../settings/mutes';
import { DEFAULT_SETTINGS, type Settings } from '../settings/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '../settings/storage';

export interface MuteToast {
  text: string;
  /** Puts the mutes back as they were before this action. */
  undo: () => void;
}

export interface MuteActions {
  /** The current settings (defaults until loaded). */
  settings: Settings;
  /** The mute covering `failure`, if any. */
  mutedBy(failure: { method: string; url: string }): Mute | undefined;
  mute(kind: Mute['kind'], failure: { method: string; url: string }): void;
  unmute(mute: Mute): void;
  toast: MuteToast | undefined;
  dismiss(): void;
}

/** A toast stays this long unless dismissed or replaced (time enough to reach Undo by keyboard). */
const TOAST_MS = 20_000;

export function useMuteActions(): MuteActions {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [toast, setToast] = useState<MuteToast>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    void loadSettings(browser.storage).then(setSettings, () => undefined);
    return onSettingsChanged(browser.storage, setSettings);
  }, []);

  const show = (next: MuteToast) => {
    clearTimeout(timer.current);
    setToast(next);
    timer.current = setTimeout(() => setToast(undefined), TOAST_MS);
  };
  const dismiss = () => {
    clearTimeout(timer.current);
    setToast(undefined);
  };
  // Read the stored settings at each change: the options page or another popup may have
  // changed them since this page loaded.
  const change = async (edit: (mutes: Mute[]) => Mute[]): Promise<Mute[]> => {
    const stored = await loadSettings(browser.storage);
    const saved = await saveSettings(browser.storage, { ...stored, mutes: edit(stored.mutes) });
    setSettings(saved);
    return stored.mutes;
  };
  const restore = (before: Mute[]) => {
    void change(() => before).then(() => dismiss());
  };

  return {
    settings,
    mutedBy: (failure) => mutedBy(settings.mutes, failure),
    mute(kind, failure) {
      const mute = muteFor(kind, failure);
      if (!mute) return;
      void change((mutes) => [...mutes.filter((m) => !sameMute(m, mute)), mute]).then((before) =>
        show({
          text: `Failures from ${describeMute(mute)} are hidden from the badge and the popup.`,
          undo: () => restore(before),
        }),
      );
    },
    unmute(mute) {
      void change((mutes) => mutes.filter((m) => !sameMute(m, mute))).then((before) =>
        show({
          text: `Failures from ${describeMute(mute)} are shown again.`,
          undo: () => restore(before),
        }),
      );
    },
    toast,
    dismiss,
  };
}

/** The mute buttons, narrowest first. */
const MUTE_KINDS: readonly Mute['kind'][] = ['endpoint', 'site'];

/** The two mute buttons for one failure, or the muted note with "Show again". */
export function MuteControls({
  failure,
  actions,
}: {
  failure: { method: string; url: string };
  actions: MuteActions;
}) {
  const muted = actions.mutedBy(failure);
  if (muted)
    return (
      <div class="mute-controls" data-muted="yes">
        <span class="mute-note">
          Muted ({describeMute(muted)}): kept here, not counted in the badge or listed in the popup.
        </span>{' '}
        <button type="button" data-action="unmute" onClick={() => actions.unmute(muted)}>
          Show failures from {muted.kind === 'site' ? 'this site' : 'this endpoint'} again
        </button>
      </div>
    );
  return (
    <fieldset class="mute-controls">
      <legend class="visually-hidden">Mute</legend>
      {MUTE_KINDS.map((kind, i) => {
        const mute = muteFor(kind, failure);
        return (
          <Fragment key={kind}>
            {i > 0 && ' '}
            {mute && (
              <button
                type="button"
                data-action={`mute-${kind}`}
                title={describeMute(mute)}
                onClick={() => actions.mute(kind, failure)}
              >
                Don't show failures from this {kind}
              </button>
            )}
          </Fragment>
        );
      })}
    </fieldset>
  );
}

/** The toast that says what a mute did, with Undo. A polite live region: it exists from the start. */
export function MuteToastView({ actions }: { actions: MuteActions }) {
  const toast = actions.toast;
  return (
    <div class="mute-toast-region" role="status">
      {toast && (
        <div class="mute-toast" data-toast>
          <span>{toast.text}</span>{' '}
          <button type="button" data-action="undo" onClick={toast.undo}>
            Undo
          </button>{' '}
          <button type="button" aria-label="Dismiss" onClick={actions.dismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
