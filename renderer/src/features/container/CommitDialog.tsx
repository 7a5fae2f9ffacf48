// "Commit…" on a container's page: repository:tag, message, author, pause, --change lines; shows the new image when done.
import { useEffect, useState } from 'react';
import type { Change } from '../../../../app/model.js';
import { info } from '../../lib/attempt.js';
import { shortId } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { checkCommitForm, committedRef, defaultCommitForm, errorsFromCore, type CommitErrors, type CommitForm } from './commitForm.js';

interface Done {
  ref: string;
  imageId: string;
  removedLent: boolean;
}

export function CommitDialog({ id, name, running, onClose }: { id: string; name: string; running: boolean; onClose(): void }) {
  const [form, setForm] = useState<CommitForm>(() => defaultCommitForm(name));
  const [errors, setErrors] = useState<CommitErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | undefined>();
  const [changes, setChanges] = useState<Change[] | undefined>();
  useEffect(() => {
    let live = true;
    client()
      .containers.diff({ id })
      .then((c) => live && setChanges(c), () => undefined);
    return () => {
      live = false;
    };
  }, [id]);
  const lent = (changes ?? []).filter((c) => c.lent);
  const own = (changes ?? []).length - lent.length;
  const set = <K extends keyof CommitForm>(k: K, v: CommitForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (errors[k as keyof CommitErrors] || errors.form) setErrors({});
  };

  const commit = async () => {
    const r = checkCommitForm(id, form);
    setErrors(r.errors);
    if (!r.req) return;
    setBusy(true);
    try {
      const out = await client().containers.commit(r.req);
      const ref = committedRef(r.req);
      setDone({ ref, imageId: out.imageId, removedLent: (out.removedLent ?? []).length > 0 });
      info(`Committed ${name} to ${ref}`);
    } catch (e) {
      setErrors(errorsFromCore(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    const open = () => {
      onClose();
      useStore.getState().navigate({ page: 'image', id: done.imageId });
    };
    return (
      <Dialog
        title={`Commit ${name}`}
        onClose={onClose}
        footer={
          <>
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
            <button type="button" className="btn primary" onClick={open}>
              Open the image
            </button>
          </>
        }
      >
        <p role="status" aria-label="Commit result" style={{ margin: 0 }}>
          Committed to <code>{done.ref}</code> (image <code>{shortId(done.imageId)}</code>).
          {running ? ` ${name} keeps running.` : ''}
          {done.removedLent ? ' Berth took the busybox it had lent for a shell out first, so it is not in the image.' : ''}
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`Commit ${name}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary" disabled={busy} onClick={() => void commit()}>
            {busy ? 'Committing…' : 'Commit'}
          </button>
        </>
      }
    >
      <p className="muted" style={{ margin: 0 }}>
        Makes a new image of this container’s filesystem{changes ? ` (${own} changed ${own === 1 ? 'path' : 'paths'} on top of its image)` : ''}, like <code>docker commit</code>.
      </p>
      <Field label="Repository and tag" error={errors.ref} hint="e.g. my-app:snapshot or localhost:5000/team/app:v2">
        <input type="text" value={form.ref} onChange={(e) => set('ref', e.target.value)} spellCheck={false} data-autofocus />
      </Field>
      <Field label="Message">
        <input type="text" value={form.message} onChange={(e) => set('message', e.target.value)} />
      </Field>
      <Field label="Author">
        <input type="text" value={form.author} onChange={(e) => set('author', e.target.value)} placeholder="Name <email>" />
      </Field>
      <Field label="Changes" error={errors.changes} hint="One Dockerfile instruction a line, as docker commit --change: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, VOLUME, WORKDIR, STOPSIGNAL, HEALTHCHECK, ONBUILD.">
        <textarea rows={3} value={form.changes} onChange={(e) => set('changes', e.target.value)} spellCheck={false} className="mono" placeholder={'CMD ["app", "--serve"]\nENV MODE=production'} />
      </Field>
      {running ? (
        <label className="check">
          <input type="checkbox" checked={form.pause} onChange={(e) => set('pause', e.target.checked)} />
          Pause {name} while committing (a consistent filesystem)
        </label>
      ) : null}
      {lent.length > 0 ? (
        <div role="note" aria-label="Berth's busybox" className="banner" style={{ flexDirection: 'column', gap: 4 }}>
          <span>
            {name} holds the busybox Berth lent it for a shell ({lent.filter((c) => !c.path.endsWith('/busybox')).map((c) => c.path).join(', ')}).{' '}
            {running ? 'Berth takes it out before committing; close any busybox shell open in it first.' : 'It is stopped, so Berth cannot take it out: start it first, or keep the busybox in the image.'}
          </span>
          <label className="check">
            <input type="checkbox" checked={form.includeBusybox} onChange={(e) => set('includeBusybox', e.target.checked)} />
            Keep Berth’s busybox in the image
          </label>
        </div>
      ) : null}
      {errors.form ? (
        <div className="error-text" role="alert">
          {errors.form}
        </div>
      ) : null}
    </Dialog>
  );
}
