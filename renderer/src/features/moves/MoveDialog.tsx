// The dialog every move shares: the target engine (other engines that are up), an optional new name, the live task with its bytes, cancel, the answer.
import { useState, type ReactNode } from 'react';
import type { MoveProgress } from '../../../../app/engines.js';
import { bytes } from '../../lib/format.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Field } from '../../ui/Field.js';
import { LiveTask, useTask } from '../images/LiveTask.js';
import type { MoveWatch } from './tasks.js';
import { checkNewName, fieldOf, progressFraction, targetsOf, type MoveField } from './viewModel.js';

export interface MoveDialogProps<R> {
  title: string;
  /** The engine that has the thing now. */
  from: string;
  /** The button that starts it. */
  verb: string;
  /** A field for a new name on the target (blank: the same name). */
  nameField?: { label: string; hint: string };
  /** More choices (Recreate's volumes). */
  children?: ReactNode;
  /** Said before the person confirms (what happens to the original). */
  note?: ReactNode;
  /** Starts the move to engine `to` (named `toName`), under `name` when one was typed; returns the task id. */
  start(t: { to: string; toName: string; name: string | undefined }, watch: MoveWatch<R>): string;
  /** The answer in lines (the first is the task's result line), and the core's warnings apart. */
  describe(r: R, target: string): { lines: string[]; warnings?: string[] };
  onClose(): void;
}

function Progress({ p }: { p: MoveProgress | undefined }) {
  if (!p) return null;
  const f = progressFraction(p);
  return (
    <div className="rowline">
      <div className="bar" role="progressbar" aria-label="Copied" aria-valuemin={0} aria-valuemax={100} aria-valuenow={f === undefined ? undefined : Math.round(f * 100)} style={{ flex: 1 }}>
        <span style={{ width: `${Math.round((f ?? 0) * 100)}%` }} />
      </div>
      <span className="muted" aria-label="Bytes copied">
        {bytes(p.bytes)}
        {p.total ? ` of about ${bytes(p.total)}` : ''}
      </span>
    </div>
  );
}

export function MoveDialog<R>(props: MoveDialogProps<R>) {
  const { title, from, verb, nameField, note, start, describe, onClose } = props;
  const engines = useStore((s) => s.engines);
  const targets = targetsOf(engines, from);
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Partial<Record<MoveField, string>>>({});
  const [progress, setProgress] = useState<MoveProgress | undefined>();
  const [answer, setAnswer] = useState<{ lines: string[]; warnings?: string[] } | undefined>();
  const [taskId, setTaskId] = useState<string | undefined>();
  const task = useTask(taskId);
  const running = task?.state === 'running';
  const target = engines.find((e) => e.id === to);

  const go = () => {
    const nameError = nameField ? checkNewName(name) : undefined;
    const next: Partial<Record<MoveField, string>> = { ...(nameError ? { name: nameError } : {}), ...(target ? {} : { to: 'Choose the engine to copy to.' }) };
    setErrors(next);
    if (nameError || !target) return;
    setProgress(undefined);
    setAnswer(undefined);
    const targetName = target.name;
    setTaskId(
      start({ to, toName: targetName, name: nameField && name.trim() ? name.trim() : undefined }, {
        onProgress: setProgress,
        onEnd: (r, err) => {
          if (r !== undefined) setAnswer(describe(r, targetName));
          if (!err) return;
          const e = shownError(err);
          const field = fieldOf(e, nameField !== undefined);
          if (e.code !== 'CANCELLED' && field !== 'form') setErrors({ [field]: e.message });
        },
      }),
    );
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <DialogActions
          note={running ? 'Closing keeps the copy going in Activity.' : undefined}
          onClose={onClose}
          closeWord={task ? 'Close' : 'Cancel'}
          verb={verb}
          onGo={go}
          disabled={running || targets.length === 0}
        />
      }
    >
      {targets.length === 0 ? (
        <p role="status" className="muted" style={{ margin: 0 }}>
          No other engine is up: add one, or start it, and it is listed here.
        </p>
      ) : (
        <Field label="Target engine" error={errors.to} hint="Only engines that answer now are listed.">
          <select value={to} onChange={(e) => setTo(e.target.value)} disabled={running}>
            {targets.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {nameField ? (
        <Field label={nameField.label} error={errors.name} hint={nameField.hint}>
          <input type="text" className="mono" value={name} onChange={(e) => setName(e.target.value)} disabled={running} spellCheck={false} />
        </Field>
      ) : null}
      {props.children}
      {note && !task ? (
        <div role="note" aria-label="Before you confirm" className="banner">
          {note}
        </div>
      ) : null}
      {running ? <Progress p={progress} /> : null}
      <LiveTask id={taskId} />
      {answer && (answer.lines.length > 1 || answer.warnings?.length) ? (
        <div role="status" aria-label="Move result">
          {/* The first line is the task's own result, shown above. */}
          {answer.lines.slice(1).map((l) => (
            <p key={l} style={{ margin: 0 }}>
              {l}
            </p>
          ))}
          {answer.warnings?.length ? (
            <ul aria-label="Warnings" className="error-text">
              {answer.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
