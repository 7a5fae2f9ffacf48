// One image: its config (Env, Cmd, Entrypoint, exposed ports, working dir, labels) and its layers with sizes; read again when the engine comes back.
import { useEffect, useMemo, useState } from 'react';
import { ago, bytes, shortId } from '../../lib/format.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { imageDetails } from './viewModel.js';
import { visible } from '../../lib/visible.js';

interface History {
  id: string;
  created: number;
  createdBy: string;
  size: number;
  comment: string;
  tags: string[];
}

export function ImagePage({ id }: { id: string }) {
  const summary = useStore((s) => s.images.byId[id]);
  const navigate = useStore((s) => s.navigate);
  const openRun = useStore((s) => s.openRun);
  const [json, setJson] = useState<Record<string, unknown> | undefined>();
  const [history, setHistory] = useState<History[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [raw, setRaw] = useState(false);
  const epoch = useStore((s) => s.engineEpoch);
  useEffect(() => {
    let live = true;
    client()
      .images.inspect({ id })
      .then(
        (j) => {
          if (!live) return;
          setJson(j);
          setError(undefined);
        },
        (e: unknown) => live && setError(shownError(e).message),
      );
    client().images.history({ id }).then((h) => live && setHistory(h), () => undefined);
    return () => {
      live = false;
    };
  }, [id, epoch]);
  const d = useMemo(() => (json ? imageDetails(json) : undefined), [json]);
  const name = summary?.repoTags[0] ?? shortId(id);
  return (
    <section className="page" aria-label={`Image ${name}`}>
      <div className="page-head">
        <button type="button" className="btn icon" aria-label="Back to images" onClick={() => navigate({ page: 'images' })}>
          ←
        </button>
        <h1 className="mono">{name}</h1>
        <code className="muted">{shortId(id)}</code>
        {summary ? <span className="muted">{bytes(summary.size)} · {ago(summary.created)}</span> : null}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn primary" onClick={() => openRun({ image: summary?.repoTags[0] ?? id })}>
          Run…
        </button>
        <button type="button" className="btn" aria-pressed={raw} onClick={() => setRaw((r) => !r)}>
          {raw ? 'Summary' : 'Full JSON'}
        </button>
      </div>
      {error ? <div className="error-text" role="status" aria-label="Image error">{error}</div> : null}
      {raw && json ? <pre className="json mono">{JSON.stringify(json, null, 2)}</pre> : null}
      {!raw && d ? (
        <div className="cards" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))' }}>
          <section className="card" aria-label="Config">
            <h3>Config</h3>
            <dl className="kv">
              <dt>Cmd</dt>
              <dd><code>{visible(d.cmd) || '—'}</code></dd>
              <dt>Entrypoint</dt>
              <dd><code>{visible(d.entrypoint) || '—'}</code></dd>
              <dt>Working dir</dt>
              <dd><code>{d.workdir}</code></dd>
              <dt>User</dt>
              <dd>{d.user}</dd>
              <dt>Exposed ports</dt>
              <dd>{d.exposed.join(', ') || '—'}</dd>
              <dt>Platform</dt>
              <dd>{d.os}/{d.architecture}</dd>
              <dt>Layers</dt>
              <dd>{d.layers}</dd>
              <dt>Tags</dt>
              <dd>{summary?.repoTags.join(', ') || '—'}</dd>
            </dl>
          </section>
          <section className="card" aria-label="Environment">
            <h3>Env</h3>
            {d.env.map((e) => (
              <code key={e} style={{ overflowWrap: 'anywhere' }}>{visible(e)}</code>
            ))}
            <h3 style={{ marginTop: 8 }}>Labels</h3>
            {d.labels.length ? d.labels.map(([k, v]) => <code key={k} style={{ overflowWrap: 'anywhere' }}>{visible(`${k}=${v}`)}</code>) : <span className="muted">none</span>}
          </section>
        </div>
      ) : null}
      {!raw ? (
        <section className="card" aria-label="History">
          <h3>Layers (newest first)</h3>
          <div className="table" role="table" aria-label="Image history">
            {(history ?? []).map((h, i) => (
              <div key={`${h.id}-${i}`} className="tr" role="row" style={{ gridTemplateColumns: '90px 110px 1fr', height: 'auto', minHeight: 30, padding: '4px 10px' }}>
                <div role="cell">{bytes(h.size)}</div>
                <div role="cell" className="muted">{ago(h.created)}</div>
                <div role="cell" className="mono" style={{ overflowWrap: 'anywhere' }}>{visible(h.createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, ''))}</div>
              </div>
            ))}
          </div>
        </section>
      ) : null}
    </section>
  );
}
