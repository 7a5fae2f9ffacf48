// The pull and push dialogs: one image reference, a sign-in (typed, remembered, or none), and the task's live progress.
import { useState } from 'react';
import { Dialog } from '../../ui/Dialog.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Field } from '../../ui/Field.js';
import { emptySignIn, hostOfRef, toSignIn, type SignInForm } from '../registries/remember.js';
import { SignInFields } from '../registries/SignInFields.js';
import { useRemembered } from '../registries/useRemembered.js';
import { checkRef } from './forms.js';
import { LiveTask, useTask } from './LiveTask.js';
import { startPull, startPush, type SignInRequest } from './tasks.js';

/** The sign-in part of the pull and push dialogs: typed, remembered, or none; errors of the remember choice under it. */
function useSignIn(ref: string) {
  const remembered = useRemembered();
  const [form, setForm] = useState<SignInForm>(emptySignIn);
  const [error, setError] = useState<string | undefined>();
  const fields = <SignInFields host={hostOfRef(ref)} form={form} onChange={setForm} remembered={remembered} error={error} />;
  /** The request's sign-in, or undefined (and the reason shown) when the remember choice is incomplete. */
  const request = () => {
    const s = toSignIn(form, remembered.data?.storage);
    setError(s.error);
    return s.error ? undefined : s;
  };
  return { fields, request };
}

/** What sets a pull apart from a push: the words, the task it starts, and two habits of the pull dialog. */
interface Transfer {
  title: string;
  /** The button that starts it. */
  verb: string;
  label: string;
  hint: string;
  start(ref: string, signIn: SignInRequest): string;
  /** Said beside the buttons while the task runs. */
  runningNote?: string;
  /** Enter in the reference field starts it. */
  submitOnEnter?: boolean;
}

function TransferDialog({ transfer: t, initial, onClose }: { transfer: Transfer; initial: string; onClose(): void }) {
  const [ref, setRef] = useState(initial);
  const signIn = useSignIn(ref);
  const [error, setError] = useState<string | undefined>();
  const [taskId, setTaskId] = useState<string | undefined>();
  const task = useTask(taskId);
  const go = () => {
    const e = checkRef(ref, 'ref');
    setError(e);
    if (e) return;
    const s = signIn.request();
    if (s) setTaskId(t.start(ref.trim(), s));
  };
  return (
    <Dialog
      title={t.title}
      onClose={onClose}
      footer={
        <DialogActions note={task?.state === 'running' ? t.runningNote : undefined} onClose={onClose} closeWord={task ? 'Close' : 'Cancel'} verb={t.verb} onGo={go} disabled={task?.state === 'running'} />
      }
    >
      <Field label={t.label} error={error ?? (task?.state === 'failed' ? task.error : undefined)} hint={t.hint}>
        <input type="text" className="mono" value={ref} onChange={(e) => setRef(e.target.value)} onKeyDown={t.submitOnEnter ? (e) => e.key === 'Enter' && go() : undefined} spellCheck={false} />
      </Field>
      {signIn.fields}
      <LiveTask id={taskId} />
    </Dialog>
  );
}

const PULL: Transfer = {
  title: 'Pull an image',
  verb: 'Pull',
  label: 'Image reference',
  hint: 'e.g. busybox:latest, or localhost:5000/team/app:1.0 from a private registry',
  start: startPull,
  runningNote: 'Closing keeps the pull going in Activity.',
  submitOnEnter: true,
};

const PUSH: Transfer = {
  title: 'Push an image',
  verb: 'Push',
  label: 'Push as',
  hint: 'The registry is the first part of the name (e.g. localhost:5000/app:1.0); tag the image first to push elsewhere.',
  start: startPush,
};

export function PullDialog({ initial = '', onClose }: { initial?: string; onClose(): void }) {
  return <TransferDialog transfer={PULL} initial={initial} onClose={onClose} />;
}

export function PushDialog({ initial, onClose }: { initial: string; onClose(): void }) {
  return <TransferDialog transfer={PUSH} initial={initial} onClose={onClose} />;
}
