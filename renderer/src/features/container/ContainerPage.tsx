// A container as a page: header with state, ports and actions (Commit… among them); tabs Logs, Terminal, Stats, Inspect, Processes, Changes.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ContainerSummary } from '../../../../app/model.js';
import type { ContainerTab } from '../../lib/route.js';
import { useStore } from '../../store/index.js';
import { ExternalLink } from '../../ui/ExternalLink.js';
import { StateBadge } from '../../ui/StateDot.js';
import { Tabs } from '../../ui/Tabs.js';
import { ACTION_WORDS, containerAction } from '../containers/actions.js';
import { toContainerVM } from '../containers/viewModel.js';
import { LogView } from '../logs/LogView.js';
import { canRecreate, RecreateDialog, RECREATE_WORDS } from '../moves/dialogs.js';
import { TerminalView } from '../terminal/TerminalView.js';
import { ChangesTab } from './ChangesTab.js';
import { CommitDialog } from './CommitDialog.js';
import { InspectTab } from './InspectTab.js';
import { ProcessesTab } from './ProcessesTab.js';
import { PublishPort } from './PublishPort.js';
import { StatsTab } from './StatsTab.js';
import { useInspect } from './useInspect.js';
import { uptimeText } from './uptime.js';
import { useNow } from '../../lib/useNow.js';

const TABS: { id: ContainerTab; title: string }[] = [
  { id: 'logs', title: 'Logs' },
  { id: 'terminal', title: 'Terminal' },
  { id: 'stats', title: 'Stats' },
  { id: 'inspect', title: 'Inspect' },
  { id: 'processes', title: 'Processes' },
  { id: 'changes', title: 'Changes' },
];

function findContainer(byId: Record<string, ContainerSummary>, ref: string): ContainerSummary | undefined {
  return byId[ref] ?? Object.values(byId).find((c) => c.id.startsWith(ref) || c.name === ref);
}

export function ContainerPage({ id: ref, tab }: { id: string; tab: ContainerTab }) {
  const c = useStore(useShallow((s) => findContainer(s.containers.byId, ref)));
  const loaded = useStore((s) => s.containers.loaded);
  const navigate = useStore((s) => s.navigate);
  const openDockTab = useStore((s) => s.openDockTab);
  const portHost = useStore((s) => s.engineStatus?.endpoint.remoteHost);
  const id = c?.id ?? ref;
  const { json, error } = useInspect(id, c);
  const now = useNow(5000);
  const [committing, setCommitting] = useState(false);
  const [recreating, setRecreating] = useState(false);
  const engine = useStore((s) => s.currentEngine?.id);
  if (!c) {
    return (
      <section className="page" aria-label="Container">
        <div className="empty">
          {loaded ? `There is no container ${ref} (it may have been removed).` : 'Loading…'}{' '}
          <button type="button" className="linkish" onClick={() => navigate({ page: 'containers' })}>
            Back to containers
          </button>
        </div>
      </section>
    );
  }
  const vm = toContainerVM(c, Date.now(), portHost);
  const running = c.state === 'running';
  const config = (json?.Config ?? {}) as { Tty?: boolean; OpenStdin?: boolean };
  const attach = config.Tty === true && config.OpenStdin === true;
  return (
    <section className="page" aria-label={`Container ${c.name}`}>
      <div className="page-head">
        <button type="button" className="btn icon" aria-label="Back to containers" onClick={() => navigate({ page: 'containers' })}>
          ←
        </button>
        <h1>{c.name}</h1>
        <StateBadge state={c.state} word={vm.stateWord} />
        <span className="muted mono">{vm.image}</span>
        <span className="muted" title={c.status}>
          {uptimeText(json?.State as Record<string, unknown> | undefined, now)}
        </span>
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" aria-label={`Follow the logs of ${c.name} in the dock`} onClick={() => openDockTab({ kind: 'logs', containerId: c.id, title: `Logs: ${c.name}` })}>
          Logs in dock
        </button>
        <button
          type="button"
          className="btn small"
          disabled={!running || !json}
          aria-label={`Open a ${attach ? 'terminal attached to' : 'shell in'} ${c.name} in the dock`}
          onClick={() => openDockTab({ kind: attach ? 'attach' : 'exec', containerId: c.id, title: `${attach ? 'Attached' : 'Shell'}: ${c.name}` })}
        >
          {attach ? 'Attach in dock' : 'Shell in dock'}
        </button>
        {c.state !== 'removing' && c.state !== 'dead' ? (
          <button type="button" className="btn small" aria-label={`Commit ${c.name} to an image`} onClick={() => setCommitting(true)}>
            Commit…
          </button>
        ) : null}
        {engine && canRecreate(c.state) ? (
          <button type="button" className="btn small" aria-label={`Recreate ${c.name} on another engine`} onClick={() => setRecreating(true)}>
            {RECREATE_WORDS}
          </button>
        ) : null}
        {vm.actions.map((a) => (
          <button key={a} type="button" className={`btn small${a === 'forceRemove' || a === 'remove' ? ' danger' : ''}`} aria-label={`${ACTION_WORDS[a]} ${c.name}`} onClick={() => void containerAction(a, c)}>
            {ACTION_WORDS[a]}
          </button>
        ))}
      </div>
      <div className="rowline" style={{ flexWrap: 'wrap' }}>
        <span className="muted">Ports:</span>
        {vm.ports.length === 0 ? <span className="muted">none published</span> : null}
        {vm.ports.map((p) =>
          p.url ? (
            <ExternalLink key={p.label} className="mono" href={p.url} aria-label={`Open ${p.label} of ${c.name}`}>
              {p.label}
            </ExternalLink>
          ) : (
            <code key={p.label}>{p.label}</code>
          ),
        )}
        {running ? <PublishPort id={c.id} name={c.name} state={c.state} /> : null}
      </div>
      <Tabs label="Container views" tabs={TABS} selected={tab} onSelect={(t) => navigate({ page: 'container', id: ref, tab: t })}>
        {tab === 'logs' ? <LogView id={c.id} name={c.name} running={running} /> : null}
        {tab === 'terminal' ? (json ? <TerminalView id={c.id} name={c.name} mode={attach ? 'attach' : 'exec'} running={running} /> : <div className="empty">Loading…</div>) : null}
        {tab === 'stats' ? <StatsTab id={c.id} running={running} /> : null}
        {tab === 'inspect' ? <InspectTab json={json} error={error} /> : null}
        {tab === 'processes' ? <ProcessesTab id={c.id} running={running} /> : null}
        {tab === 'changes' ? <ChangesTab id={c.id} /> : null}
      </Tabs>
      {committing ? <CommitDialog id={c.id} name={c.name} running={running} onClose={() => setCommitting(false)} /> : null}
      {recreating && engine ? <RecreateDialog from={engine} container={c.name} running={running} onClose={() => setRecreating(false)} /> : null}
    </section>
  );
}
