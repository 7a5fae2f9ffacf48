// The VM page: state and start-up stages with live timings, Start/Stop/Restart/Reset, CPUs/memory/disk settings, file sharing, console, terminal, port forwards.
import { useState } from 'react';
import { attempt, info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { useNowWhile } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { Field } from '../../ui/Field.js';
import { Tabs } from '../../ui/Tabs.js';
import { TerminalView } from '../terminal/TerminalView.js';
import { vmView, type StageVM, type VmAction, type VmView } from './viewModel.js';
import { HostAccessCard } from './HostAccessCard.js';
import { SharesCard } from './SharesCard.js';
import { Facts, FixCommand, SettingsCard } from './VmCards.js';
import { ConsoleTab, ForwardsTab } from './VmTabs.js';
import { WslMemoryCard } from './WslMemoryCard.js';

export const RESET_PHRASE = 'delete my data';

const ACTION_TITLES: Record<Exclude<VmAction, 'reset'>, { title: string; doing: string }> = {
  start: { title: 'Start', doing: 'Starting the VM' },
  stop: { title: 'Stop', doing: 'Stopping the VM' },
  restart: { title: 'Restart', doing: 'Restarting the VM' },
};

function Unsupported() {
  const endpoint = useStore((s) => s.engineStatus?.endpoint);
  const where = endpoint ? `${endpoint.label}${endpoint.label.includes(endpoint.address) ? '' : ` (${endpoint.address})`}` : 'an engine endpoint';
  return (
    <section className="page" aria-label="VM">
      <div className="page-head">
        <h1>VM</h1>
        <span className="state">
          <span className="dot" aria-hidden="true" />
          not in use
        </span>
      </div>
      <div className="card" role="status" aria-label="VM status">
        <p style={{ margin: 0 }}>
          <strong>The Berth VM is not in use: this window talks to {where}.</strong>
        </p>
        <p className="muted" style={{ margin: 0 }}>
          Containers, images, volumes and networks are those of that engine. The Berth VM (its start-up, settings, console, shell and port forwards) is managed here when
          Berth runs its engine in the VM — the desktop app does that on macOS and Windows, and on Linux when the VM is the chosen endpoint.
        </p>
      </div>
    </section>
  );
}

function StageList({ stages, view }: { stages: StageVM[]; view: VmView }) {
  const mark = { done: '✓', running: '●', failed: '✗', pending: '○' } as const;
  const word = { done: 'done', running: 'in progress', failed: 'failed', pending: 'waiting' } as const;
  return (
    <section className="card" aria-label="Start-up stages">
      <h3>Start-up stages</h3>
      <ol className="stages">
        {stages.map((s) => (
          <li key={s.stage} className={`stage ${s.status}`} aria-label={`${s.title}: ${word[s.status]}${s.time ? `, ${s.time}` : ''}`}>
            <span className="mark" aria-hidden="true">
              {mark[s.status]}
            </span>
            <span className="title">{s.title}</span>
            <span className="muted">{word[s.status]}</span>
            <span className="time mono">{s.time}</span>
          </li>
        ))}
      </ol>
      <span className="muted" aria-live="polite">
        {view.state === 'starting' && view.elapsed ? `Starting for ${view.elapsed}` : view.state === 'running' && view.elapsed ? `Started in ${view.elapsed}` : ''}
      </span>
      {view.startNote ? (
        <p className="muted" aria-label="How the VM started">
          {view.startNote}
        </p>
      ) : null}
    </section>
  );
}

function ResetDialog({ onClose }: { onClose(): void }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const ok = typed.trim() === RESET_PHRASE;
  const reset = async () => {
    if (!ok) return;
    setBusy(true);
    try {
      await client().vm.reset({ confirm: RESET_PHRASE });
      info('The VM was reset: a fresh VM with an empty data disk.');
      onClose();
    } catch (e) {
      setError(shownError(e).message);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Reset the VM?"
      onClose={onClose}
      footer={
        <>
          {error ? (
            <span className="error-text" role="alert" style={{ flex: 1 }}>
              {error}
            </span>
          ) : (
            <span className="muted" style={{ flex: 1 }}>
              {busy ? 'Deleting the data disk and creating a fresh VM…' : ''}
            </span>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn primary danger" disabled={!ok || busy} onClick={() => void reset()}>
            Delete all data and reset
          </button>
        </>
      }
    >
      <div className="warning" role="alert">
        <strong>This deletes your data.</strong> Resetting deletes the VM’s data disk: every image, container and volume in the Berth VM is gone for good. A fresh VM is
        then created with the saved settings (and started again if it was running).
      </div>
      <Field label={`Type “${RESET_PHRASE}” to confirm`}>
        <input
          type="text"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void reset();
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </Field>
    </Dialog>
  );
}

/** The VM is at hand beside another engine (berth serve, an endpoint chosen in the desktop): which one the window uses. */
function OtherEngineNote() {
  const endpoint = useStore((s) => s.engineStatus?.endpoint);
  if (!endpoint || endpoint.kind === 'vm') return null;
  const where = `${endpoint.label}${endpoint.label.includes(endpoint.address) ? '' : ` (${endpoint.address})`}`;
  return (
    <div className="card" role="status" aria-label="Engine in use">
      <p style={{ margin: 0 }}>
        This window uses {where}. The Berth VM is at hand beside it: start it here, then choose its engine, <strong>berth-vm</strong>, in the top bar.
      </p>
    </div>
  );
}

type VmTab = 'console' | 'terminal' | 'forwards';

export function VmPage() {
  const support = useStore((s) => s.vmSupport);
  if (support === 'no') return <Unsupported />;
  return <Supported />;
}

function Supported() {
  const status = useStore((s) => s.vmStatus);
  const anchor = useStore((s) => s.vmAnchor);
  const forwards = useStore((s) => s.vmForwards);
  const openDockTab = useStore((s) => s.openDockTab);
  const [pending, setPending] = useState<VmAction | undefined>();
  const [resetting, setResetting] = useState(false);
  const [tab, setTab] = useState<VmTab>('console');
  const now = useNowWhile(status?.state === 'starting', 200);
  if (!status) {
    return (
      <section className="page" aria-label="VM">
        <div className="page-head">
          <h1>VM</h1>
        </div>
        <div className="empty">Asking the core about the Berth VM…</div>
      </section>
    );
  }
  const view = vmView(status, anchor, now);
  const act = async (a: Exclude<VmAction, 'reset'>) => {
    setPending(a);
    const what = ACTION_TITLES[a].doing;
    try {
      await attempt(what, () => client().vm[a]());
    } finally {
      setPending(undefined);
    }
  };
  const failed = forwards.filter((f) => f.status === 'failed').length;
  const tabs: { id: VmTab; title: string }[] = [
    { id: 'console', title: 'Console' },
    { id: 'terminal', title: 'Terminal' },
    { id: 'forwards', title: `Port forwards (${forwards.length}${failed ? `, ${failed} failed` : ''})` },
  ];
  return (
    <section className="page" aria-label="VM">
      <div className="page-head">
        <h1>VM</h1>
        <span className="state" role="status" aria-label="VM state">
          <span className={`dot ${view.tone}`} aria-hidden="true" />
          {view.stateWord}
        </span>
        <span style={{ flex: 1 }} />
        {(['start', 'stop', 'restart'] as const).map((a) => (
          <button key={a} type="button" className={`btn${a === 'start' ? ' primary' : ''}`} disabled={!view.actions[a] || pending === a} aria-label={`${ACTION_TITLES[a].title} the VM`} onClick={() => void act(a)}>
            {pending === a ? `${ACTION_TITLES[a].title}…` : ACTION_TITLES[a].title}
          </button>
        ))}
        <button type="button" className="btn danger" disabled={!view.actions.reset} aria-label="Reset the VM…" onClick={() => setResetting(true)}>
          Reset…
        </button>
      </div>
      {view.error ? (
        <div className="banner vm-error" role="alert" aria-label="VM failure">
          <span className="dot down" aria-hidden="true" style={{ marginTop: 5 }} />
          <div style={{ minWidth: 0, flex: 1 }}>
            <strong>{view.error.title}</strong>
            {view.error.detail ? <span>{view.error.detail}</span> : null}
            {view.error.fix ? <FixCommand command={view.error.fix} /> : null}
            {view.error.consoleTail.length > 0 ? (
              <>
                <span className="muted">The guest’s console said last:</span>
                <pre className="console mono" aria-label="Console at the failure">
                  {view.error.consoleTail.join('\n')}
                </pre>
              </>
            ) : null}
          </div>
        </div>
      ) : null}
      <OtherEngineNote />
      <div className="cards" style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
        <StageList stages={view.stages} view={view} />
        <SettingsCard restartNote={view.restartNote} canRestart={view.actions.restart} />
        <SharesCard canRestart={view.actions.restart} />
        <HostAccessCard />
        <WslMemoryCard />
        <Facts />
      </div>
      <Tabs<VmTab> label="VM views" tabs={tabs} selected={tab} onSelect={setTab}>
        {tab === 'console' ? <ConsoleTab stateKey={`${status.state}:${status.stage ?? ''}:${status.stages.length}`} /> : null}
        {tab === 'terminal' ? (
          <>
            <div className="rowline">
              <span style={{ flex: 1 }} />
              <button type="button" className="btn small" disabled={status.state !== 'running'} onClick={() => openDockTab({ kind: 'vm', title: 'VM shell' })}>
                Open a VM shell in the dock
              </button>
            </div>
            <TerminalView id="vm" name="the Berth VM" mode="vm" sessionKey="vm:page" running={status.state === 'running'} idleText="The VM is not running — start it to open a shell in it." />
          </>
        ) : null}
        {tab === 'forwards' ? <ForwardsTab forwards={forwards} /> : null}
      </Tabs>
      {resetting ? <ResetDialog onClose={() => setResetting(false)} /> : null}
    </section>
  );
}
