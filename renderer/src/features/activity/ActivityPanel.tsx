// The activity panel: pulls, pushes and builds with per-layer bars, a total, elapsed time and streamed output.
import { useLayoutEffect, useRef } from 'react';
import { bytes, duration } from '../../lib/format.js';
import { useNowWhile } from '../../lib/useNow.js';
import { useStore } from '../../store/index.js';
import { cancelTask } from './tasks.js';
import { layerFraction, totals } from './progress.js';
import type { Task } from './slice.js';

/** Streamed output that stays at its end unless the person scrolled up to read. */
function Output({ label, lines }: { label: string; lines: string[] }) {
  const ref = useRef<HTMLPreElement>(null);
  const pinned = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <pre
      ref={ref}
      className="output"
      aria-label={label}
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
      }}
    >
      {lines.slice(-2000).join('\n')}
    </pre>
  );
}

function Bar({ fraction, label }: { fraction: number | undefined; label: string }) {
  return (
    <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === undefined ? undefined : Math.round(fraction * 100)}>
      <span style={{ width: `${Math.round((fraction ?? 0) * 100)}%` }} />
    </div>
  );
}

export function TaskView({ task, now, showOutput = true }: { task: Task; now: number; showOutput?: boolean }) {
  const t = totals(task.layers);
  const elapsed = duration((task.endedAt ?? now) - task.startedAt);
  const word = task.state === 'running' ? `running for ${elapsed}` : task.state === 'done' ? `done in ${elapsed}` : task.state === 'failed' ? `failed after ${elapsed}` : 'cancelled';
  return (
    <section className="task" aria-label={task.title}>
      <div className="rowline">
        <strong style={{ flex: 1 }}>{task.title}</strong>
        <span className="muted">{word}</span>
        {task.state === 'running' ? (
          <button type="button" className="btn small" aria-label={`Cancel ${task.title}`} onClick={() => cancelTask(task.id)}>
            Cancel
          </button>
        ) : null}
      </div>
      {task.layers.length > 0 ? (
        <>
          <Bar fraction={t.fraction} label={`${task.title} total`} />
          <span className="muted">
            {t.done}/{t.layers} layers{t.total > 0 ? ` · ${bytes(t.current)} of ${bytes(t.total)}` : ''}
          </span>
          {task.layers.map((l) => (
            <div className="layer" key={l.id}>
              <span className="mono">{l.id.slice(0, 12)}</span>
              <Bar fraction={layerFraction(l)} label={`Layer ${l.id.slice(0, 12)}`} />
              <span className="muted">{l.status}</span>
            </div>
          ))}
        </>
      ) : null}
      {task.status ? <span className="muted">{task.status}</span> : null}
      {showOutput && task.lines.length > 0 ? <Output label={`${task.title} output`} lines={task.lines} /> : null}
      {task.error ? <span className="error-text" role="alert">{task.error}</span> : null}
      {task.result ? <span className="muted">{task.result}</span> : null}
    </section>
  );
}

export function ActivityPanel() {
  const open = useStore((s) => s.activityOpen);
  const tasks = useStore((s) => s.tasks);
  const clear = useStore((s) => s.clearTasks);
  const toggle = useStore((s) => s.toggleActivity);
  const anyRunning = tasks.some((t) => t.state === 'running');
  const now = useNowWhile(open && anyRunning, 1000);
  if (!open) return null;
  return (
    <aside className="activity" aria-label="Activity panel" onKeyDown={(e) => e.key === 'Escape' && toggle(false)}>
      <div className="rowline">
        <strong style={{ flex: 1 }}>Activity</strong>
        <button type="button" className="btn small" onClick={clear}>
          Clear finished
        </button>
        <button type="button" className="btn icon" aria-label="Close activity panel" onClick={() => toggle(false)}>
          ✕
        </button>
      </div>
      {tasks.length === 0 ? <div className="muted">Nothing running. Pulls, pushes and builds show their progress here.</div> : null}
      {tasks.map((t) => (
        <TaskView key={t.id} task={t} now={now} />
      ))}
    </aside>
  );
}
