// Networks: list with attached containers, create, inspect, remove, prune, and connect/disconnect a container.
import { useMemo, useState } from 'react';
import type { ContainerSummary, NetworkSummary } from '../../../../app/model.js';
import { attempt, info } from '../../lib/attempt.js';
import { copyText } from '../../lib/clipboard.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { JsonDialog } from '../../ui/JsonDialog.js';
import { VirtualTable, type Column } from '../../ui/VirtualTable.js';
import { RowsEditor } from '../../ui/RowsEditor.js';
import { attached, checkNetworkForm, isBuiltIn } from './form.js';

function CreateNetwork({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('bridge');
  const [internal, setInternal] = useState(false);
  const [subnet, setSubnet] = useState('');
  const [gateway, setGateway] = useState('');
  const [labels, setLabels] = useState<{ key: string; value: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = async () => {
    const r = checkNetworkForm({ name, driver, internal, subnet, gateway, labels });
    setErrors(r.errors);
    if (!r.req) return;
    try {
      await client().networks.create(r.req);
      info(`Created network ${r.req.name}`);
      onClose();
    } catch (e) {
      const err = shownError(e);
      const field = err.code === 'NAME_CONFLICT' ? 'name' : err.field && ['name', 'subnet', 'gateway', 'driver'].includes(err.field) ? err.field : 'form';
      setErrors({ [field]: err.message });
    }
  };
  return (
    <Dialog
      title="Create a network"
      onClose={onClose}
      footer={
        <>
          {errors.form ? <span className="error-text" style={{ flex: 1 }} role="alert">{errors.form}</span> : null}
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn primary" onClick={() => void create()}>Create</button>
        </>
      }
    >
      <div className="grid2">
        <Field label="Network name" error={errors.name}>
          <input type="text" className="mono" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Driver" error={errors.driver}>
          <select value={driver} onChange={(e) => setDriver(e.target.value)}>
            {['bridge', 'macvlan', 'ipvlan', 'overlay'].map((d) => (
              <option key={d} value={d}>{d}</option>
            ))}
          </select>
        </Field>
        <Field label="Subnet" error={errors.subnet} hint="Optional, e.g. 172.28.0.0/16">
          <input type="text" className="mono" value={subnet} onChange={(e) => setSubnet(e.target.value)} />
        </Field>
        <Field label="Gateway" error={errors.gateway} hint="Optional, e.g. 172.28.0.1">
          <input type="text" className="mono" value={gateway} onChange={(e) => setGateway(e.target.value)} />
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
        Internal (no route to the outside world)
      </label>
      <RowsEditor legend="Labels" rows={labels} onChange={setLabels} errorKey="labels" errors={errors} keyLabel="Label name" valueLabel="Label value" addLabel="Add label" />
    </Dialog>
  );
}

function ConnectDialog({ network, onClose }: { network: NetworkSummary; onClose(): void }) {
  const containers = useStore((s) => s.containers.byId);
  const choices = useMemo(() => Object.values(containers).filter((c) => !c.networks.includes(network.name)).sort((a, b) => a.name.localeCompare(b.name)), [containers, network.name]);
  const [container, setContainer] = useState(choices[0]?.name ?? '');
  const [aliases, setAliases] = useState('');
  const [error, setError] = useState<string | undefined>();
  const connect = async () => {
    if (!container) return setError('Choose a container');
    try {
      await client().networks.connect({ id: network.id, container, aliases: aliases.split(/[\s,]+/).filter(Boolean) });
      info(`Connected ${container} to ${network.name}`);
      onClose();
    } catch (e) {
      setError(shownError(e).message);
    }
  };
  return (
    <Dialog
      title={`Connect a container to ${network.name}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="button" className="btn primary" onClick={() => void connect()}>Connect</button>
        </>
      }
    >
      <Field label="Container" error={error}>
        <select value={container} onChange={(e) => setContainer(e.target.value)}>
          {choices.map((c) => (
            <option key={c.id} value={c.name}>{c.name} ({c.state})</option>
          ))}
        </select>
      </Field>
      <Field label="Aliases" hint="Other names it answers to on this network, separated by commas">
        <input type="text" className="mono" value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </Field>
    </Dialog>
  );
}

function Members({ n, members }: { n: NetworkSummary; members: ContainerSummary[] }) {
  if (members.length === 0) return <span className="muted">none</span>;
  return (
    <span className="ports">
      {members.map((c) => (
        <span key={c.id} className="rowline" style={{ gap: 2 }}>
          <span>{c.name}</span>
          <button type="button" className="btn icon small" aria-label={`Disconnect ${c.name} from ${n.name}`} onClick={() => void attempt(`Disconnect ${c.name}`, () => client().networks.disconnect({ id: n.id, container: c.id }))}>
            ✕
          </button>
        </span>
      ))}
    </span>
  );
}

export function NetworksPage() {
  const byId = useStore((s) => s.networks.byId);
  const containers = useStore((s) => s.containers.byId);
  const loaded = useStore((s) => s.networks.loaded);
  const filter = useStore((s) => s.filter);
  const [creating, setCreating] = useState(false);
  const [connecting, setConnecting] = useState<NetworkSummary | undefined>();
  const [inspect, setInspect] = useState<{ title: string; json: unknown } | undefined>();
  const cs = useMemo(() => Object.values(containers), [containers]);
  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return Object.values(byId)
      .filter((n) => !f || n.name.toLowerCase().includes(f) || n.driver.includes(f))
      .sort((a, b) => Number(isBuiltIn(b)) - Number(isBuiltIn(a)) || a.name.localeCompare(b.name));
  }, [byId, filter]);
  const remove = async (n: NetworkSummary) => {
    if (await attempt(`Remove network ${n.name}`, () => client().networks.remove({ id: n.id }))) info(`Removed network ${n.name}`);
  };
  const prune = async () => {
    const r = await attempt('Prune networks', () => client().networks.prune());
    if (r) info(`Pruned ${r.deleted.length} unused networks`);
  };
  const show = async (n: NetworkSummary) => {
    const j = await attempt(`Inspect ${n.name}`, () => client().networks.inspect({ id: n.id }));
    if (j) setInspect({ title: `Network ${n.name}`, json: j });
  };
  const columns: Column<NetworkSummary>[] = [
    { key: 'name', title: 'Name', width: 'minmax(140px, 1.2fr)', render: (n) => <span className="mono">{n.name}</span> },
    { key: 'driver', title: 'Driver', width: '80px', render: (n) => n.driver },
    { key: 'subnet', title: 'Subnet', width: '150px', render: (n) => <span className="mono">{n.subnets.join(', ') || '—'}{n.internal ? ' (internal)' : ''}</span> },
    { key: 'members', title: 'Containers', width: 'minmax(200px, 2fr)', render: (n) => <Members n={n} members={attached(n, cs)} /> },
    {
      key: 'actions',
      title: 'Actions',
      width: '250px',
      className: 'actions',
      render: (n) => (
        <>
          {n.name !== 'host' && n.name !== 'none' ? (
            <button type="button" className="btn small" aria-label={`Connect a container to ${n.name}`} onClick={() => setConnecting(n)}>Connect…</button>
          ) : null}
          <button type="button" className="btn small" aria-label={`Inspect network ${n.name}`} onClick={() => void show(n)}>Inspect</button>
          {!isBuiltIn(n) ? (
            <button type="button" className="btn small danger" aria-label={`Remove network ${n.name}`} onClick={() => void remove(n)}>Remove</button>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <section className="page" aria-label="Networks">
      <div className="page-head">
        <h1>Networks</h1>
        <span className="sub">{loaded ? `${rows.length} shown` : 'Loading…'}</span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn primary" onClick={() => setCreating(true)}>Create network…</button>
        <button type="button" className="btn" onClick={() => void prune()}>Prune unused</button>
      </div>
      <VirtualTable label="Networks list" rows={rows} columns={columns} rowKey={(n) => n.id} rowLabel={(n) => n.name} empty={loaded ? 'No networks.' : 'Loading…'} />
      {creating ? <CreateNetwork onClose={() => setCreating(false)} /> : null}
      {connecting ? <ConnectDialog network={connecting} onClose={() => setConnecting(undefined)} /> : null}
      {inspect ? <JsonDialog title={inspect.title} json={inspect.json} onClose={() => setInspect(undefined)} onCopy={(t) => void copyText(t)} /> : null}
    </section>
  );
}
