// The VM page's cards: CPUs/memory/disk settings (applied on restart) and the facts about the VM.
import { useState } from 'react';
import { attempt, info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { CopyButton } from '../../ui/CopyButton.js';
import { Field } from '../../ui/Field.js';
import { Kv } from '../../ui/Kv.js';
import { checkVmSettings, formFromSettings, type VmSettingsErrors, type VmSettingsForm } from './settingsForm.js';
import { useVmSettings } from './useVmSettings.js';
import { vmView } from './viewModel.js';

export function SettingsCard({ restartNote, canRestart }: { restartNote: string | undefined; canRestart: boolean }) {
  const [form, setForm] = useState<VmSettingsForm | undefined>();
  const { saved, loadError, save: saveSettings } = useVmSettings((s) => setForm(formFromSettings(s)));
  const [errors, setErrors] = useState<VmSettingsErrors>({});
  const [busy, setBusy] = useState(false);
  if (!form) {
    return (
      <section className="card" aria-label="VM settings">
        <h3>Settings</h3>
        <span className="muted">{loadError ?? 'Reading the VM’s settings…'}</span>
      </section>
    );
  }
  const set = (k: keyof VmSettingsForm, v: string) => {
    setForm({ ...form, [k]: v });
    if (errors[k] || errors.form) setErrors({});
  };
  const save = async () => {
    const r = checkVmSettings(form, saved);
    setErrors(r.errors);
    if (!r.patch) return;
    if (Object.keys(r.patch).length === 0) {
      info('The VM settings are unchanged.');
      return;
    }
    setBusy(true);
    try {
      const next = await saveSettings(r.patch);
      setForm(formFromSettings(next));
      const keys = Object.keys(r.patch);
      info(
        keys.every((k) => k === 'sleepAfterS' || k === 'keepContainersRunning')
          ? keys.includes('keepContainersRunning')
            ? `Saved: from the next stop the VM is ${r.patch.keepContainersRunning === false ? 'shut down cleanly' : 'saved and resumed with its containers running'}.`
            : 'Saved: the VM sleeps after that idle time from now on.'
          : 'Saved the VM settings: they apply when the VM restarts.',
      );
    } catch (e) {
      const err = shownError(e);
      const field = err.field === 'cpus' || err.field === 'memoryMiB' || err.field === 'diskGiB' ? err.field : 'form';
      setErrors({ [field]: err.message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-label="VM settings">
      <h3>Settings</h3>
      <form
        className="vm-settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label="CPUs" error={errors.cpus} hint="1–64">
          <input type="number" min={1} max={64} value={form.cpus} onChange={(e) => set('cpus', e.target.value)} />
        </Field>
        <Field label="Memory (MiB)" error={errors.memoryMiB} hint="e.g. 4096, or 4g">
          <input type="text" inputMode="numeric" value={form.memoryMiB} onChange={(e) => set('memoryMiB', e.target.value)} />
        </Field>
        <Field label="Disk (GiB)" error={errors.diskGiB} hint="The data disk only grows; data is kept.">
          <input type="number" min={4} max={4096} value={form.diskGiB} onChange={(e) => set('diskGiB', e.target.value)} />
        </Field>
        <Field label="Sleep when idle (minutes)" error={errors.sleepAfterMin} hint="With no container running and no client using the engine; 0 = never. Applies at once.">
          <input type="text" inputMode="decimal" value={form.sleepAfterMin ?? ''} onChange={(e) => set('sleepAfterMin', e.target.value)} />
        </Field>
        <label className="check" style={{ gridColumn: '1 / -1' }}>
          <input type="checkbox" checked={form.keepRunning !== false} onChange={(e) => setForm({ ...form, keepRunning: e.target.checked })} />
          Keep containers running across restarts: a stop or quit saves the whole VM and the next start resumes it in about a second (off: a clean shutdown, and the next start boots)
        </label>
        <div className="rowline" style={{ gridColumn: '1 / -1' }}>
          <button type="submit" className="btn primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
          <span className="muted">Applied when the VM restarts (the running VM keeps what it started with).</span>
        </div>
        {errors.form ? (
          <span className="error-text" role="alert" style={{ gridColumn: '1 / -1' }}>
            {errors.form}
          </span>
        ) : null}
      </form>
      {restartNote ? <RestartNote label="Restart needed" text={restartNote} canRestart={canRestart} /> : null}
    </section>
  );
}

/** Saved settings that apply after a restart, with the restart offered when the VM can restart. */
export function RestartNote({ label, text, canRestart }: { label: string; text: string; canRestart: boolean }) {
  return (
    <div className="note" role="status" aria-label={label}>
      <span>{text}</span>
      {canRestart ? (
        <button type="button" className="btn small" onClick={() => void attempt('Restart the VM', () => client().vm.restart())}>
          Restart now
        </button>
      ) : null}
    </div>
  );
}

export function Facts() {
  const status = useStore((s) => s.vmStatus);
  const view = status ? vmView(status, undefined, Date.now()) : undefined;
  const running = status?.running;
  const rows: [string, string | undefined][] = [
    ['Backend', status?.backend === 'wsl' ? 'WSL2' : status?.backend === 'qemu' ? 'QEMU' : undefined],
    ['Accelerator', view?.accel],
    ['Emulator', view?.emulator],
    ['Guest architecture', view?.guestArch],
    ['Guest image', status?.imageVersion],
    ['Running with', running ? `${running.cpus} CPUs, ${running.memoryMiB} MiB, ${running.diskGiB} GiB disk` : undefined],
    ['Engine socket', status?.socketPath],
  ];
  return (
    <section className="card" aria-label="About the VM">
      <h3>About</h3>
      <Kv rows={rows} mono={['Engine socket']} />
      {view?.accelNote ? <span className="muted">{view.accelNote}</span> : null}
      {view?.emulatorNote ? (
        <span className="muted" role="note" aria-label="About QEMU">
          {view.emulatorNote}
        </span>
      ) : null}
      {status?.socketPath ? (
        <span className="muted">
          The <code>docker</code> CLI reaches this engine with <code>docker --context berth …</code> or <code>DOCKER_HOST=unix://{status.socketPath}</code>.
        </span>
      ) : null}
    </section>
  );
}

/** The one command that fixes a failed start (install QEMU, …), ready to copy. */
export function FixCommand({ command }: { command: string }) {
  return (
    <div className="rowline" role="group" aria-label="How to fix it">
      <span className="muted">To fix it, run:</span>
      <code className="mono" aria-label="Fix command">
        {command}
      </code>
      <CopyButton text={command} />
    </div>
  );
}
