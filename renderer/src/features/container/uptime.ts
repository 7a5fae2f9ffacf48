// "up 5 min" / "exited (3) 2 h ago" from inspect's State, computed against now (the list's status text goes stale).
import { duration } from '../../lib/format.js';

export function uptimeText(state: Record<string, unknown> | undefined, now: number): string {
  if (!state) return '';
  const t = (v: unknown) => (typeof v === 'string' && !v.startsWith('0001-') ? Date.parse(v) : NaN);
  const started = t(state.StartedAt);
  const finished = t(state.FinishedAt);
  if (state.Running === true && !Number.isNaN(started)) return `${state.Paused === true ? 'paused, ' : ''}up ${duration(now - started)}`;
  if (state.Status === 'created') return 'never started';
  if (!Number.isNaN(finished)) return `exited (${String(state.ExitCode ?? '?')}) ${duration(now - finished)} ago`;
  return String(state.Status ?? '');
}
