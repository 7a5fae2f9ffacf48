// What the manager keeps beside a saved VM: ports published by hand on running containers (published again when it resumes) and the host access in force.
import fs from 'node:fs/promises';
import type { VmPortForward } from '../../../app/vm.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.manager');

/** Writes the hand-published forwards of `list` (none: nothing is written). */
export async function keepForwards(file: string, list: readonly VmPortForward[]): Promise<void> {
  const manual = list.filter((f) => f.origin === 'manual' && f.containerId);
  if (manual.length === 0) return;
  await fs.writeFile(file, `${JSON.stringify(manual)}\n`, { mode: 0o600 }).catch((e: unknown) => log.warn('could not keep the hand-published ports', { error: String(e) }));
}

/**
 * Publishes the kept forwards again after a resume (their containers still run); after a boot their containers were
 * stopped, so the list is only dropped. A damaged list is logged and dropped; a port that cannot come back is logged.
 */
export async function restoreForwards(file: string, resumed: boolean, add: (f: VmPortForward) => Promise<unknown>): Promise<number> {
  const raw = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (raw === undefined) return 0;
  await fs.rm(file, { force: true });
  if (!resumed) return 0;
  let list: VmPortForward[];
  try {
    const parsed: unknown = JSON.parse(raw);
    list = Array.isArray(parsed) ? (parsed as VmPortForward[]).filter((f) => typeof f?.containerId === 'string' && Number.isInteger(f.hostPort) && Number.isInteger(f.guestPort)) : [];
  } catch {
    log.warn('ignoring a damaged list of hand-published ports', { file });
    return 0;
  }
  let back = 0;
  for (const f of list) {
    await add(f).then(
      () => back++,
      (e: unknown) => log.warn('a hand-published port did not come back', { hostPort: f.hostPort, error: String(e) }),
    );
  }
  return back;
}

/** Writes `value` as JSON beside the saved VM (undefined: nothing). */
export async function keepJson(file: string, value: unknown): Promise<void> {
  if (value === undefined) return;
  await fs.writeFile(file, `${JSON.stringify(value)}\n`, { mode: 0o600 }).catch((e: unknown) => log.warn('could not keep a part of the saved VM', { file, error: String(e) }));
}

/** Reads and removes what keepJson wrote; undefined when there is nothing or it is damaged. */
export async function takeJson(file: string): Promise<unknown> {
  const raw = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined;
  await fs.rm(file, { force: true });
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
