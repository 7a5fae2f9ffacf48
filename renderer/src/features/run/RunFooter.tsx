// The run dialog's footer: the error that concerns the whole run, or how long the run (or pull) has taken; Cancel and Run.
import { useEffect, useState } from 'react';
import type { PullRunPhase } from './pullAndRun.js';

export interface RunFooterProps {
  error: string | undefined;
  /** When the run (or pull and run) started; undefined when idle. */
  busy: number | undefined;
  phase: PullRunPhase | undefined;
  image: string;
  onCancel(): void;
}

export function RunFooter({ error, busy, phase, image, onCancel }: RunFooterProps) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (busy === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [busy]);
  const seconds = busy === undefined ? 0 : Math.max(0, Math.round((now - busy) / 1000));
  return (
    <>
      {error ? (
        <span className="error-text" role="alert" style={{ flex: 1 }}>
          {error}
        </span>
      ) : (
        <span className="muted" style={{ flex: 1 }}>
          {busy !== undefined
            ? phase === 'pulling'
              ? `Pulling ${image} — ${seconds} s (progress in the activity panel); it runs when the pull is done…`
              : `Creating and starting the container — ${seconds} s…`
            : ''}
        </span>
      )}
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form="run-form" className="btn primary" disabled={busy !== undefined}>
        Run
      </button>
    </>
  );
}
