// Volumes: list with the containers using each, create, inspect, remove and prune.
import { useMemo, useState } from 'react';
import type { VolumeSummary } from '../../../../app/model.js';
import { attempt, info } from '../../lib/attempt.js';
import { copyText } from '../../lib/clipboard.js';
import { bytes } from '../../lib/format.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { VirtualTable, type Column } from '../../ui/VirtualTable.js';
import { RowsEditor } from '../../ui/RowsEditor.js';
import { JsonDialog } from '../../ui/JsonDialog.js';
import { CopyVolumeDialog } from '../moves/dialogs.js';
import { checkVolumeForm } from './form.js';
import { useVolumeUsers, type VolumeUser } from './usage.js';

function Users({ volume, users, pending }: { volume: string; users: VolumeUser[] | undefined; pending: boolean }) {
  const navigate = useStore((s) => s.navigate);
  if (!users || users.length === 0) return <span className="muted">{pending ? 'checking…' : 'not in use'}</span>;
  const shown = users.slice(0, 3);
  return (
    <span className="users" aria-label={`Containers using ${volume}`}>
      {shown.map((u) => (
        <button key={u.id} type="button" className="linkish" title={`${u.name} (${u.state})`} onClick={() => navigate({ page: 'container', id: u.id, tab: 'logs' })}>
          {u.name}
          {u.state === 'running' ? '' : ` (${u.state})`}
        </button>
      ))}
      {users.length > shown.length ? <span className="muted">+{users.length - shown.length} more</span> : null}
    </span>
  );
}

function CreateVolume({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('local');
  const [labels, setLabels] = useState<{ key: string; value: string }[]>([]);
  const [opts, setOpts] = useState<{ key: string; value: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = async () => {
    const r = checkVolumeForm({ name, driver, labels, opts });
    setErrors(r.errors);
    if (!r.req) return;
    try {
      const v = await client().volumes.create(r.req);
      info(`Created volume ${v.name}`);
      onClose();
    } catch (e) {
      const err = shownError(e);
      setErrors({ [err.code === 'NAME_CONFLICT' || err.field === 'name' ? 'name' : 'form']: err.message });
    }
  };
  return (
    <Dialog
      title="Create a volume"
      onClose={onClose}
      footer={
        <>
          {errors.form ? <span className="error-text" style={{ flex: 1 }}>{errors.form}</span> : null}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn primary" onClick={() => void create()}>Create</button>
        </>
      }
    >
      <div className="grid2">
        <Field label="Volume name" error={errors.name} hint="Blank: the engine picks a random id">
          <input type="text" className="mono" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Driver" error={errors.driver}>
          <input type="text" className="mono" value={driver} onChange={(e) => setDriver(e.target.value)} />
        </Field>
      </div>
      <RowsEditor legend="Labels" rows={labels} onChange={setLabels} errorKey="labels" errors={errors} keyLabel="Label name" valueLabel="Label value" addLabel="Add label" />
      <RowsEditor legend="Driver options" rows={opts} onChange={setOpts} errorKey="opts" errors={errors} keyLabel="Option" valueLabel="Option value" keyPlaceholder="type" addLabel="Add option" />
    </Dialog>
  );
}

export function VolumesPage() {
  const byId = useStore((s) => s.volumes.byId);
  const loaded = useStore((s) => s.volumes.loaded);
  const filter = useStore((s) => s.filter);
  const [creating, setCreating] = useState(false);
  const engine = useStore((s) => s.currentEngine?.id);
  const [copying, setCopying] = useState<string | undefined>();
  const [inspect, setInspect] = useState<{ title: string; json: unknown } | undefined>();
  const { users, pending } = useVolumeUsers();
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return Object.values(byId)
      .filter((v) => !f || v.name.toLowerCase().includes(f) || v.driver.includes(f))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [byId, filter]);
  const remove = async (v: VolumeSummary) => {
    if (await attempt(`Remove volume ${v.name}`, () => client().volumes.remove({ name: v.name }))) info(`Removed volume ${v.name}`);
  };
  const show = async (v: VolumeSummary) => {
    const j = await attempt(`Inspect ${v.name}`, () => client().volumes.inspect({ name: v.name }));
    if (j) setInspect({ title: `Volume ${v.name}`, json: j });
  };
  const prune = async () => {
    const r = await attempt('Prune volumes', () => client().volumes.prune({ all: false }));
    if (r) info(`Pruned ${r.deleted.length} unused volumes, reclaimed ${bytes(r.spaceReclaimed)}`);
  };
  const columns: Column<VolumeSummary>[] = [
    { key: 'name', title: 'Name', width: 'minmax(200px, 2fr)', render: (v) => <span className="mono" title={v.name}>{v.name}</span> },
    { key: 'driver', title: 'Driver', width: '90px', render: (v) => v.driver },
    { key: 'users', title: 'In use by', width: 'minmax(180px, 1.5fr)', render: (v) => <Users volume={v.name} users={users[v.name]} pending={pending > 0} /> },
    { key: 'mount', title: 'Mountpoint', width: 'minmax(200px, 2fr)', render: (v) => <span className="mono muted" title={v.mountpoint}>{v.mountpoint}</span> },
    { key: 'created', title: 'Created', width: '180px', render: (v) => <span className="muted">{v.createdAt ? new Date(v.createdAt).toLocaleString() : ''}</span> },
    {
      key: 'actions',
      title: 'Actions',
      width: '290px',
      className: 'actions',
      render: (v) => (
        <>
          <button type="button" className="btn small" aria-label={`Inspect volume ${v.name}`} onClick={() => void show(v)}>Inspect</button>
          {engine ? <button type="button" className="btn small" aria-label={`Copy volume ${v.name} to another engine`} onClick={() => setCopying(v.name)}>Copy to engine…</button> : null}
          <button type="button" className="btn small danger" aria-label={`Remove volume ${v.name}`} onClick={() => void remove(v)}>Remove</button>
        </>
      ),
    },
  ];
  return (
    <section className="page" aria-label="Volumes">
      <div className="page-head">
        <h1>Volumes</h1>
        <span className="sub">{loaded ? `${rows.length} shown` : 'Loading…'}</span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>Create volume…</button>
        <button type="button" className="btn" onClick={() => void prune()}>Prune unused</button>
      </div>
      <VirtualTable label="Volumes list" rows={rows} columns={columns} rowKey={(v) => v.name} rowLabel={(v) => v.name} empty={loaded ? 'No volumes yet — create one, or run a container with a volume mount.' : 'Loading…'} />
      {copying && engine ? <CopyVolumeDialog from={engine} volume={copying} onClose={() => setCopying(undefined)} /> : null}
      {creating ? <CreateVolume onClose={() => setCreating(false)} /> : null}
      {inspect ? <JsonDialog title={inspect.title} json={inspect.json} onClose={() => setInspect(undefined)} onCopy={(t) => void copyText(t)} /> : null}
    </section>
  );
}
