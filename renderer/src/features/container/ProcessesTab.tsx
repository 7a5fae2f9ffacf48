// Processes (`docker top`): refreshed every few seconds while the tab is open, or by hand.
import { useCallback, useEffect, useState } from 'react';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';

export function ProcessesTab({ id, running }: { id: string; running: boolean }) {
  const [top, setTop] = useState<{ titles: string[]; processes: string[][] } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [auto, setAuto] = useState(true);
  const epoch = useStore((s) => s.engineEpoch);
  const load = useCallback(() => {
    client()
      .containers.top({ id })
      .then((t) => {
        setTop(t);
        setError(undefined);
      })
      .catch((e: unknown) => setError(shownError(e).message));
  }, [id]);
  useEffect(() => {
    if (!running) return;
    load();
    if (!auto) return;
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, [running, auto, load, epoch]);
  if (!running) return <div className="empty">Processes show while the container runs.</div>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 0 }}>
      <div className="toolbar">
        <button type="button" className="btn" onClick={load}>
          Refresh
        </button>
        <label className="check">
          <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          Every 3 s
        </label>
        {error ? <span className="error-text">{error}</span> : null}
      </div>
      {top ? (
        <div className="table" role="table" aria-label="Processes" style={{ overflow: 'auto' }}>
          <div className="thead" role="row" style={{ gridTemplateColumns: `repeat(${top.titles.length}, minmax(60px, auto))` }}>
            {top.titles.map((t) => (
              <div key={t} role="columnheader">
                {t}
              </div>
            ))}
          </div>
          {top.processes.map((p, i) => (
            <div key={i} className="tr mono" role="row" style={{ gridTemplateColumns: `repeat(${top.titles.length}, minmax(60px, auto))` }}>
              {p.map((c, j) => (
                <div key={j} className="cell" role="cell" title={c}>
                  {c}
                </div>
              ))}
            </div>
          ))}
        </div>
      ) : (
        <div className="empty">Loading…</div>
      )}
    </div>
  );
}
