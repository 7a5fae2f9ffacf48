// The VM page's File sharing card: the host folders mounted in the VM at the same path, their state, add (picker or path) and remove.
import { useState } from 'react';
import { info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client, isDesktop } from '../../transport/index.js';
import { Field } from '../../ui/Field.js';
import { addShare, removedButMounted, removeShare, shareRows, sharesNeedRestart } from './sharesModel.js';
import { useVmSettings } from './useVmSettings.js';
import { RestartNote } from './VmCards.js';

export function SharesCard({ canRestart }: { canRestart: boolean }) {
  const status = useStore((s) => s.vmStatus);
  const settings = useVmSettings();
  const saved = settings.saved && (settings.saved.shares ?? []);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const desktop = isDesktop();
  if (status?.backend === 'wsl') {
    return (
      <section className="card" aria-label="File sharing">
        <h3>File sharing</h3>
        <span className="muted">
          Under WSL2 every Windows drive is already in the VM at <code>/mnt/&lt;drive&gt;</code>: bind <code>C:\Users\me\code</code> and Berth passes{' '}
          <code>/mnt/c/Users/me/code</code> to the engine.
        </span>
      </section>
    );
  }
  if (!saved) {
    return (
      <section className="card" aria-label="File sharing">
        <h3>File sharing</h3>
        <span className="muted">{error ?? settings.loadError ?? 'Reading the shared folders…'}</span>
      </section>
    );
  }
  const save = async (next: string[], done: string) => {
    setBusy(true);
    try {
      await settings.save({ shares: next });
      setTyped('');
      setError(undefined);
      info(done);
    } catch (e) {
      setError(shownError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const add = async (path: string) => {
    const r = addShare(saved, path);
    if ('error' in r) {
      setError(r.error);
      return;
    }
    await save(r.shares, `Shared ${path.trim()} with the VM: it is mounted when the VM restarts.`);
  };
  const pick = async () => {
    try {
      const r = await client().app.pickFolder({ title: 'Share a folder with the Berth VM' });
      if (!r.cancelled && r.path) await add(r.path);
    } catch (e) {
      setError(shownError(e).message);
    }
  };
  const rows = shareRows(saved, status);
  const stale = removedButMounted(saved, status);
  return (
    <section className="card" aria-label="File sharing">
      <h3>File sharing</h3>
      <span className="muted">Each folder is in the VM at the same path, so <code>docker run -v /path/on/this/machine:/app</code> means these files. Other host paths are refused.</span>
      <ul className="shares" aria-label="Shared folders">
        {rows.map((r) => (
          <li key={r.path} className="share-row" aria-label={`${r.path}: ${r.stateWord}`}>
            <span className={`dot ${r.tone}`} aria-hidden="true" />
            <span className="mono path">{r.path}</span>
            <span className="muted">{r.stateWord}</span>
            <button type="button" className="btn small" disabled={busy} aria-label={`Stop sharing ${r.path}`} onClick={() => void save(removeShare(saved, r.path), `${r.path} is no longer shared (after the VM restarts).`)}>
              Remove
            </button>
            {r.error ? (
              <span className="error-text" role="alert">
                {r.error}
              </span>
            ) : null}
          </li>
        ))}
        {rows.length === 0 ? <li className="muted">No folder is shared: bind mounts of host paths are refused.</li> : null}
      </ul>
      <form
        className="rowline"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add(typed);
        }}
      >
        {desktop ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void pick()}>
            Add folder…
          </button>
        ) : null}
        <Field label="Folder to share" error={error} className="grow">
          <input type="text" value={typed} placeholder="/Users/me/code" spellCheck={false} autoComplete="off" onChange={(e) => (setTyped(e.target.value), setError(undefined))} />
        </Field>
        <button type="submit" className="btn" disabled={busy || typed.trim() === ''}>
          Add
        </button>
      </form>
      {sharesNeedRestart(saved, status) ? (
        <RestartNote
          label="File sharing restart needed"
          text={`The running VM shares ${status?.running?.shares?.length ?? 0} folder(s)${stale.length ? ` (still mounted: ${stale.join(', ')})` : ''}; the saved list applies after a restart.`}
          canRestart={canRestart}
        />
      ) : null}
    </section>
  );
}
