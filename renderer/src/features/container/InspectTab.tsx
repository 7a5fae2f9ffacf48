// Inspect: a summary of what matters (ports, mounts, limits, namespaces, logging, restart) and the full JSON.
import { useMemo, useState } from 'react';
import { inspectSummary } from './inspectSummary.js';
import { copyText } from '../../lib/clipboard.js';
import { visible } from '../../lib/visible.js';
import { Kv } from '../../ui/Kv.js';
import { useStore } from '../../store/index.js';

export function InspectTab({ json, error }: { json: Record<string, unknown> | undefined; error: string | undefined }) {
  const [raw, setRaw] = useState(false);
  // On the Berth VM each bind says whether it shows the host's files (a shared folder) or a VM directory.
  const vmShares = useStore((st) => (st.engineStatus?.endpoint.kind === 'vm' ? st.vmStatus?.shares : undefined));
  const mounted = useMemo(() => vmShares?.filter((x) => x.state === 'mounted').map((x) => x.path), [vmShares]);
  const s = useMemo(() => (json ? inspectSummary(json, mounted) : undefined), [json, mounted]);
  if (!json || !s) return <div className="empty">{error ?? 'Loading…'}</div>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10, overflow: 'auto' }}>
      <div className="toolbar">
        <button type="button" className="btn" aria-pressed={raw} onClick={() => setRaw((r) => !r)}>
          {raw ? 'Show summary' : 'Show full JSON'}
        </button>
        <button type="button" className="btn" onClick={() => void copyText(JSON.stringify(json, null, 2))}>
          Copy JSON
        </button>
      </div>
      {raw ? (
        <pre className="json mono" aria-label="Inspect JSON">
          {JSON.stringify(json, null, 2)}
        </pre>
      ) : (
        <div className="cards" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))' }}>
          <section className="card" aria-label="Summary">
            <h3>Container</h3>
            <Kv
              rows={[
                ['Id', <code key="i">{s.id.slice(0, 12)}</code>],
                ['Image', <code key="m">{s.image}</code>],
                ['Command', <code key="c">{visible(s.command)}</code>],
                ['Entrypoint', <code key="e">{visible(s.entrypoint) || '—'}</code>],
                ['Working dir', <code key="w">{s.workdir}</code>],
                ['User', s.user],
                ['Hostname', s.hostname],
                ['Terminal', s.tty ? (s.interactive ? 'yes, interactive (-ti)' : 'yes (-t)') : 'no'],
                ['Restart policy', s.restart],
                ['Started', s.startedAt ?? '—'],
              ]}
            />
          </section>
          <section className="card" aria-label="Ports">
            <h3>Ports</h3>
            {s.ports.length ? s.ports.map((p) => <code key={p}>{p}</code>) : <span className="muted">none</span>}
            <h3 style={{ marginTop: 8 }}>Networks</h3>
            {s.networks.map((n) => (
              <span key={n.name}>
                {n.name} <code>{n.ip || '—'}</code> {n.aliases.length ? <span className="muted">aliases {n.aliases.join(', ')}</span> : null}
              </span>
            ))}
          </section>
          <section className="card" aria-label="Limits">
            <h3>Limits</h3>
            <Kv rows={s.limits.map((l) => [l.label, l.value])} />
            <h3 style={{ marginTop: 8 }}>Security</h3>
            <Kv rows={[['Privileged', s.privileged ? 'yes' : 'no'], ['Added capabilities', s.capAdd.join(', ') || '—'], ['Dropped capabilities', s.capDrop.join(', ') || '—']]} />
          </section>
          <section className="card" aria-label="Namespaces">
            <h3>Namespaces</h3>
            <Kv rows={s.namespaces.map((n) => [n.label, n.value])} />
            <h3 style={{ marginTop: 8 }}>Logging</h3>
            <span>{s.log}</span>
          </section>
          <section className="card" aria-label="Mounts">
            <h3>Mounts</h3>
            {s.mounts.length ? s.mounts.map((m) => <code key={m}>{m}</code>) : <span className="muted">none</span>}
          </section>
          <section className="card" aria-label="Environment">
            <h3>Environment</h3>
            {s.env.map((e) => (
              <code key={e} style={{ overflowWrap: 'anywhere' }}>
                {visible(e)}
              </code>
            ))}
            <h3 style={{ marginTop: 8 }}>Labels</h3>
            {s.labels.length ? (
              s.labels.map(([k, v]) => (
                <code key={k} style={{ overflowWrap: 'anywhere' }}>
                  {visible(`${k}=${v}`)}
                </code>
              ))
            ) : (
              <span className="muted">none</span>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
