import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { vmPaths } from './paths.js';
import { otherOwner, stopVmFromOutside } from './stop-request.js';

function setup() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vmstop-'));
  const paths = vmPaths('default', home);
  fs.mkdirSync(paths.dir, { recursive: true });
  let out = '';
  return { paths, say: (s: string) => void (out += s), out: () => out };
}

describe('berth vm stop', () => {
  it('signals the process that runs the VM, asking for a clean shutdown with --shutdown', async () => {
    const t = setup();
    fs.writeFileSync(t.paths.owner, '4242\n');
    let running = true;
    const signals: string[] = [];
    const kill = (pid: number, sig: NodeJS.Signals | 0) => {
      if (sig === 0) {
        if (!running) throw new Error('ESRCH');
        return;
      }
      signals.push(`${pid} ${sig}`);
      expect(fs.existsSync(t.paths.shutdownRequest)).toBe(true);
      running = false;
    };
    expect(await stopVmFromOutside(true, t.say, { paths: t.paths, kill, shutdownSaved: async () => undefined })).toBe(0);
    expect(signals).toEqual(['4242 SIGTERM']);
    expect(t.out()).toContain('The VM is shut down.');
  });

  it('resumes a saved VM to shut it down cleanly, and says what it did otherwise', async () => {
    const t = setup();
    let resumed = 0;
    const deps = { paths: t.paths, kill: () => { throw new Error('ESRCH'); }, shutdownSaved: async () => void resumed++ };
    expect(await stopVmFromOutside(false, t.say, deps)).toBe(0);
    expect(t.out()).toContain('The VM is not running.');
    fs.writeFileSync(t.paths.savedStateMeta, '{}');
    expect(await stopVmFromOutside(false, t.say, deps)).toBe(0);
    expect(t.out()).toContain('state saved');
    expect(resumed).toBe(0);
    expect(await stopVmFromOutside(true, t.say, deps)).toBe(0);
    expect(resumed).toBe(1);
  });
});

describe('who runs the VM', () => {
  const esrch = () => Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
  it('names another live Berth process only while the VM it started lives; a stale file, this process or a dead QEMU name none', async () => {
    const t = setup();
    const live = new Set([4242, 5151]);
    const kill = (pid: number) => {
      if (!live.has(pid)) throw esrch();
    };
    expect(await otherOwner(t.paths, kill)).toBeUndefined();
    fs.writeFileSync(t.paths.owner, '4242\n');
    fs.writeFileSync(t.paths.qemuPid, '5151\n');
    expect(await otherOwner(t.paths, kill)).toBe(4242);
    live.delete(5151);
    expect(await otherOwner(t.paths, kill)).toBeUndefined();
    live.add(5151);
    live.delete(4242);
    expect(await otherOwner(t.paths, kill)).toBeUndefined();
    fs.writeFileSync(t.paths.owner, `${process.pid}\n`);
    live.add(process.pid);
    expect(await otherOwner(t.paths, kill)).toBeUndefined();
    fs.writeFileSync(t.paths.owner, 'garbage');
    expect(await otherOwner(t.paths, kill)).toBeUndefined();
  });

  it('counts a process of another user (EPERM) as alive', async () => {
    const t = setup();
    fs.writeFileSync(t.paths.owner, '4242\n');
    fs.writeFileSync(t.paths.qemuPid, '5151\n');
    const kill = () => {
      throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
    };
    expect(await otherOwner(t.paths, kill)).toBe(4242);
  });
});
