// The File sharing card's logic (pure): the rows with each folder's state, adding and removing a folder, the restart note.
import { dedupeShares, normalizeHostPath, shareFor, shareProblem } from '../../../../app/shares.js';
import type { VmShare, VmStatus } from '../../../../app/vm.js';

export interface ShareRow {
  path: string;
  /** "mounted over SSHFS", "not mounted: …", "applies after a restart" … */
  stateWord: string;
  tone: 'up' | 'down' | 'pending' | 'idle';
  error?: string;
}

const TRANSPORT: Record<VmShare['transport'], string> = { sshfs: 'SSHFS', 'wsl-drives': 'WSL drive' };

export function shareRows(saved: readonly string[], status: VmStatus | undefined): ShareRow[] {
  const live = new Map((status?.shares ?? []).map((s) => [s.path, s]));
  const running = status?.state === 'running';
  return saved.map((path): ShareRow => {
    const s = live.get(path);
    if (!s) return { path, stateWord: running ? 'not mounted yet: applies after a restart' : 'mounted when the VM starts', tone: 'idle' };
    if (s.state === 'mounted') return { path, stateWord: `mounted over ${TRANSPORT[s.transport]}`, tone: 'up' };
    if (s.state === 'mounting') return { path, stateWord: 'mounting…', tone: 'pending' };
    return { path, stateWord: 'not mounted', tone: 'down', error: s.error ?? 'The VM could not mount it.' };
  });
}

/** Folders the running VM has mounted but the saved list no longer has (removed; they stay until a restart). */
export function removedButMounted(saved: readonly string[], status: VmStatus | undefined): string[] {
  return (status?.shares ?? []).map((s) => s.path).filter((p) => !saved.includes(p));
}

/** Whether the running VM's folders differ from the saved ones. */
export function sharesNeedRestart(saved: readonly string[], status: VmStatus | undefined): boolean {
  if (status?.state !== 'running' || !status.running) return false;
  return (status.running.shares ?? []).join('\n') !== saved.join('\n');
}

/** Adds a typed or picked folder: the new list, or the error to show on the field. */
export function addShare(saved: readonly string[], typed: string): { shares: string[] } | { error: string } {
  const path = typed.trim();
  if (!path) return { error: 'Type the folder’s full path, like /Users/me/code.' };
  const problem = shareProblem(path);
  if (problem) return { error: problem };
  const p = normalizeHostPath(path);
  const holder = shareFor(p, saved);
  if (holder) return { error: holder === p ? `${p} is already shared.` : `${p} is already shared as part of ${holder}.` };
  return { shares: dedupeShares([...saved, p]) };
}

export function removeShare(saved: readonly string[], path: string): string[] {
  return saved.filter((p) => p !== path);
}
