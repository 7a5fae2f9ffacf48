// Container row actions against the core; removal checks first whether to ask (unnamed or changed) before deleting.
import type { ContainerSummary } from '../../../../app/model.js';
import { parseCommitTarget } from '../../../../app/parse/commit.js';
import { attempt, info } from '../../lib/attempt.js';
import { shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';
import { useStore } from '../../store/index.js';
import { removeCheck } from './removePolicy.js';
import type { Action } from './viewModel.js';

export const ACTION_WORDS: Record<Action, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  kill: 'Kill',
  pause: 'Pause',
  unpause: 'Unpause',
  remove: 'Remove',
  forceRemove: 'Force remove',
};

export async function containerAction(action: Action, c: Pick<ContainerSummary, 'id' | 'name' | 'state'>): Promise<void> {
  const api = client().containers;
  const what = `${ACTION_WORDS[action]} ${c.name}`;
  switch (action) {
    case 'start':
      await attempt(what, () => api.start({ id: c.id }));
      return;
    case 'stop':
      await attempt(what, () => api.stop({ id: c.id }));
      return;
    case 'restart':
      await attempt(what, () => api.restart({ id: c.id }));
      return;
    case 'kill':
      await attempt(what, () => api.kill({ id: c.id }));
      return;
    case 'pause':
      await attempt(what, () => api.pause({ id: c.id }));
      return;
    case 'unpause':
      await attempt(what, () => api.unpause({ id: c.id }));
      return;
    case 'forceRemove':
      await attempt(what, () => api.remove({ id: c.id, force: true }));
      return;
    case 'remove': {
      const changes = await api.diff({ id: c.id }).catch(() => undefined);
      const check = removeCheck(c, changes);
      if (check.ask) {
        useStore.getState().askRemove({ id: c.id, name: c.name, reasons: check.reasons, changed: check.changed });
        return;
      }
      await attempt(what, () => api.remove({ id: c.id }));
      return;
    }
  }
}

/** Commits the container to `repo[:tag]`, then (optionally) removes it. */
export async function commitThenRemove(id: string, name: string, ref: string, remove: boolean): Promise<boolean> {
  let target: ReturnType<typeof parseCommitTarget>;
  try {
    target = parseCommitTarget(ref);
  } catch (e) {
    useStore.getState().notify({ level: 'error', title: `Commit ${name}: ${shownError(e).message}` });
    return false;
  }
  const { repo, tag } = target;
  const api = client().containers;
  const committed = await attempt(`Commit ${name}`, () => api.commit({ id, repo, ...(tag ? { tag } : {}), comment: `Committed by Berth from ${name}` }));
  if (!committed) return false;
  info(`Committed ${name} to ${ref}`);
  if (remove) await attempt(`Remove ${name}`, () => api.remove({ id }));
  return true;
}
