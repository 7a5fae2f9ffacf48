// When removing a container deserves a question first: it is stopped and either unnamed (engine-generated) or changed.
import type { ContainerSummary } from '../../../../app/model.js';
import { isGeneratedName } from './names.js';

export interface RemoveCheck {
  ask: boolean;
  reasons: string[];
}

/** `changes` is the number of paths changed in the writable layer (from `containers.diff`), or undefined if unknown. */
export function removeCheck(c: Pick<ContainerSummary, 'name' | 'state'>, changes: number | undefined): RemoveCheck {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') return { ask: false, reasons: [] };
  const reasons: string[] = [];
  if (isGeneratedName(c.name)) reasons.push(`It has no name you chose ("${c.name}" was picked by the engine), so it may be hard to recognise later.`);
  if (changes && changes > 0) reasons.push(`Its filesystem has ${changes} changed ${changes === 1 ? 'path' : 'paths'} that are not in any image; they will be lost.`);
  return { ask: reasons.length > 0, reasons };
}

/** A repository name for "commit to image" from a container name. */
export function commitRepoFor(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return `${base || 'container'}-snapshot`;
}
