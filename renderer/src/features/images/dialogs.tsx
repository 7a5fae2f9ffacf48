// Image dialogs: tag, build, import — each validates on its fields; a build shows its task's live progress (pull and push: TransferDialog).
import { useState } from 'react';
import { info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Field } from '../../ui/Field.js';
import { RowsEditor } from '../../ui/RowsEditor.js';
import { checkHostPath, checkRef, toBuildRequest, type Errors } from './forms.js';
import { LiveTask, useTask } from './LiveTask.js';
import { startBuild } from './tasks.js';

export function TagDialog({ source, onClose }: { source: string; onClose(): void }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | undefined>();
  const tag = async () => {
    const e = checkRef(target, 'target', 'new name');
    setError(e);
    if (e) return;
    try {
      await client().images.tag({ source, target: target.trim() });
      info(`Tagged ${source} as ${target.trim()}`);
      onClose();
    } catch (err) {
      setError(shownError(err).message);
    }
  };
  return (
    <Dialog
      title={`Tag ${source}`}
      onClose={onClose}
      footer={<DialogActions onClose={onClose} verb="Tag" onGo={() => void tag()} />}
    >
      <Field label="New name" error={error} hint="repository:tag, e.g. localhost:5000/app:1.0">
        <input type="text" className="mono" value={target} onChange={(e) => setTarget(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void tag()} spellCheck={false} />
      </Field>
    </Dialog>
  );
}

export function BuildDialog({ onClose }: { onClose(): void }) {
  const [context, setContext] = useState('');
  const [dockerfile, setDockerfile] = useState('Dockerfile');
  const [tags, setTags] = useState('');
  const [buildArgs, setBuildArgs] = useState<{ key: string; value: string }[]>([]);
  const [noCache, setNoCache] = useState(false);
  const [pull, setPull] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [taskId, setTaskId] = useState<string | undefined>();
  const task = useTask(taskId);
  const failedField = task?.state === 'failed' ? task.error : undefined;
  const build = () => {
    const r = toBuildRequest({ context, dockerfile, tags, buildArgs, noCache, pull });
    setErrors(r.errors);
    if (r.req) setTaskId(startBuild(r.req));
  };
  return (
    <Dialog
      title="Build an image"
      wide
      onClose={onClose}
      footer={
        <DialogActions
          note={task?.state === 'running' ? 'Closing keeps the build going in Activity.' : undefined}
          onClose={onClose}
          closeWord={task ? 'Close' : 'Cancel'}
          verb="Build"
          onGo={build}
          disabled={task?.state === 'running'}
        />
      }
    >
      <div className="grid2">
        <Field label="Folder" error={errors.context} hint="The build context: a folder on the machine running Berth">
          <input type="text" className="mono" placeholder="/home/me/app" value={context} onChange={(e) => setContext(e.target.value)} spellCheck={false} />
        </Field>
        <Field label="Dockerfile" error={errors.dockerfile} hint="Path inside the folder">
          <input type="text" className="mono" value={dockerfile} onChange={(e) => setDockerfile(e.target.value)} spellCheck={false} />
        </Field>
      </div>
      <Field label="Tags" error={errors.tags} hint="Names for the result, separated by commas, e.g. app:1.0, app:latest">
        <input type="text" className="mono" value={tags} onChange={(e) => setTags(e.target.value)} spellCheck={false} />
      </Field>
      <RowsEditor legend="Build arguments" rows={buildArgs} onChange={setBuildArgs} errorKey="buildArgs" errors={errors} keyLabel="Build argument" valueLabel="Build argument value" keyPlaceholder="VERSION" addLabel="Add build argument" />
      <div className="rowline" style={{ gap: 18 }}>
        <label className="check">
          <input type="checkbox" checked={noCache} onChange={(e) => setNoCache(e.target.checked)} />
          No cache
        </label>
        <label className="check">
          <input type="checkbox" checked={pull} onChange={(e) => setPull(e.target.checked)} />
          Always pull base images
        </label>
      </div>
      {failedField ? (
        <span className="error-text" role="alert">
          {failedField}
        </span>
      ) : null}
      <LiveTask id={taskId} />
    </Dialog>
  );
}

export function ImportDialog({ onClose }: { onClose(): void }) {
  const [path, setPath] = useState('');
  const [ref, setRef] = useState('');
  const [load, setLoad] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const go = async () => {
    const e: Errors = {};
    const pe = checkHostPath(path, 'tar file');
    if (pe) e.path = pe;
    if (!load && ref.trim()) {
      const re = checkRef(ref, 'ref', 'image name');
      if (re) e.ref = re;
    }
    setErrors(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      if (load) {
        const r = await client().images.load({ path: path.trim() });
        info(`Loaded ${r.loaded.join(', ') || 'the archive'}`);
      } else {
        const r = await client().images.import({ path: path.trim(), ...(ref.trim() ? { ref: ref.trim() } : {}) });
        info(`Imported ${ref.trim() || r.id.slice(7, 19)}`);
      }
      onClose();
    } catch (err) {
      const s = shownError(err);
      setErrors({ [s.field === 'ref' ? 'ref' : 'path']: s.message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Import an image from a tar file"
      onClose={onClose}
      footer={<DialogActions note={busy ? 'Reading the archive…' : undefined} onClose={onClose} verb={load ? 'Load' : 'Import'} onGo={() => void go()} disabled={busy} />}
    >
      <Field label="Tar file" error={errors.path} hint="A path on the machine running Berth">
        <input type="text" className="mono" placeholder="/home/me/rootfs.tar" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={load} onChange={(e) => setLoad(e.target.checked)} />
        It was saved with <code>docker save</code> (load images with their names and layers)
      </label>
      {!load ? (
        <Field label="Name for the image" error={errors.ref} hint="Optional, e.g. myroot:1.0 (a filesystem tar becomes one layer)">
          <input type="text" className="mono" value={ref} onChange={(e) => setRef(e.target.value)} spellCheck={false} />
        </Field>
      ) : null}
    </Dialog>
  );
}
