// The VM page's "Give memory back to Windows" card (WSL2 only): .wslconfig's autoMemoryReclaim, and a WSL restart on request.
import { useEffect, useState } from 'react';
import type { WslMemoryReclaim, WslMemoryReclaimMode } from '../../../../app/vm.js';
import { attempt, info } from '../../lib/attempt.js';
import { isUnsupported, shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { canApply, RECLAIM_CHOICES, savedMessage, showsWslMemory, wslMemoryView } from './wslMemoryModel.js';

export function WslMemoryCard() {
  const status = useStore((s) => s.vmStatus);
  return showsWslMemory(status) ? <WslMemoryForm /> : null;
}

function WslMemoryForm() {
  const [setting, setSetting] = useState<WslMemoryReclaim | undefined>();
  const [choice, setChoice] = useState<WslMemoryReclaimMode | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [hidden, setHidden] = useState(false);
  const [busy, setBusy] = useState<'apply' | 'restart' | undefined>();
  useEffect(() => {
    let live = true;
    client()
      .vm.wslMemory()
      .then((s) => {
        if (!live) return;
        setSetting(s);
        setChoice(s.mode);
      })
      .catch((e: unknown) => {
        if (!live) return;
        if (isUnsupported(e)) setHidden(true);
        else setError(shownError(e).message);
      });
    return () => {
      live = false;
    };
  }, []);
  if (hidden) return null;
  const view = setting && wslMemoryView(setting);
  const apply = async () => {
    if (!choice) return;
    setBusy('apply');
    try {
      const next = await client().vm.setWslMemory({ mode: choice });
      setSetting(next);
      setChoice(next.mode);
      setError(undefined);
      info(savedMessage(choice));
    } catch (e) {
      setError(shownError(e).message);
    } finally {
      setBusy(undefined);
    }
  };
  const restart = async () => {
    setBusy('restart');
    const done = await attempt('Restart WSL', () => client().vm.restartWsl());
    if (done) {
      info('WSL restarted: it now uses .wslconfig as saved.');
      const next = await attempt('Read .wslconfig', () => client().vm.wslMemory());
      if (next) setSetting(next);
    }
    setBusy(undefined);
  };
  return (
    <section className="card" aria-label="Give memory back to Windows">
      <h3>Give memory back to Windows</h3>
      <span className="muted">
        Under WSL2 the VM is Windows’ own, shared by every WSL distribution. Memory Linux frees goes back by itself; what its file cache holds goes back only
        as WSL’s <code>autoMemoryReclaim</code> setting in <code>.wslconfig</code> says.
      </span>
      {view ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <fieldset disabled={busy !== undefined}>
            <legend>Give memory back to Windows</legend>
            {RECLAIM_CHOICES.map((c) => (
              <label key={c.mode} className="check">
                <input type="radio" name="wsl-memory" value={c.mode} checked={choice === c.mode} onChange={() => (setChoice(c.mode), setError(undefined))} />
                <span>
                  <strong>{c.label}</strong>: {c.what}
                </span>
              </label>
            ))}
          </fieldset>
          <span className="muted" aria-label="autoMemoryReclaim now">
            {view.current}
          </span>
          {view.warnings.map((w) => (
            <span key={w} className="muted" role="note">
              {w}
            </span>
          ))}
          <div className="rowline">
            <button type="submit" className="btn" disabled={busy !== undefined || !canApply(setting, choice)}>
              {busy === 'apply' ? 'Saving…' : 'Apply'}
            </button>
            <span className="muted">Applies after WSL restarts.</span>
          </div>
        </form>
      ) : (
        <span className="muted">{error ?? 'Reading .wslconfig…'}</span>
      )}
      {view && error ? (
        <span className="error-text" role="alert">
          {error}
        </span>
      ) : null}
      {view?.restartNote ? (
        <div className="note" role="status" aria-label="WSL restart needed">
          <span>{view.restartNote}</span>
          <button type="button" className="btn small" disabled={busy !== undefined} onClick={() => void restart()}>
            {busy === 'restart' ? 'Restarting WSL…' : 'Restart WSL now'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
