// The VM page's "Containers and this computer" card: may containers open services on the host's loopback (none, some ports, all).
import { useState } from 'react';
import { describeHostAccess, HOST_ALIAS, hostAccessArg, parseHostPorts, type HostAccess } from '../../../../app/host-access.js';
import type { VmSettings } from '../../../../app/vm.js';
import { info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { Field } from '../../ui/Field.js';
import { useVmSettings } from './useVmSettings.js';

type Mode = HostAccess['mode'];

const CHOICES: { mode: Mode; label: string }[] = [
  { mode: 'none', label: 'No: only what containers publish is reachable (safest)' },
  { mode: 'ports', label: 'Only these ports' },
  { mode: 'all', label: 'Yes: every service on this computer' },
];

const accessOf = (s: VmSettings): HostAccess => s.hostAccess ?? { mode: 'none' };

export function HostAccessCard() {
  const status = useStore((s) => s.vmStatus);
  const [mode, setMode] = useState<Mode>('none');
  const [ports, setPorts] = useState('');
  const settings = useVmSettings((s) => {
    const a = accessOf(s);
    setMode(a.mode);
    setPorts((a.ports ?? []).join(', '));
  });
  const saved = settings.saved && accessOf(settings.saved);
  const [formError, setError] = useState<string | undefined>();
  const error = formError ?? settings.loadError;
  const [busy, setBusy] = useState(false);
  const save = async () => {
    let next: HostAccess = { mode };
    if (mode === 'ports') {
      const parsed = parseHostPorts(ports);
      if ('error' in parsed) return setError(parsed.error);
      if (parsed.length === 0) return setError('Name at least one port, like 5432 or 8080, 9000.');
      next = { mode, ports: parsed };
    }
    setBusy(true);
    try {
      await settings.save({ hostAccess: next });
      setError(undefined);
      info(describeHostAccess(next));
    } catch (e) {
      setError(shownError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const running = status?.state === 'running' ? status.hostAccess : undefined;
  const dirty = saved !== undefined && (mode !== saved.mode || (mode === 'ports' && ports.replace(/\s/g, '') !== (saved.ports ?? []).join(',')));
  return (
    <section className="card" aria-label="Containers and this computer">
      <h3>Containers and this computer</h3>
      <span className="muted">
        May containers open services listening on this computer&apos;s <code>localhost</code> (a database, a dev server)? When they may, they reach it as{' '}
        <code>{HOST_ALIAS}</code>. Applies at once, no restart.
      </span>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={busy || saved === undefined}>
          <legend>Containers may open services on this computer</legend>
          {CHOICES.map((c) => (
            <label key={c.mode} className="check">
              <input type="radio" name="host-access" value={c.mode} checked={mode === c.mode} onChange={() => (setMode(c.mode), setError(undefined))} />
              {c.label}
            </label>
          ))}
        </fieldset>
        {mode === 'ports' ? (
          <Field label="Host ports containers may open" error={error}>
            <input type="text" value={ports} placeholder="5432, 8080" spellCheck={false} autoComplete="off" onChange={(e) => (setPorts(e.target.value), setError(undefined))} />
          </Field>
        ) : error ? (
          <span className="error-text" role="alert">
            {error}
          </span>
        ) : null}
        <div className="rowline">
          <button type="submit" className="btn" disabled={busy || !dirty}>
            Apply
          </button>
          <span className="muted" aria-label="Host access in force">
            {running?.error ?? (running?.applied ? `In force: ${describeHostAccess(running.applied)}` : saved ? describeHostAccess(saved) : '')}
          </span>
        </div>
      </form>
      {running?.applied && hostAccessArg(running.applied) !== 'none' ? (
        <span className="muted">
          Anything a container runs can then use these services as you can: open only what your containers need.
        </span>
      ) : null}
    </section>
  );
}
