// Settings: the desktop app's stored preferences (theme applied live, VM at launch/quit, tray, notifications, endpoint, proxy) and
// "Export diagnostics", remembered registry sign-ins; on `berth serve` it says settings live in the desktop app and shows the facts.
import { useEffect, useState } from 'react';
import { EndpointSetting, type Settings, type SettingsPatch, type Theme } from '../../../../app/settings.js';
import { info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { bytes } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { client, isDesktop } from '../../transport/index.js';
import { Field } from '../../ui/Field.js';
import { RememberedRegistries } from '../registries/RememberedRegistries.js';
import { Kv } from '../../ui/Kv.js';

const THEMES: { id: Theme; title: string }[] = [
  { id: 'system', title: 'Follow the system' },
  { id: 'light', title: 'Light' },
  { id: 'dark', title: 'Dark' },
];

const TOGGLES: { key: 'startVmAtLaunch' | 'stopVmOnQuit' | 'closeToTray' | 'notifications'; title: string; hint: string }[] = [
  { key: 'startVmAtLaunch', title: 'Start the VM when Berth opens', hint: 'Off: start it from the VM page or the tray when you need it.' },
  { key: 'stopVmOnQuit', title: 'Stop the VM when Berth quits', hint: 'Off: the VM keeps running for the docker CLI after the window is gone.' },
  { key: 'closeToTray', title: 'Closing the window keeps Berth in the tray', hint: 'Off: closing the window quits Berth.' },
  { key: 'notifications', title: 'Notifications', hint: 'A container exited with an error, a pull or build ended, a port could not be forwarded.' },
];

function useOsDark(): boolean {
  const [dark, setDark] = useState(() => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = () => setDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return dark;
}

function Facts({ stored }: { stored: boolean }) {
  const status = useStore((s) => s.engineStatus);
  const vmSupport = useStore((s) => s.vmSupport);
  const vmState = useStore((s) => s.vmStatus?.state);
  const osDark = useOsDark();
  const theme = useStore((s) => s.settings?.theme ?? 'system');
  const rows: [string, string][] = [
    ['This window', isDesktop() ? 'The Berth desktop app' : `A browser on berth serve (${window.location.host})`],
    ['Endpoint in use', status ? `${status.endpoint.label} — ${status.endpoint.address}` : 'connecting…'],
    ['Engine', status?.version ? `Docker Engine ${status.version} (${status.state})` : (status?.state ?? '—')],
    ['Berth VM', vmSupport === 'yes' ? `${vmState ?? 'at hand'}${status?.endpoint.kind === 'vm' ? ' (its engine is this window’s)' : ''}` : vmSupport === 'no' ? 'not in use on this endpoint' : '—'],
    ['Theme', theme === 'system' ? `follows the system (now ${osDark ? 'dark' : 'light'})` : theme],
  ];
  return (
    <section className="card" aria-label={stored ? 'About this window' : 'Read-only facts'}>
      <h3>{stored ? 'About this window' : 'This window'}</h3>
      <Kv rows={rows} />
    </section>
  );
}

function Diagnostics() {
  const [state, setState] = useState<{ busy: boolean; text?: string; error?: string; unsupported?: boolean }>({ busy: false });
  const run = async () => {
    setState({ busy: true });
    try {
      const r = await client().diagnostics.export();
      if (r.cancelled) setState({ busy: false, text: 'Cancelled — nothing was written.' });
      else setState({ busy: false, text: `Wrote ${r.files.length} files (${bytes(r.bytes)})${r.path ? ` to ${r.path}` : ''}. Secrets (tokens, keys, passwords, env values) are redacted.` });
    } catch (e) {
      const err = shownError(e);
      if (err.code === 'UNSUPPORTED') setState({ busy: false, unsupported: true });
      else setState({ busy: false, error: err.message });
    }
  };
  return (
    <section className="card" aria-label="Diagnostics">
      <h3>Diagnostics</h3>
      {state.unsupported ? (
        <span className="muted">This endpoint does not export diagnostics; the desktop app does.</span>
      ) : (
        <>
          <span className="muted">A bundle of Berth’s logs, versions and settings to attach to a bug report, with secrets redacted. You choose where it is saved.</span>
          <div className="rowline">
            <button type="button" className="btn" disabled={state.busy} onClick={() => void run()}>
              {state.busy ? 'Exporting diagnostics…' : 'Export diagnostics…'}
            </button>
          </div>
        </>
      )}
      {state.text ? (
        <span role="status" className="muted">
          {state.text}
        </span>
      ) : null}
      {state.error ? (
        <span role="alert" className="error-text">
          {state.error}
        </span>
      ) : null}
    </section>
  );
}

function StoredSettings({ settings }: { settings: Settings }) {
  const [endpoint, setEndpoint] = useState(settings.endpoint);
  const [proxy, setProxy] = useState({ http: settings.proxy.http ?? '', https: settings.proxy.https ?? '', noProxy: settings.proxy.noProxy ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setSettings = useStore((s) => s.setSettings);
  useEffect(() => setEndpoint(settings.endpoint), [settings.endpoint]);

  /** Shown at once (a theme applies as it is clicked), then saved; a refusal puts the stored value back and says why. */
  const save = async (patch: SettingsPatch, field: string, done?: string): Promise<void> => {
    const before = useStore.getState().settings;
    if (before) setSettings({ ...before, ...patch } as Settings);
    try {
      setSettings(await client().settings.set(patch));
      setErrors((e) => ({ ...e, [field]: '' }));
      if (done) info(done);
    } catch (e) {
      if (before) setSettings(before);
      setErrors((cur) => ({ ...cur, [field]: shownError(e).message }));
    }
  };
  const applyEndpoint = () => {
    const r = EndpointSetting.safeParse(endpoint.trim());
    if (!r.success) {
      setErrors((e) => ({ ...e, endpoint: r.error.issues[0]?.message ?? 'Not a valid endpoint.' }));
      return;
    }
    void save({ endpoint: r.data }, 'endpoint', 'Saved the endpoint: it applies the next time Berth starts.');
  };
  const applyProxy = () => {
    const clean = (v: string) => (v.trim() ? v.trim() : undefined);
    const p = { http: clean(proxy.http), https: clean(proxy.https), noProxy: clean(proxy.noProxy) };
    for (const [k, v] of Object.entries(p)) {
      if (k !== 'noProxy' && v && !/^https?:\/\/\S+$/.test(v)) {
        setErrors((e) => ({ ...e, [`proxy.${k}`]: 'Use a URL like http://proxy.example:3128.' }));
        return;
      }
    }
    const proxyPatch = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Settings['proxy'];
    void save({ proxy: proxyPatch }, 'proxy', 'Saved the proxy: the VM’s engine uses it after a restart.');
  };

  return (
    <>
      <section className="card" aria-label="Appearance">
        <h3>Appearance</h3>
        <fieldset>
          <legend>Theme</legend>
          <div className="rowline" style={{ gap: 16 }}>
            {THEMES.map((t) => (
              <label key={t.id} className="check">
                <input type="radio" name="theme" value={t.id} checked={settings.theme === t.id} onChange={() => void save({ theme: t.id }, 'theme')} />
                {t.title}
              </label>
            ))}
          </div>
        </fieldset>
        {errors.theme ? <span className="error-text">{errors.theme}</span> : null}
      </section>
      <section className="card" aria-label="Behaviour">
        <h3>Behaviour</h3>
        {TOGGLES.map((t) => (
          <div key={t.key} className="toggle">
            <label className="check">
              <input type="checkbox" checked={settings[t.key]} onChange={(e) => void save({ [t.key]: e.target.checked }, t.key)} />
              {t.title}
            </label>
            <span className="hint muted">{t.hint}</span>
            {errors[t.key] ? <span className="error-text">{errors[t.key]}</span> : null}
          </div>
        ))}
      </section>
      <section className="card" aria-label="Engine endpoint">
        <h3>Engine endpoint</h3>
        <form
          className="rowline"
          style={{ alignItems: 'flex-end' }}
          onSubmit={(e) => {
            e.preventDefault();
            applyEndpoint();
          }}
        >
          <Field label="Endpoint" error={errors.endpoint || undefined} hint="Empty: the platform default (the Berth VM, or the local socket). Applies the next time Berth starts." className="grow">
            <input type="text" className="mono" placeholder="unix:///var/run/docker.sock, tcp://…, ssh://user@host" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} spellCheck={false} />
          </Field>
          <button type="submit" className="btn" disabled={endpoint === settings.endpoint}>
            Save endpoint
          </button>
        </form>
      </section>
      <section className="card" aria-label="Proxy">
        <h3>Proxy for image pulls</h3>
        <form
          className="grid3"
          onSubmit={(e) => {
            e.preventDefault();
            applyProxy();
          }}
        >
          <Field label="HTTP proxy" error={errors['proxy.http'] || undefined}>
            <input type="text" className="mono" value={proxy.http} onChange={(e) => setProxy({ ...proxy, http: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="HTTPS proxy" error={errors['proxy.https'] || undefined}>
            <input type="text" className="mono" value={proxy.https} onChange={(e) => setProxy({ ...proxy, https: e.target.value })} spellCheck={false} />
          </Field>
          <Field label="No proxy for" hint="comma-separated hosts" error={errors.proxy || undefined}>
            <input type="text" className="mono" value={proxy.noProxy} onChange={(e) => setProxy({ ...proxy, noProxy: e.target.value })} spellCheck={false} />
          </Field>
          <div className="rowline">
            <button type="submit" className="btn">
              Save proxy
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

export function SettingsPage() {
  const support = useStore((s) => s.settingsSupport);
  const settings = useStore((s) => s.settings);
  return (
    <section className="page" aria-label="Settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      {support === 'no' ? (
        <div className="card" role="status" aria-label="Where settings live">
          <strong>Settings are stored by the desktop app.</strong>
          <span className="muted">
            This window is served by <code>berth serve</code>, which keeps no settings of its own: its endpoint comes from its command line (<code>--endpoint</code>) or{' '}
            <code>DOCKER_HOST</code>, and the theme follows your system. Export diagnostics is offered by the desktop app too. What is in effect here:
          </span>
        </div>
      ) : null}
      {support === 'unknown' ? <div className="empty">Reading the settings…</div> : null}
      <div className="cards" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(380px, 1fr))' }}>
        {support === 'yes' && settings ? <StoredSettings settings={settings} /> : null}
        <Facts stored={support === 'yes'} />
        <RememberedRegistries />
        {support === 'yes' ? <Diagnostics /> : null}
      </div>
    </section>
  );
}
