// Activity slice: long-running work (pulls, pushes, builds, imports) with progress, and notifications.
import type { Slice } from '../../store/index.js';
import { mergeLayers, type Layer } from './progress.js';

export type TaskKind = 'pull' | 'push' | 'build' | 'import' | 'commit' | 'prune' | 'move';
export type TaskState = 'running' | 'done' | 'failed' | 'cancelled';

export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  state: TaskState;
  startedAt: number;
  endedAt?: number | undefined;
  layers: Layer[];
  status?: string | undefined;
  /** Streamed output (builds), capped. */
  lines: string[];
  error?: string | undefined;
  result?: string | undefined;
}

export interface Toast {
  id: string;
  level: 'error' | 'info';
  title: string;
  detail?: string | undefined;
}

export interface ActivitySlice {
  tasks: Task[];
  toasts: Toast[];
  startTask(t: { id: string; kind: TaskKind; title: string }): void;
  progressTask(id: string, p: { layers?: Layer[]; status?: string | undefined; lines?: string[] }): void;
  endTask(id: string, e: { state: Exclude<TaskState, 'running'>; error?: string | undefined; result?: string | undefined }): void;
  clearTasks(): void;
  notify(t: Omit<Toast, 'id'>): string;
  dismiss(id: string): void;
}

export const MAX_TASK_LINES = 5000;
let seq = 0;

const update = (tasks: Task[], id: string, fn: (t: Task) => Task) => tasks.map((t) => (t.id === id ? fn(t) : t));

export const createActivitySlice: Slice<ActivitySlice> = (set) => ({
  tasks: [],
  toasts: [],
  startTask: ({ id, kind, title }) =>
    set((s) => ({ tasks: [{ id, kind, title, state: 'running' as const, startedAt: Date.now(), layers: [], lines: [] }, ...s.tasks.filter((t) => t.id !== id)].slice(0, 50) })),
  progressTask: (id, p) =>
    set((s) => ({
      tasks: update(s.tasks, id, (t) => ({
        ...t,
        layers: p.layers ? mergeLayers(t.layers, p.layers) : t.layers,
        status: p.status ?? t.status,
        lines: p.lines && p.lines.length > 0 ? t.lines.concat(p.lines).slice(-MAX_TASK_LINES) : t.lines,
      })),
    })),
  endTask: (id, e) => set((s) => ({ tasks: update(s.tasks, id, (t) => ({ ...t, state: e.state, error: e.error, result: e.result, endedAt: Date.now() })) })),
  clearTasks: () => set((s) => ({ tasks: s.tasks.filter((t) => t.state === 'running') })),
  notify: (t) => {
    const id = `toast-${++seq}`;
    set((s) => ({ toasts: [...s.toasts, { ...t, id }].slice(-5) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
});
