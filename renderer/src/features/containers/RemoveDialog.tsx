// Asks before removing a stopped container that is unnamed or changed (naming the first changed paths), and offers to commit it to an image first.
import { useState } from 'react';
import { attempt } from '../../lib/attempt.js';
import { client } from '../../transport/index.js';
import { useStore } from '../../store/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { commitThenRemove } from './actions.js';
import { commitRepoFor } from './removePolicy.js';

export function RemoveDialog() {
  const ask = useStore((s) => s.removeAsk);
  const close = () => useStore.getState().askRemove(undefined);
  if (!ask) return null;
  return <RemoveDialogBody key={ask.id} id={ask.id} name={ask.name} reasons={ask.reasons} changed={ask.changed} onClose={close} />;
}

/** The first changed paths by name, and "and N more" that opens the container's Changes tab. */
function ChangedPaths({ id, changed, onClose }: { id: string; changed: { paths: string[]; total: number }; onClose(): void }) {
  const more = changed.total - changed.paths.length;
  const openChanges = () => {
    onClose();
    useStore.getState().navigate({ page: 'container', id, tab: 'changes' });
  };
  return (
    <>
      <ul aria-label="Changed paths" className="mono" style={{ margin: 0, fontSize: 12 }}>
        {changed.paths.map((p) => (
          <li key={p} style={{ overflowWrap: 'anywhere' }}>
            {p}
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <button type="button" className="linkish" onClick={openChanges} style={{ alignSelf: 'flex-start' }}>
          and {more} more (see the Changes tab)
        </button>
      ) : null}
    </>
  );
}

function RemoveDialogBody({ id, name, reasons, changed, onClose }: { id: string; name: string; reasons: string[]; changed: { paths: string[]; total: number } | undefined; onClose(): void }) {
  const [ref, setRef] = useState(() => `${commitRepoFor(name)}:latest`);
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    await attempt(`Remove ${name}`, () => client().containers.remove({ id }));
    onClose();
  };
  const commit = async () => {
    setBusy(true);
    const ok = await commitThenRemove(id, name, ref.trim(), true);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <Dialog
      title={`Remove ${name}?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" disabled={busy || !ref.trim()} onClick={() => void commit()}>
            Commit to image, then remove
          </button>
          <button type="button" className="btn primary danger" disabled={busy} onClick={() => void remove()}>
            Remove anyway
          </button>
        </>
      }
    >
      <p style={{ margin: 0 }}>Before it goes:</p>
      <ul style={{ margin: 0 }}>
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {changed ? <ChangedPaths id={id} changed={changed} onClose={onClose} /> : null}
      <Field label="Image to commit to" hint="Keeps its filesystem as an image you can run again.">
        <input type="text" value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} />
      </Field>
    </Dialog>
  );
}
