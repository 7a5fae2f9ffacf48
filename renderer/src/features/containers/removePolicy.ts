// When removing a container deserves a question first: it is stopped and either unnamed (engine-generated) or changed.
import type { Change, ContainerSummary } from '../../../../app/model.js';
import { isGeneratedName } from './names.js';

/** How many changed paths the remove dialog names; the rest are counted and the Changes tab lists them all. */
export const NAMED_PATHS = 10;

export interface RemoveCheck {
  ask: boolean;
  reasons: string[];
  /** The person's changed paths (Berth's lent busybox left out): the first NAMED_PATHS, and how many there are. */
  changed?: { paths: string[]; total: number };
}

/** The person's changes: the busybox Berth lent for a shell is Berth's, not theirs. */
export function ownChanges(changes: readonly Change[]): Change[] {
  return changes.filter((c) => !c.lent);
}

/** "1 changed path that is not in any image; it will be lost." / "3 changed paths that are not …; they will be lost." */
export function changedSentence(n: number): string {
  return n === 1
    ? 'Its filesystem has 1 changed path that is not in any image; it will be lost:'
    : `Its filesystem has ${n} changed paths that are not in any image; they will be lost:`;
}

/** `changes` from `containers.diff`, or undefined if unknown (the engine did not answer). */
export function removeCheck(c: Pick<ContainerSummary, 'name' | 'state'>, changes: readonly Change[] | undefined): RemoveCheck {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') return { ask: false, reasons: [] };
  const reasons: string[] = [];
  if (isGeneratedName(c.name)) reasons.push(`It has no name you chose ("${c.name}" was picked by the engine), so it may be hard to recognise later.`);
  const own = ownChanges(changes ?? []);
  if (own.length === 0) return { ask: reasons.length > 0, reasons };
  reasons.push(changedSentence(own.length));
  return { ask: true, reasons, changed: { paths: own.slice(0, NAMED_PATHS).map((x) => x.path), total: own.length } };
}

/** A repository name for "commit to image" from a container name. */
export function commitRepoFor(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return `${base || 'container'}-snapshot`;
}
