// Starts streamed work (pull, push, build) as an activity task: progress into the store, cancel by closing the stream.
import type { StreamHandle } from '../../../../app/contract.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import type { TaskKind } from './slice.js';

const handles = new Map<string, StreamHandle>();
/** Who waits on a task's end, told when the person cancels it (closing the stream ends it without a word from the core). */
const cancelled = new Map<string, () => void>();
let seq = 0;

export function newTaskId(kind: TaskKind): string {
  return `${kind}-${Date.now().toString(36)}-${++seq}`;
}

export function trackTask(id: string, h: StreamHandle, onCancel?: () => void): void {
  handles.set(id, h);
  if (onCancel) cancelled.set(id, onCancel);
}

export function finishTask(id: string, err: unknown, result?: string): void {
  handles.delete(id);
  cancelled.delete(id);
  const s = useStore.getState();
  if (err) {
    const e = shownError(err);
    s.endTask(id, { state: e.code === 'CANCELLED' ? 'cancelled' : 'failed', error: e.detail ? `${e.message} (${e.detail})` : e.message });
    const task = s.tasks.find((t) => t.id === id);
    if (e.code !== 'CANCELLED') s.notify({ level: 'error', title: `${task?.title ?? 'Task'} failed: ${e.message}`, detail: e.detail });
  } else s.endTask(id, { state: 'done', result });
}

export function cancelTask(id: string): void {
  const h = handles.get(id);
  handles.delete(id);
  h?.close();
  useStore.getState().endTask(id, { state: 'cancelled' });
  const cb = cancelled.get(id);
  cancelled.delete(id);
  cb?.();
}
