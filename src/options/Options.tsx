import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser, type Permissions } from '../platform/browser';
import { describeMute, sameMute } from '../settings/mutes';
import { DEFAULT_SETTINGS, LIMITS, normalizeHosts, type Settings } from '../settings/settings';
import { loadSettings, onSettingsChanged, saveSettings } from '../settings/storage';

const NOTIFICATIONS: Permissions.Permissions = { permissions: ['notifications'] };

export function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [status, setStatus] = useState('');
  // The user may withdraw the permission in the browser's own settings while ours still say on.
  const [granted, setGranted] = useState<boolean>();

  useEffect(() => {
    void loadSettings(browser.storage).then(setSettings);
    void browser.permissions.contains(NOTIFICATIONS).then(setGranted, () => setGranted(false));
    // A mute added from the popup or the panel while this page is open shows up here.
    return onSettingsChanged(browser.storage, setSettings);
  }, []);

  if (!settings) return <main class="options" />;

  const save = async (next: Settings, note = 'Saved.') => {
    setSettings(await saveSettings(browser.storage, next));
    setStatus(note);
  };

  const toggleNotifications = async (on: boolean) => {
    if (!on) return save({ ...settings, notifications: false });
    // Asked only now, from the user's click: the permission is optional.
    const allowed = await browser.permissions.request(NOTIFICATIONS).catch(() => false);
    setGranted(allowed);
    if (allowed) return save({ ...settings, notifications: true });
    setStatus('Notifications stay off: the browser did not grant the permission.');
  };
  const notificationsOn = settings.notifications && granted !== false;

  const number = (
    key: 'historyPerTab' | 'historyTotal' | 'clockSkewLeewaySeconds',
    label: string,
    unit: string,
  ) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="number"
        name={key}
        min={LIMITS[key].min}
        max={LIMITS[key].max}
        value={settings[key]}
        onChange={(e) => void save({ ...settings, [key]: Number(e.currentTarget.value) })}
      />
      <span class="unit">{unit}</span>
    </label>
  );

  const hosts = (key: 'ignoreHosts' | 'watchOnlyHosts', label: string, hint: string) => (
    <label class="field block">
      <span>{label}</span>
      <textarea
        name={key}
        rows={3}
        placeholder="api.example.com"
        value={settings[key].join('\n')}
        onChange={(e) => void save({ ...settings, [key]: normalizeHosts(e.currentTarget.value) })}
      />
      <span class="hint">{hint}</span>
    </label>
  );

  return (
    <main class="options">
      <h1>401 Doctor settings</h1>

      <fieldset>
        <legend>What to capture</legend>
        <p class="hint">
          401 Unauthorized and 407 Proxy Authentication Required are always captured, and so are the
          403 Forbidden answers that are about auth: the server sent a challenge, its headers name
          an auth error, or the request carried credentials. The boxes below add the rest.
        </p>
        {([403, 419, 440] as const).map((code) => (
          <label class="check" key={code}>
            <input
              type="checkbox"
              name={`status-${code}`}
              checked={settings.extraStatuses[code]}
              onChange={(e) =>
                void save({
                  ...settings,
                  extraStatuses: { ...settings.extraStatuses, [code]: e.currentTarget.checked },
                })
              }
            />
            {code === 403
              ? 'Every other 403 Forbidden'
              : code === 419
                ? '419 session expired (Laravel and others)'
                : '440 Login Time-out (IIS)'}
          </label>
        ))}
        {hosts(
          'ignoreHosts',
          'Ignore these hosts',
          'One per line; a host also covers its subdomains.',
        )}
        {hosts(
          'watchOnlyHosts',
          'Watch only these hosts',
          'Leave empty to watch every host. host:port narrows it to one server.',
        )}
      </fieldset>

      <fieldset>
        <legend>History</legend>
        <p class="hint">
          Kept in memory only, per tab, and forgotten when the tab closes or the browser quits.
        </p>
        {number('historyPerTab', 'Failures kept per tab', 'at most')}
        {number('historyTotal', 'Failures kept in all', 'at most')}
      </fieldset>

      <fieldset>
        <legend>Diagnosis</legend>
        {number('clockSkewLeewaySeconds', 'Clock leeway', 'seconds before clocks count as apart')}
      </fieldset>

      <fieldset>
        <legend>What the badge counts</legend>
        <p class="hint">
          The badge counts the failures since the tab loaded that you would act on. Expected 401s (a
          signed-out page asking who is signed in, a step of a Negotiate/NTLM handshake), muted
          endpoints and sites, and requests made by third-party frames (ads, embeds, widgets) are
          still kept and listed, but not counted and never notified.
        </p>
        <SettingCheck name="countExpected" settings={settings} save={save}>
          Count expected 401s too (signed-out checks, sign-in handshakes)
        </SettingCheck>
        <SettingCheck name="countThirdPartyFrames" settings={settings} save={save}>
          Count failures of requests made by third-party frames
        </SettingCheck>
        <h2 class="sub" id="mutes-heading">
          Muted endpoints and sites
        </h2>
        {settings.mutes.length === 0 ? (
          <p class="hint" data-mutes="none">
            None. Mute an endpoint or a site from the popup or the panel (“Don't show failures from
            this endpoint”).
          </p>
        ) : (
          <ul class="mutes" aria-labelledby="mutes-heading" data-mutes={settings.mutes.length}>
            {settings.mutes.map((mute) => (
              <li key={describeMute(mute)} data-mute={describeMute(mute)}>
                <code>{describeMute(mute)}</code>{' '}
                <button
                  type="button"
                  aria-label={`Remove the mute of ${describeMute(mute)}`}
                  onClick={() =>
                    void save(
                      { ...settings, mutes: settings.mutes.filter((m) => !sameMute(m, mute)) },
                      `Failures from ${describeMute(mute)} are shown again.`,
                    )
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset>
        <legend>Notifications</legend>
        <label class="check">
          <input
            type="checkbox"
            name="notifications"
            checked={notificationsOn}
            onChange={(e) => void toggleNotifications(e.currentTarget.checked)}
          />
          Show a desktop notification for new failures (at most one per endpoint a minute)
        </label>
        {settings.notifications && granted === false && (
          <p class="hint" data-notifications-withdrawn>
            The browser no longer lets 401 Doctor show notifications: tick the box to allow them
            again.
          </p>
        )}
      </fieldset>

      <p class="actions">
        <button type="button" onClick={() => void save(DEFAULT_SETTINGS, 'Defaults restored.')}>
          Restore defaults
        </button>
        <output data-status>{status}</output>
      </p>
    </main>
  );
}

/** A checkbox for one on/off setting, saved as soon as it changes. */
function SettingCheck({
  name,
  settings,
  save,
  children,
}: {
  name: 'countExpected' | 'countThirdPartyFrames';
  settings: Settings;
  save: (next: Settings) => Promise<void>;
  children: ComponentChildren;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={name}
        checked={settings[name]}
        onChange={(e) => void save({ ...settings, [name]: e.currentTarget.checked })}
      />
      {children}
    </label>
  );
}
