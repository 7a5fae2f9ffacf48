// All engines: the containers, images and volumes of every connected engine together, grouped by engine; each action
// goes to the engine that owns the object (a client bound to it), whichever engine the window shows.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from '../../store/index.js';
import { client, clientOn } from '../../transport/index.js';
import { applyEngineDelta, emptyObjects, groupByEngine, type EngineObjects } from './allEngines.js';
import { ContainerRows, ImageRows, VolumeRows } from './EngineLists.js';
import { engineLine } from './slice.js';

/** Every up engine's containers, images and volumes, kept live while the page is open (engines.hold + tagged deltas). */
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
      c.volumes.changed((d) => d.engine && ids.includes(d.engine) && setObjects((o) => applyEngineDelta(o, d.engine as string, 'volumes', d))),
    ];
    for (const id of ids) {
      const e = clientOn(id);
      void Promise.all([e.containers.list({ all: true }), e.images.list(), e.volumes.list()]).then(
        ([containers, images, volumes]) => live && setObjects((o) => ({ ...o, [id]: emptyObjects({ containers, images, volumes }) })),
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
        <span className="sub">The containers, images and volumes of every engine that answers, each acted on where it lives.</span>
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
      <h2>Volumes</h2>
      {groups.map((g) => (g.error ? null : <VolumeRows key={g.engine.id} engine={g.engine} rows={g.volumes} />))}
    </div>
  );
}
