// Inside the engine banner where no engine has answered yet: the Berth VM in one click (vm.setUp), its build's output and start stages as they come.
import { useEffect, useRef, useState } from 'react';
import type { VmImageState, VmSetUpStep } from '../../../../app/vm-setup.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { CopyButton } from '../../ui/CopyButton.js';
import { switchEngine } from '../engines/switch.js';
import { firstRunOffer, SETUP_STEPS, stepDetail } from './firstRun.js';

/** Lines of the build shown under the steps (the core keeps more for a window that joins). */
const SHOWN_LINES = 12;

interface Run {
  step: VmSetUpStep;
  lines: string[];
  error?: { message: string; detail?: string | undefined };
}

export function FirstRunOffer({ everUp }: { everUp: boolean }) {
  const engine = useStore((s) => s.engineStatus);
  const vmSupport = useStore((s) => s.vmSupport);
  const vm = useStore((s) => s.vmStatus);
  const engines = useStore((s) => s.engines);
  const currentId = useStore((s) => s.currentEngine?.id);
  const [image, setImage] = useState<VmImageState | undefined>();
  const [run, setRun] = useState<Run | undefined>();
  const closeRef = useRef<() => void>(() => undefined);
  const asks = !everUp && engine?.state === 'down' && vmSupport === 'yes';

  useEffect(() => {
    if (!asks || image) return;
    client().vm.image().then(setImage, (e: unknown) => setRun({ step: 'image', lines: [], error: shownError(e) }));
  }, [asks, image]);
  useEffect(() => () => closeRef.current(), []);

  const offer = firstRunOffer({ engine, everUp, vmSupport, vm, image, engines, currentId });
  if (!offer && !run) return null;

  const setUp = () => {
    setRun({ step: 'image', lines: [] });
    const h = client().vm.setUp(undefined, {
      onData: (p) => setRun((r) => ({ step: p.step, lines: p.line ? [...(r?.lines ?? []), p.line].slice(-SHOWN_LINES) : (r?.lines ?? []) })),
      onEnd: (_r, err) => {
        if (err) setRun((r) => ({ step: r?.step ?? 'image', lines: r?.lines ?? [], error: shownError(err) }));
        else setRun(undefined);
        // Built just now: the next look says so.
        setImage(undefined);
      },
    });
    closeRef.current = () => h.close();
  };
  const onAction = () => {
    if (offer?.switchTo) void switchEngine(offer.switchTo);
    else setUp();
  };
  const busy = run !== undefined && !run.error;

  return (
    <section className="first-run" aria-label="Set up an engine">
      {offer ? <p>{offer.text}</p> : null}
      {offer?.command && !offer.action ? (
        <div className="rowline" role="group" aria-label="Command to run">
          <code className="mono">{offer.command}</code>
          <CopyButton text={offer.command} />
        </div>
      ) : null}
      <div className="rowline">
        {offer?.action ? (
          <button type="button" className="btn primary" disabled={busy} onClick={onAction}>
            {busy ? 'Setting up…' : run?.error ? 'Try again' : offer.action}
          </button>
        ) : null}
        {offer?.others.map((o) => (
          <button key={o.id} type="button" className="btn" disabled={busy} onClick={() => void switchEngine(o.id)}>
            Use {o.name}
          </button>
        ))}
      </div>
      {run ? (
        <ol className="setup-steps" aria-label="Set-up steps">
          {SETUP_STEPS.map((s, i) => {
            const at = SETUP_STEPS.findIndex((x) => x.step === run.step);
            const state = i < at ? 'done' : i > at ? 'waiting' : run.error ? 'failed' : 'running';
            return (
              <li key={s.step} aria-label={`${s.label}: ${state}`} data-state={state}>
                <strong>{s.label}</strong> <span className="muted">{state === 'running' ? stepDetail(s.step, run.lines.at(-1), vm) : state}</span>
              </li>
            );
          })}
        </ol>
      ) : null}
      {run && run.lines.length > 0 ? (
        <pre className="mono setup-log" aria-label="Image build output">
          {run.lines.join('\n')}
        </pre>
      ) : null}
      {run?.error ? (
        <p role="alert" aria-label="Set-up error" className="error-text">
          {run.error.message}
        </p>
      ) : null}
    </section>
  );
}
