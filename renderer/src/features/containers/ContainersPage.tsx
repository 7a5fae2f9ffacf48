// The containers page: a live, virtualised table grouped by compose project, with row actions and keyboard selection.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { bytes, percent } from '../../lib/format.js';
import { useNow } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { ExternalLink } from '../../ui/ExternalLink.js';
import { RowMenu } from '../../ui/RowMenu.js';
import { Sparkline } from '../../ui/Sparkline.js';
import { StateBadge } from '../../ui/StateDot.js';
import { canRecreate, RecreateDialog, RECREATE_WORDS } from '../moves/dialogs.js';
import { ACTION_WORDS, containerAction } from './actions.js';
import { ROW_POINTS, useOnScreen, useRowStats } from './rowStats.js';
import { containerRows, type ContainerVM, type Row } from './viewModel.js';

const COLS = { gridTemplateColumns: 'minmax(130px, 1.4fr) minmax(110px, 1.1fr) 110px minmax(110px, 1.2fr) 180px 84px 340px' };

/** CPU and memory sparklines of a running container, sampled every few seconds while the row is on screen and the page shown. */
const RowStats = memo(function RowStats({ id, name }: { id: string; name: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(ref);
  const points = useRowStats(id, onScreen);
  const last = points[points.length - 1];
  const cpu = points.map((p) => p.cpu);
  const mem = points.map((p) => p.mem);
  return (
    <div className="rowstats" ref={ref}>
      {last ? (
        <>
          <Sparkline className="spark mini" values={cpu} max={Math.max(5, ...cpu)} points={ROW_POINTS} label={`CPU of ${name}: ${percent(last.cpu)}`} />
          <span className="num">{percent(last.cpu)}</span>
          <Sparkline className="spark mini" values={mem} max={Math.max(...mem) * 1.25} points={ROW_POINTS} label={`Memory of ${name}: ${bytes(last.mem)}`} />
          <span className="num">{bytes(last.mem)}</span>
        </>
      ) : (
        <span className="muted">{onScreen ? 'measuring…' : ''}</span>
      )}
    </div>
  );
});

/** Host ports the Berth VM could not forward (another program has them), with the reason. */
function useFailedForwards(): ReadonlyMap<number, string> {
  const forwards = useStore((s) => s.vmForwards);
  return useMemo(() => new Map(forwards.filter((f) => f.status === 'failed').map((f) => [f.hostPort, f.error?.message ?? 'could not be forwarded'])), [forwards]);
}

function PortLinks({ vm }: { vm: ContainerVM }) {
  const failed = useFailedForwards();
  return (
    <span className="ports">
      {vm.ports.map((p) =>
        p.hostPort !== undefined && failed.has(p.hostPort) ? (
          <span key={p.label} className="mono error-text" title={failed.get(p.hostPort)} aria-label={`${p.label} of ${vm.name} is not forwarded: ${failed.get(p.hostPort)}`}>
            ⚠ {p.label}
          </span>
        ) : p.url ? (
          <ExternalLink key={p.label} href={p.url} aria-label={`Open ${p.label} of ${vm.name}`} className="mono">
            {p.label}
          </ExternalLink>
        ) : (
          <span key={p.label} className="mono muted">
            {p.label}
          </span>
        ),
      )}
    </span>
  );
}

interface RowProps {
  vm: ContainerVM;
  inGroup: boolean;
  selected: boolean;
  onSelect(): void;
  /** Opens "Recreate on engine…" for the row; absent until the window knows which engine it shows. */
  onRecreate: ((vm: ContainerVM) => void) | undefined;
}

const ContainerRowView = memo(function ContainerRowView({ vm, inGroup, selected, onSelect, onRecreate }: RowProps) {
  const navigate = useStore((s) => s.navigate);
  return (
    <div className="tr" role="row" aria-selected={selected} aria-label={vm.name} style={COLS} onClick={onSelect}>
      <div className="cell" role="gridcell" style={inGroup ? { paddingLeft: 18 } : undefined}>
        <button type="button" className="linkish" onClick={() => navigate({ page: 'container', id: vm.id, tab: 'logs' })} title={vm.id}>
          {vm.name}
        </button>{' '}
        {vm.service && inGroup ? <span className="muted">({vm.service})</span> : null}
      </div>
      <div className="cell mono" role="gridcell" title={vm.image}>
        {vm.image}
      </div>
      <div className="cell" role="gridcell" title={vm.status}>
        <StateBadge state={vm.state} word={vm.stateWord} />
      </div>
      <div className="cell" role="gridcell">
        <PortLinks vm={vm} />
      </div>
      <div className="cell" role="gridcell">
        {vm.state === 'running' ? <RowStats id={vm.id} name={vm.name} /> : null}
      </div>
      <div className="cell muted" role="gridcell" title={vm.status}>
        {vm.created}
      </div>
      <div className="cell actions" role="gridcell">
        {vm.actions.map((a) => (
          <button
            key={a}
            type="button"
            className={`btn small${a === 'forceRemove' || a === 'remove' ? ' danger' : ''}`}
            aria-label={`${ACTION_WORDS[a]} ${vm.name}`}
            onClick={(e) => {
              e.stopPropagation();
              void containerAction(a, vm);
            }}
          >
            {ACTION_WORDS[a]}
          </button>
        ))}
        {onRecreate && canRecreate(vm.state) ? <RowMenu label={`More actions for ${vm.name}`} items={[{ label: RECREATE_WORDS, onSelect: () => onRecreate(vm) }]} /> : null}
      </div>
    </div>
  );
});

function GroupRow({ row, onToggle }: { row: Extract<Row, { kind: 'group' }>; onToggle(): void }) {
  return (
    <div className="tr group" role="row" aria-label={`Compose project ${row.project}`} style={COLS}>
      <div className="cell" role="gridcell">
        <button type="button" className="btn icon small" aria-expanded={!row.collapsed} aria-label={`${row.collapsed ? 'Expand' : 'Collapse'} ${row.project}`} onClick={onToggle}>
          {row.collapsed ? '▸' : '▾'}
        </button>{' '}
        {row.project}
      </div>
      <div className="cell muted" role="gridcell">
        compose project
      </div>
      <div className="cell" role="gridcell">
        {row.running}/{row.count} running
      </div>
    </div>
  );
}

export function ContainersPage() {
  const byId = useStore((s) => s.containers.byId);
  const loaded = useStore((s) => s.containers.loaded);
  const filter = useStore((s) => s.filter);
  const openRun = useStore((s) => s.openRun);
  const navigate = useStore((s) => s.navigate);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | undefined>();
  const engine = useStore((s) => s.currentEngine?.id);
  const [recreating, setRecreating] = useState<ContainerVM | undefined>();
  const now = useNow(30_000);
  const portHost = useStore((s) => s.engineStatus?.endpoint.remoteHost);
  const rows = useMemo(() => containerRows(Object.values(byId), { filter, collapsed, now, ...(portHost ? { portHost } : {}) }), [byId, filter, collapsed, now, portHost]);
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 34, overscan: 12 });

  const toggle = (p: string) =>
    setCollapsed((cur) => {
      const next = new Set(cur);
      if (next.has(p)) next.delete(p);
      else next.add(p);
      return next;
    });

  const onKey = (e: KeyboardEvent) => {
    const ids = rows.flatMap((r) => (r.kind === 'container' ? [r.vm.id] : []));
    if (ids.length === 0) return;
    const i = selected ? ids.indexOf(selected) : -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = ids[Math.max(0, Math.min(ids.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      setSelected(next);
      const idx = rows.findIndex((r) => r.kind === 'container' && r.vm.id === next);
      if (idx >= 0) virt.scrollToIndex(idx);
    } else if (e.key === 'Enter' && selected) {
      navigate({ page: 'container', id: selected, tab: 'logs' });
    }
  };

  const total = Object.keys(byId).length;
  return (
    <section className="page" aria-label="Containers">
      <div className="page-head">
        <h1>Containers</h1>
        <span className="sub">
          {loaded ? `${rows.filter((r) => r.kind === 'container').length} shown of ${total}` : 'Loading the list from the engine…'}
        </span>
        <div className="spacer" style={{ flex: 1 }} />
        <button type="button" className="btn primary" onClick={() => openRun()}>
          Run a container…
        </button>
      </div>
      <div className="table" role="grid" aria-label="Containers list" aria-rowcount={rows.length} style={{ flex: 1 }}>
        <div className="thead" role="row" style={COLS}>
          <div role="columnheader">Name</div>
          <div role="columnheader">Image</div>
          <div role="columnheader">State</div>
          <div role="columnheader">Ports</div>
          <div role="columnheader">CPU · Memory</div>
          <div role="columnheader">Created</div>
          <div role="columnheader" style={{ textAlign: 'right' }}>
            Actions
          </div>
        </div>
        <div className="tbody" ref={scroller} tabIndex={0} onKeyDown={onKey} aria-label="Container rows">
          {loaded && total === 0 ? (
            <div className="empty">
              No containers yet — run one from an image, or start one with the <code>docker</code> CLI and it appears here.
            </div>
          ) : null}
          {loaded && total > 0 && rows.length === 0 ? <div className="empty">Nothing matches “{filter}”.</div> : null}
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((item) => {
              const row = rows[item.index] as Row;
              return (
                <div key={row.kind === 'group' ? `g:${row.project}` : row.vm.id} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                  {row.kind === 'group' ? (
                    <GroupRow row={row} onToggle={() => toggle(row.project)} />
                  ) : (
                    <ContainerRowView vm={row.vm} inGroup={row.inGroup} selected={row.vm.id === selected} onSelect={() => setSelected(row.vm.id)} onRecreate={engine ? setRecreating : undefined} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {recreating && engine ? <RecreateDialog from={engine} container={recreating.name} running={recreating.state === 'running'} onClose={() => setRecreating(undefined)} /> : null}
    </section>
  );
}
