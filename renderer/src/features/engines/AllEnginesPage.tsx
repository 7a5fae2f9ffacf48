// All engines: the containers and images of every connected engine together, grouped by engine; each action goes to
// the engine that owns the object (a client bound to it), whichever engine the window shows.
import { useEffect, useMemo, useState } from 'react';
import type { EngineEntry } from '../../../../app/engines.js';
import type { ContainerSummary, ImageSummary } from '../../../../app/model.js';
import { attempt, info } from '../../lib/attempt.js';
import { bytes } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { client, clientOn } from '../../transport/index.js';
import { RowMenu } from '../../ui/RowMenu.js';
import { canRecreate, CopyImageDialog, RecreateDialog, RECREATE_WORDS } from '../moves/dialogs.js';
import { applyEngineDelta, emptyObjects, groupByEngine, type EngineObjects } from './allEngines.js';
import { engineLine } from './slice.js';
import { switchEngine } from './switch.js';

/** Every up engine's containers and images, kept live while the page is open (engines.hold + tagged deltas). */
function useAllEngines(ids: readonly string[]): Record<string, EngineObjects> {
  const [objects, setObjects] = useState<Record<string, EngineObjects>>({});
  const key = ids.join('\n');
  useEffect(() => {
    if (ids.length === 0) return;
    const c = client();
    let live = true;
    const hold = c.engines.hold({ ids: [...ids] }, { onData: () => undefined, onEnd: () => undefined });
    const offs = [
      c.containers.changed((d) => d.engine && ids.includes(d.engine) && setObjects((o) => applyEngineDelta(o, d.engine as string, 'containers', d))),
      c.images.changed((d) => d.engine && ids.includes(d.engine) && setObjects((o) => applyEngineDelta(o, d.engine as string, 'images', d))),
    ];
    for (const id of ids) {
      const e = clientOn(id);
      void Promise.all([e.containers.list({ all: true }), e.images.list()]).then(
        ([containers, images]) => live && setObjects((o) => ({ ...o, [id]: emptyObjects({ containers, images }) })),
        (err: unknown) => live && setObjects((o) => ({ ...o, [id]: { ...emptyObjects(), error: err instanceof Error ? err.message : String(err) } })),
      );
    }
    return () => {
      live = false;
      hold.close();
      for (const off of offs) off();
    };
    // `key` stands for `ids`: the same engines keep the same hold.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return objects;
}

function ContainerRows({ engine, rows, current }: { engine: EngineEntry; rows: ContainerSummary[]; current: boolean }) {
  const on = clientOn(engine.id);
  const act = (what: string, c: ContainerSummary, fn: () => Promise<unknown>) => attempt(`${what} ${c.name} on ${engine.name}`, fn);
  const [recreating, setRecreating] = useState<ContainerSummary | undefined>();
  return (
    <section aria-label={`Containers on ${engine.name}`} className="all-engines-group">
      <h3>
        {engine.name} <span className="muted">{engineLine(engine)}</span>{' '}
        {current ? (
          <span className="engine-tag">shown in the window</span>
        ) : (
          <button type="button" className="btn small" aria-label={`Show ${engine.name} in the window`} onClick={() => void switchEngine(engine.id)}>
            Switch to {engine.name}
          </button>
        )}
      </h3>
      {rows.length === 0 ? <p className="muted">No containers.</p> : null}
      <table className="plain">
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} aria-label={`${c.name} on ${engine.name}`}>
              <td>
                <span className={`dot ${c.state}`} aria-hidden="true" /> <span className="mono">{c.name}</span>
              </td>
              <td className="mono muted">{c.image}</td>
              <td className="muted">{c.status}</td>
              <td>
                <span className="engine-tag">{engine.name}</span>
              </td>
              <td className="actions">
                {c.state === 'running' ? (
                  <button type="button" className="btn small" aria-label={`Stop ${c.name} on ${engine.name}`} onClick={() => void act('Stop', c, () => on.containers.stop({ id: c.id }))}>
                    Stop
                  </button>
                ) : (
                  <button type="button" className="btn small" aria-label={`Start ${c.name} on ${engine.name}`} onClick={() => void act('Start', c, () => on.containers.start({ id: c.id }))}>
                    Start
                  </button>
                )}
                <button type="button" className="btn small" aria-label={`Restart ${c.name} on ${engine.name}`} onClick={() => void act('Restart', c, () => on.containers.restart({ id: c.id }))}>
                  Restart
                </button>
                <button
                  type="button"
                  className="btn small danger"
                  aria-label={`Remove ${c.name} on ${engine.name}`}
                  onClick={() => void act('Remove', c, () => on.containers.remove({ id: c.id, force: c.state === 'running' })).then((r) => r && info(`Removed ${c.name} on ${engine.name}`))}
                >
                  Remove
                </button>
                {canRecreate(c.state) ? <RowMenu label={`More actions for ${c.name} on ${engine.name}`} items={[{ label: RECREATE_WORDS, onSelect: () => setRecreating(c) }]} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {recreating ? <RecreateDialog from={engine.id} container={recreating.name} running={recreating.state === 'running'} onClose={() => setRecreating(undefined)} /> : null}
    </section>
  );
}

function ImageRows({ engine, rows }: { engine: EngineEntry; rows: ImageSummary[] }) {
  const on = clientOn(engine.id);
  const [copying, setCopying] = useState<string | undefined>();
  return (
    <section aria-label={`Images on ${engine.name}`} className="all-engines-group">
      <h3>{engine.name}</h3>
      {rows.length === 0 ? <p className="muted">No images.</p> : null}
      <table className="plain">
        <tbody>
          {rows.map((i) => {
            const name = i.repoTags[0] ?? i.id.replace(/^sha256:/, '').slice(0, 12);
            return (
              <tr key={i.id} aria-label={`${name} on ${engine.name}`}>
                <td className="mono">{name}</td>
                <td className="muted">{bytes(i.size)}</td>
                <td>
                  <span className="engine-tag">{engine.name}</span>
                </td>
                <td className="actions">
                  <button type="button" className="btn small" aria-label={`Copy image ${name} on ${engine.name} to another engine`} onClick={() => setCopying(i.repoTags[0] ?? i.id)}>
                    Copy to engine…
                  </button>
                  <button
                    type="button"
                    className="btn small danger"
                    aria-label={`Remove image ${name} on ${engine.name}`}
                    onClick={() => void attempt(`Remove ${name} on ${engine.name}`, () => on.images.remove({ id: i.id, force: false, noPrune: false })).then((r) => r && info(`Removed ${name} on ${engine.name}`))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {copying ? <CopyImageDialog from={engine.id} image={copying} onClose={() => setCopying(undefined)} /> : null}
    </section>
  );
}

export function AllEnginesPage() {
  const engines = useStore((s) => s.engines);
  const current = useStore((s) => s.currentEngine?.id);
  const filter = useStore((s) => s.filter);
  const up = useMemo(() => engines.filter((e) => e.state === 'up'), [engines]);
  const objects = useAllEngines(useMemo(() => up.map((e) => e.id), [up]));
  const groups = useMemo(() => groupByEngine(up, objects, filter), [up, objects, filter]);
  const down = engines.filter((e) => e.state !== 'up');
  return (
    <div className="page all-engines">
      <header className="page-head">
        <h1>All engines</h1>
        <span className="sub">The containers and images of every engine that answers, each acted on where it lives.</span>
      </header>
      {down.length ? (
        <ul aria-label="Engines not shown" className="muted">
          {down.map((e) => (
            <li key={e.id}>
              {e.name}: {engineLine(e)}
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Containers</h2>
      {groups.map((g) =>
        g.error ? (
          <p key={g.engine.id} className="error-text">
            {g.engine.name}: {g.error}
          </p>
        ) : (
          <ContainerRows key={g.engine.id} engine={g.engine} rows={g.containers} current={g.engine.id === current} />
        ),
      )}
      <h2>Images</h2>
      {groups.map((g) => (g.error ? null : <ImageRows key={g.engine.id} engine={g.engine} rows={g.images} />))}
    </div>
  );
}
