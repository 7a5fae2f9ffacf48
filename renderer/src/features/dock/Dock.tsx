// The bottom dock: terminals and log followers as tabs that survive navigating between pages; resizable, can fill the window;
// closing a tab asks only when a process still runs in it.
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent } from 'react';
import { useStore } from '../../store/index.js';
import { isDesktop } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { LogView } from '../logs/LogView.js';
import { disposeSession, findSession, termSession } from '../terminal/sessions.js';
import { TerminalView } from '../terminal/TerminalView.js';
import { closeNeedsAsk, dockSessionKey, isTerminalKind } from './policy.js';
import { DOCK_MIN, type DockTab } from './slice.js';

/** Ends the tab's process (if any) and removes it. */
export function closeDockTab(tab: DockTab): void {
  if (isTerminalKind(tab.kind)) disposeSession(dockSessionKey(tab.id));
  useStore.getState().removeDockTab(tab.id);
}

/** Asks first when a process still runs in the tab; else closes it. */
export function requestCloseDockTab(tab: DockTab, ask: (t: DockTab) => void): void {
  const snap = isTerminalKind(tab.kind) ? findSession(dockSessionKey(tab.id))?.snapshot() : undefined;
  if (closeNeedsAsk(tab.kind, snap?.status)) ask(tab);
  else closeDockTab(tab);
}

function Panel({ tab }: { tab: DockTab }) {
  const c = useStore((s) => (tab.containerId ? s.containers.byId[tab.containerId] : undefined));
  const vmRunning = useStore((s) => s.vmStatus?.state === 'running');
  const key = dockSessionKey(tab.id);
  const name = c?.name ?? tab.title.replace(/^[^:]+: /, '');
  switch (tab.kind) {
    case 'logs':
      return tab.containerId ? <LogView id={tab.containerId} name={name} running={c?.state === 'running'} /> : null;
    case 'exec':
    case 'attach':
      return (
        <TerminalView
          id={tab.containerId ?? ''}
          name={name}
          mode={tab.kind}
          running={c?.state === 'running'}
          sessionKey={key}
          idleText={c ? `${name} is not running — start it to open a terminal.` : `${name} was removed.`}
        />
      );
    case 'vm':
      return <TerminalView id="vm" name="the Berth VM" mode="vm" running={vmRunning} sessionKey={key} idleText="The VM is not running — start it from the VM page." />;
    case 'host':
      return <HostTerminal sessionKey={key} />;
  }
}

/** A host shell; when the endpoint answers UNSUPPORTED (not the desktop app) the dock stops offering it. */
function HostTerminal({ sessionKey }: { sessionKey: string }) {
  const s = termSession('host', 'host', sessionKey);
  const unsupported = useSyncExternalStore(s.subscribe, () => s.snapshot().unsupported === true);
  useEffect(() => {
    if (unsupported) useStore.getState().setHostTerminalSupport('no');
  }, [unsupported]);
  return <TerminalView id="host" name="this computer" mode="host" running sessionKey={sessionKey} />;
}

function Resizer() {
  const height = useStore((s) => s.dockHeight);
  const setHeight = useStore((s) => s.setDockHeight);
  const drag = useRef<{ y: number; h: number } | undefined>(undefined);
  const max = () => Math.max(DOCK_MIN, window.innerHeight - 160);
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { y: e.clientY, h: height };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setHeight(Math.min(max(), drag.current.h - (e.clientY - drag.current.y)));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowUp') setHeight(Math.min(max(), height + 40));
    else if (e.key === 'ArrowDown') setHeight(height - 40);
    else return;
    e.preventDefault();
  };
  return (
    <div
      className="dock-resize"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the dock"
      aria-valuenow={height}
      aria-valuemin={DOCK_MIN}
      tabIndex={0}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={() => (drag.current = undefined)}
      onKeyDown={onKey}
    />
  );
}

export function Dock() {
  const tabs = useStore((s) => s.dockTabs);
  const active = useStore((s) => s.dockActive);
  const mode = useStore((s) => s.dockMode);
  const height = useStore((s) => s.dockHeight);
  const hostSupport = useStore((s) => s.hostTerminalSupport);
  const vmRunning = useStore((s) => s.vmStatus?.state === 'running');
  const [asking, setAsking] = useState<DockTab | undefined>();
  // Hidden, the tabs stay mounted (log buffers, terminals); with no tabs there is nothing to keep.
  if (mode === 'hidden' && tabs.length === 0) return null;
  const st = useStore.getState();
  const hostOffered = isDesktop() && hostSupport !== 'no';
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      st.showDockTab(next.id);
      document.getElementById(`dock-tab-${next.id}`)?.focus();
    }
  };
  return (
    <section className={`dock ${mode}`} aria-label="Dock" style={mode === 'open' ? { height } : undefined} hidden={mode === 'hidden'}>
      {mode === 'open' ? <Resizer /> : null}
      <div className="dock-bar">
        <div role="tablist" aria-label="Dock tabs" className="dock-tabs" onKeyDown={onTabKey}>
          {tabs.map((t) => (
            <div key={t.id} role="presentation" className={`dock-tab${t.id === active ? ' active' : ''}`}>
              <button
                type="button"
                role="tab"
                id={`dock-tab-${t.id}`}
                aria-selected={t.id === active}
                aria-controls={`dock-panel-${t.id}`}
                tabIndex={t.id === active ? 0 : -1}
                onClick={() => st.showDockTab(t.id)}
                onAuxClick={(e) => e.button === 1 && requestCloseDockTab(t, setAsking)}
              >
                {t.title}
              </button>
              <button type="button" className="btn icon small" aria-label={`Close ${t.title}`} onClick={() => requestCloseDockTab(t, setAsking)}>
                ✕
              </button>
            </div>
          ))}
        </div>
        {hostOffered ? (
          <button type="button" className="btn small" onClick={() => st.openDockTab({ kind: 'host', title: 'Host terminal' })}>
            + Host terminal
          </button>
        ) : null}
        {vmRunning ? (
          <button type="button" className="btn small" onClick={() => st.openDockTab({ kind: 'vm', title: 'VM shell' })}>
            + VM shell
          </button>
        ) : null}
        <span style={{ flex: 1 }} />
        <button type="button" className="btn small" aria-label={mode === 'full' ? 'Restore the dock below the page' : 'Pop the dock out to the full window'} onClick={() => st.setDockMode(mode === 'full' ? 'open' : 'full')}>
          {mode === 'full' ? '▾ Restore' : '▴ Full window'}
        </button>
        <button type="button" className="btn small" aria-label="Hide the dock" onClick={() => st.setDockMode('hidden')}>
          Hide
        </button>
      </div>
      {tabs.length === 0 ? (
        <div className="empty">
          Terminals and log followers open here and stay while you move between pages: use “Shell in dock” or “Logs in dock” on a container’s page
          {hostOffered ? ', or open a host terminal' : ''}.
        </div>
      ) : null}
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`dock-panel-${t.id}`} aria-labelledby={`dock-tab-${t.id}`} className="dock-panel" hidden={t.id !== active}>
          <Panel tab={t} />
        </div>
      ))}
      {asking ? (
        <Dialog
          title={`Close ${asking.title}?`}
          onClose={() => setAsking(undefined)}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setAsking(undefined)}>
                Keep it open
              </button>
              <button
                type="button"
                className="btn primary danger"
                onClick={() => {
                  closeDockTab(asking);
                  setAsking(undefined);
                }}
              >
                Close and end it
              </button>
            </>
          }
        >
          <p style={{ margin: 0 }}>A process is still running in this terminal. Closing the tab ends the session (and what runs in it).</p>
        </Dialog>
      ) : null}
    </section>
  );
}
