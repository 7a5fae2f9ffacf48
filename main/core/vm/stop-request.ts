// `berth vm stop [--shutdown]` from another terminal: asks the Berth process running the VM to stop it (saved, or shut down cleanly); who that process is.
import fs from 'node:fs/promises';
import { vmPaths, type VmPaths } from './paths.js';

type Out = (s: string) => void;

export interface VmStopDeps {
  paths?: VmPaths;
  /** process.kill, injectable for tests. */
  kill?: (pid: number, signal: NodeJS.Signals | 0) => void;
  /** Resumes a saved VM and shuts it down cleanly in this process (a Berth core with the VM). */
  shutdownSaved: () => Promise<void>;
  waitMs?: number;
}

function alive(kill: NonNullable<VmStopDeps['kill']>, pid: number): boolean {
  try {
    kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it lives, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readPid = async (file: string): Promise<number> => Number((await fs.readFile(file, 'utf8').catch(() => '')).trim());

/** The pid of another live Berth process running this VM (its owner file names it and the VM's QEMU lives), else undefined. */
export async function otherOwner(paths: VmPaths, kill: NonNullable<VmStopDeps['kill']> = (pid, sig) => process.kill(pid, sig)): Promise<number | undefined> {
  const owner = await readPid(paths.owner);
  if (!Number.isInteger(owner) || owner <= 1 || owner === process.pid || !alive(kill, owner)) return undefined;
  const qemu = await readPid(paths.qemuPid);
  return Number.isInteger(qemu) && qemu > 1 && alive(kill, qemu) ? owner : undefined;
}

/** Exit code: 0 stopped (or nothing to stop), 1 the owner did not stop in time. */
export async function stopVmFromOutside(shutdown: boolean, out: Out, deps: VmStopDeps): Promise<number> {
  const paths = deps.paths ?? vmPaths();
  const kill = deps.kill ?? ((pid, sig) => process.kill(pid, sig));
  const pid = await readPid(paths.owner);
  if (Number.isInteger(pid) && pid > 1 && pid !== process.pid && alive(kill, pid)) {
    if (shutdown) await fs.writeFile(paths.shutdownRequest, '', { mode: 0o600 });
    kill(pid, 'SIGTERM');
    out(`Asked the Berth process running the VM (pid ${pid}) to ${shutdown ? 'shut it down' : 'stop it'}…\n`);
    const deadline = Date.now() + (deps.waitMs ?? 120_000);
    while (alive(kill, pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (alive(kill, pid)) {
      out(`berth: pid ${pid} is still running; the VM may still be stopping.\n`);
      return 1;
    }
    out(shutdown ? 'The VM is shut down.\n' : 'The VM is stopped.\n');
    return 0;
  }
  const saved = await fs.stat(paths.savedStateMeta).then(() => true, () => false);
  if (saved && shutdown) {
    // A saved VM still has its containers running in its memory: they get their clean stop (SIGTERM) now.
    out('Resuming the saved VM to shut it down cleanly…\n');
    await deps.shutdownSaved();
    out('The VM is shut down; the next start boots it.\n');
    return 0;
  }
  out(saved ? 'The VM is stopped with its state saved; the next start resumes it (berth vm stop --shutdown discards it cleanly).\n' : 'The VM is not running.\n');
  return 0;
}
