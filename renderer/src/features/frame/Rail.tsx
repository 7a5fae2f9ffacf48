// The left rail: one link per section with its count or state dot (engine up/down, VM starting/running/failed).
import { useShallow } from 'zustand/react/shallow';
import { formatRoute, railPage, type Page } from '../../lib/route.js';
import { useStore } from '../../store/index.js';
import { railWord } from '../vm/viewModel.js';

function useCounts() {
  return useStore(
    useShallow((s) => {
      let running = 0;
      const cs = Object.values(s.containers.byId);
      for (const c of cs) if (c.state === 'running') running++;
      const vm = railWord(s.vmSupport, s.vmStatus);
      return {
        containers: s.containers.loaded ? `${running}/${cs.length}` : '',
        images: s.images.loaded ? String(Object.keys(s.images.byId).length) : '',
        volumes: s.volumes.loaded ? String(Object.keys(s.volumes.byId).length) : '',
        networks: s.networks.loaded ? String(Object.keys(s.networks.byId).length) : '',
        engine: s.link !== 'open' ? 'closed' : (s.engineStatus?.state ?? 'connecting'),
        vmWord: vm.word,
        vmDot: vm.dot,
      };
    }),
  );
}

const ENTRIES: { page: Page; title: string; countTitle?: string }[] = [
  { page: 'containers', title: 'Containers', countTitle: 'running of all' },
  { page: 'images', title: 'Images' },
  { page: 'volumes', title: 'Volumes' },
  { page: 'networks', title: 'Networks' },
  { page: 'all', title: 'All engines' },
  { page: 'engine', title: 'Engine' },
  { page: 'vm', title: 'VM' },
  { page: 'settings', title: 'Settings' },
];

export function Rail() {
  const counts = useCounts();
  const current = useStore((s) => railPage(s.route));
  const navigate = useStore((s) => s.navigate);
  const engineWord = counts.engine === 'up' ? 'up' : counts.engine === 'connecting' ? 'connecting' : 'down';
  const count = (page: Page) => {
    switch (page) {
      case 'engine':
        return engineWord;
      case 'vm':
        return counts.vmWord;
      case 'settings':
      case 'all':
        return '';
      default:
        return counts[page];
    }
  };
  const dot = (page: Page) => (page === 'engine' ? counts.engine : page === 'vm' ? counts.vmDot : undefined);
  return (
    <nav className="rail" aria-label="Sections">
      <div className="brand">
        <span aria-hidden="true">⚓</span> Berth
      </div>
      {ENTRIES.map((e) => {
        const d = dot(e.page);
        return (
          <a
            key={e.page}
            href={formatRoute({ page: e.page })}
            aria-current={current === e.page ? 'page' : undefined}
            className={e.page === 'settings' ? 'rail-bottom' : undefined}
            onClick={(ev) => {
              ev.preventDefault();
              navigate({ page: e.page });
            }}
          >
            {d !== undefined ? <span className={`dot ${d}`} aria-hidden="true" /> : null}
            <span>{e.title}</span>
            <span className="count" title={e.countTitle}>
              {count(e.page)}
            </span>
          </a>
        );
      })}
    </nav>
  );
}
