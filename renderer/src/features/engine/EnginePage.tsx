// The engine page: endpoint and state, version, drivers, cgroups, kernel, security options; disk use with reclaim.
import { useCallback, useEffect, useState } from 'react';
import type { DiskUsage } from '../../../../app/model.js';
import { attempt, info } from '../../lib/attempt.js';
import { bytes, duration } from '../../lib/format.js';
import { isUnsupported } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Kv } from '../../ui/Kv.js';
import { DataDiskCard } from './DataDiskCard.js';

type PruneKey = 'containers' | 'images' | 'volumes' | 'buildCache';
const DF_ROWS: { key: keyof DiskUsage; title: string; prune: PruneKey; what: string }[] = [
  { key: 'images', title: 'Images', prune: 'images', what: 'dangling images' },
  { key: 'containers', title: 'Containers', prune: 'containers', what: 'stopped containers' },
  { key: 'volumes', title: 'Local volumes', prune: 'volumes', what: 'unused volumes' },
  { key: 'buildCache', title: 'Build cache', prune: 'buildCache', what: 'unused build cache' },
];

export function EnginePage() {
  const status = useStore((s) => s.engineStatus);
  const version = useStore((s) => s.engineVersion);
  const infoFacts = useStore((s) => s.engineInfo);
  const df = useStore((s) => s.diskUsage);
  // The VM's data disk belongs on the page of the VM's engine, not on another engine's (the VM is at hand beside it).
  const hasVm = useStore((s) => s.vmSupport === 'yes' && s.engineStatus?.endpoint.kind === 'vm');
  const setFacts = useStore((s) => s.setEngineFacts);
  const [dfBusy, setDfBusy] = useState(false);
  const up = status?.state === 'up';

  const load = useCallback(() => {
    const c = client().engine;
    c.version().then((v) => setFacts({ version: v }), () => undefined);
    c.info().then((i) => setFacts({ info: i }), () => undefined);
    setDfBusy(true);
    c.df()
      .then((d) => setFacts({ df: d }))
      .catch((e: unknown) => isUnsupported(e) || undefined)
      .finally(() => setDfBusy(false));
  }, [setFacts]);
  // Again each time the engine can be reached again (it may have restarted with other facts).
  const epoch = useStore((s) => s.engineEpoch);
  useEffect(() => {
    if (up) load();
  }, [up, load, epoch]);

  const reclaim = async (key: PruneKey, what: string) => {
    const r = await attempt(`Reclaim ${what}`, () => client().engine.prune({ [key]: true }));
    if (r) info(`Reclaimed ${bytes(r.spaceReclaimed)} from ${what}`);
    load();
  };

  return (
    <section className="page" aria-label="Engine">
      <div className="page-head">
        <h1>Engine</h1>
        <span className="state">
          <span className={`dot ${status?.state ?? 'connecting'}`} aria-hidden="true" />
          {status ? (status.state === 'up' ? `up for ${duration(Date.now() - status.since)}` : status.state) : 'connecting'}
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn" onClick={load} disabled={!up}>
          Refresh
        </button>
      </div>
      {status?.reason && status.state !== 'up' ? <div className="error-text">{status.reason}</div> : null}
      <div className="cards" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
        <section className="card" aria-label="Endpoint">
          <h3>Endpoint</h3>
          <Kv rows={[['Kind', status?.endpoint.label], ['Address', status?.endpoint.address], ['Engine', version ? `Docker Engine ${version.version} (API ${version.apiVersion})` : status?.version], ['Platform', version ? `${version.os}/${version.arch}` : undefined], ['Go', version?.goVersion], ['Commit', version?.gitCommit]]} />
        </section>
        <section className="card" aria-label="Drivers">
          <h3>Drivers</h3>
          <Kv
            rows={[
              ['Storage driver', infoFacts?.storageDriver],
              ['Logging driver', infoFacts?.loggingDriver],
              ['Cgroup driver', infoFacts?.cgroupDriver],
              ['Cgroup version', infoFacts?.cgroupVersion],
              ['Runtimes', infoFacts ? `${infoFacts.runtimes.join(', ')} (default ${infoFacts.defaultRuntime})` : undefined],
              ['Root dir', infoFacts?.dockerRootDir],
            ]}
          />
        </section>
        <section className="card" aria-label="Host">
          <h3>Host</h3>
          <Kv
            rows={[
              ['Name', infoFacts?.name],
              ['Operating system', infoFacts?.operatingSystem],
              ['Kernel', infoFacts?.kernelVersion ?? version?.kernelVersion],
              ['Architecture', infoFacts?.architecture],
              ['CPUs', infoFacts ? String(infoFacts.cpus) : undefined],
              ['Memory', infoFacts ? bytes(infoFacts.memTotal) : undefined],
            ]}
          />
        </section>
        <section className="card" aria-label="Security options">
          <h3>Security options</h3>
          {infoFacts ? (
            infoFacts.securityOptions.length ? (
              infoFacts.securityOptions.map((o) => <code key={o}>{o}</code>)
            ) : (
              <span className="muted">none</span>
            )
          ) : (
            <span className="muted">—</span>
          )}
          {infoFacts?.warnings.length ? (
            <>
              <h3 style={{ marginTop: 8 }}>Warnings</h3>
              {infoFacts.warnings.map((w) => (
                <span key={w} className="muted">{w}</span>
              ))}
            </>
          ) : null}
        </section>
        <section className="card" aria-label="Objects">
          <h3>Objects</h3>
          <Kv
            rows={[
              ['Containers', infoFacts ? `${infoFacts.containers} (${infoFacts.containersRunning} running, ${infoFacts.containersPaused} paused, ${infoFacts.containersStopped} stopped)` : undefined],
              ['Images', infoFacts ? String(infoFacts.images) : undefined],
            ]}
          />
        </section>
      </div>
      <section className="card" aria-label="Disk usage">
        <h3>Disk usage {dfBusy ? <span className="muted">(measuring…)</span> : null}</h3>
        <div className="table" role="table" aria-label="Disk usage by kind">
          <div className="thead" role="row" style={{ gridTemplateColumns: '1.2fr 1fr 1fr 1fr 1fr 200px' }}>
            {['Kind', 'Count', 'Active', 'Size', 'Reclaimable', ''].map((h) => (
              <div key={h || 'a'} role="columnheader">{h}</div>
            ))}
          </div>
          {DF_ROWS.map((r) => {
            const row = df?.[r.key];
            return (
              <div key={r.key} className="tr" role="row" aria-label={r.title} style={{ gridTemplateColumns: '1.2fr 1fr 1fr 1fr 1fr 200px' }}>
                <div role="cell">{r.title}</div>
                <div role="cell">{row ? row.count : '—'}</div>
                <div role="cell">{row ? row.active : '—'}</div>
                <div role="cell">{row ? bytes(row.size) : '—'}</div>
                <div role="cell">{row ? `${bytes(row.reclaimable)}${row.size > 0 ? ` (${Math.round((row.reclaimable / row.size) * 100)} %)` : ''}` : '—'}</div>
                <div role="cell" className="cell actions">
                  <button type="button" className="btn small" disabled={!row || row.reclaimable === 0} aria-label={`Reclaim ${r.what}`} onClick={() => void reclaim(r.prune, r.what)}>
                    Reclaim
                  </button>
                </div>
              </div>
            );
          })}
        </div>
      </section>
      {hasVm ? <DataDiskCard epoch={epoch} /> : null}
    </section>
  );
}
