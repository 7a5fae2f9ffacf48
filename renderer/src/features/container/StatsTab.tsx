// Live stats while the tab is open: CPU, memory against its limit, network and block I/O rates, PIDs, as small charts; reopened when the engine comes back.
import { useEffect, useState } from 'react';
import type { StatsSample } from '../../../../app/model.js';
import { bytes, percent, rate } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Sparkline } from '../../ui/Sparkline.js';
import { addSample, type StatsPoint } from './statsSeries.js';

export function StatsTab({ id, running }: { id: string; running: boolean }) {
  const [points, setPoints] = useState<StatsPoint[]>([]);
  const [error, setError] = useState<string | undefined>();
  const epoch = useStore((s) => s.engineEpoch);
  useEffect(() => {
    if (!running) return;
    setError(undefined);
    let prev: StatsSample | undefined;
    const h = client().containers.stats(
      { id },
      {
        onData: (s) => {
          setPoints((p) => addSample(p, s, { prev }));
          prev = s;
        },
        onEnd: (_r, err) => err && setError(err.message),
      },
    );
    return () => h.close();
  }, [id, running, epoch]);
  if (!running) return <div className="empty">Stats are live while the container runs.</div>;
  const last = points[points.length - 1];
  if (!last) return <div className="empty">{error ?? 'Waiting for the first sample…'}</div>;
  const memLimited = last.memLimit > 0;
  return (
    <div className="cards" aria-label="Live stats">
      <section className="card" aria-label="CPU">
        <h3>CPU</h3>
        <span className="big">{percent(last.cpu)}</span>
        <Sparkline values={points.map((p) => p.cpu)} label="CPU over the last minute" />
      </section>
      <section className="card" aria-label="Memory">
        <h3>Memory</h3>
        <span className="big">
          {bytes(last.mem)} {memLimited ? <span className="muted">of {bytes(last.memLimit)}</span> : null}
        </span>
        <Sparkline values={points.map((p) => p.mem)} max={memLimited ? last.memLimit : undefined} label="Memory over the last minute" />
      </section>
      <section className="card" aria-label="Network">
        <h3>Network (in / out)</h3>
        <span className="big">
          {rate(last.rx)} <span className="muted">/ {rate(last.tx)}</span>
        </span>
        <Sparkline values={points.map((p) => p.rx)} second={points.map((p) => p.tx)} label="Network over the last minute" />
      </section>
      <section className="card" aria-label="Block I/O">
        <h3>Block I/O (read / write)</h3>
        <span className="big">
          {rate(last.blkR)} <span className="muted">/ {rate(last.blkW)}</span>
        </span>
        <Sparkline values={points.map((p) => p.blkR)} second={points.map((p) => p.blkW)} label="Block I/O over the last minute" />
      </section>
      <section className="card" aria-label="Processes">
        <h3>PIDs</h3>
        <span className="big">{last.pids}</span>
        <Sparkline values={points.map((p) => p.pids)} label="PIDs over the last minute" />
      </section>
    </div>
  );
}
