// A move between engines as an activity task: its bytes as the task's status, cancel by closing the stream, the answer to the dialog.
import type { StreamCallbacks, StreamHandle } from '../../../../app/contract.js';
import type { MoveProgress } from '../../../../app/engines.js';
import { useStore } from '../../store/index.js';
import { finishTask, newTaskId, trackTask } from '../activity/tasks.js';
import { progressLine } from './viewModel.js';

export interface MoveWatch<R> {
  /** Each progress chunk as it comes (the dialog's bar). */
  onProgress?(p: MoveProgress): void;
  /** How it ended: the core's answer, or the error (CANCELLED when the person cancelled). */
  onEnd(result: R | undefined, err?: unknown): void;
}

/** Opens a move stream (`open` calls engines.moveImage, moveVolume or recreateContainer) as a task; returns the task id. */
export function startMove<R>(title: string, open: (cb: StreamCallbacks<MoveProgress, R>) => StreamHandle, summary: (r: R) => string, watch: MoveWatch<R>): string {
  const id = newTaskId('move');
  useStore.getState().startTask({ id, kind: 'move', title });
  const h = open({
    onData: (p) => {
      useStore.getState().progressTask(id, { status: progressLine(p) });
      watch.onProgress?.(p);
    },
    onEnd: (r, err) => {
      finishTask(id, err, r ? summary(r) : undefined);
      watch.onEnd(r, err);
    },
  });
  trackTask(id, h, () => watch.onEnd(undefined, { code: 'CANCELLED', message: `${title} was cancelled.` }));
  return id;
}
