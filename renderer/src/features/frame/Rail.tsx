// The left rail: one link per section with its count or state dot.
import { useShallow } from 'zustand/react/shallow';
import { formatRoute, railPage, type Page } from '../../lib/route.js';
import { useStore } from '../../store/index.js';

function useCounts() {
  return useStore(
    useShallow((s) => {
      let running = 0;
      const cs = Object.values(s.containers.byId);
      for (const c of cs) if (c.state === 'running') running++;
      return {
        containers: s.containers.loaded ? `${running}/${cs.length}` : '',
        images: s.images.loaded ? String(Object.keys(s.images.byId).length) : '',
        volumes: s.volumes.loaded ? String(Object.keys(s.volumes.byId).length) : '',
        networks: s.networks.loaded ? String(Object.keys(s.networks.byId).length) : '',
        engine: s.link !== 'open' ? 'closed' : (s.engineStatus?.state ?? 'connecting'),
      };
    }),
  );
}

const ENTRIES: { page: Page; title: string; countTitle?: string }[] = [
  { page: 'containers', title: 'Containers', countTitle: 'running of all' },
  { page: 'images', title: 'Images' },
  { page: 'volumes', title: 'Volumes' },
  { page: 'networks', title: 'Networks' },
  { page: 'engine', title: 'Engine' },
];

export function Rail() {
  const counts = useCounts();
  const current = useStore((s) => railPage(s.route));
  const navigate = useStore((s) => s.navigate);
  const engineWord = counts.engine === 'up' ? 'up' : counts.engine === 'connecting' ? 'connecting' : 'down';
  return (
    <nav className="rail" aria-label="Sections">
      <div className="brand">
        <span aria-hidden="true">⚓</span> Berth
      </div>
      {ENTRIES.map((e) => (
        <a
          key={e.page}
          href={formatRoute({ page: e.page })}
          aria-current={current === e.page ? 'page' : undefined}
          onClick={(ev) => {
            ev.preventDefault();
            navigate({ page: e.page });
          }}
        >
          {e.page === 'engine' ? <span className={`dot ${counts.engine}`} aria-hidden="true" /> : null}
          <span>{e.title}</span>
          {e.page === 'engine' ? (
            <span className="count">{engineWord}</span>
          ) : (
            <span className="count" title={e.countTitle}>
              {counts[e.page]}
            </span>
          )}
        </a>
      ))}
    </nav>
  );
}
