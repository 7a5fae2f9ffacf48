// The Windows engine pipe (issue 13, M6): named per user, and never served or named in the docker context while another program answers on it.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VmSettings, VmStatus } from '../../../app/vm.js';
import { StatusTracker, type VmBackend } from './backend.js';
import { contextMetaPath, ensureDockerContext } from './docker-context.js';
import { enginePipeName, guardEnginePipe, pathAnswers } from './engine-pipe.js';
import { PipeGuardedVmManager, createVmManager } from './index.js';

const dirs: string[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-pipe-'));
  dirs.push(d);
  return d;
}

/** Another program sitting on the name (a unix socket stands in for the pipe on Linux). */
async function squatter(at: string): Promise<net.Server> {
  const s = net.createServer((c) => c.end());
  servers.push(s);
  await new Promise<void>((r) => s.listen(at, r));
  return s;
}

/** A backend that records whether the VM was asked to boot. */
class RecordingBackend implements VmBackend {
  readonly kind = 'wsl' as const;
  readonly tracker = new StatusTracker('wsl');
  started = 0;
  failWith: Error | undefined;
  state(): VmStatus { return this.tracker.get(); }
  onStatus(cb: (s: VmStatus) => void) { return this.tracker.on(cb); }
  onConnection() { return () => undefined; }
  async create(): Promise<void> { this.tracker.set('creating'); this.tracker.set('stopped'); }
  async start(s: VmSettings): Promise<void> {
    this.started++;
    if (this.failWith) throw this.failWith;
    this.tracker.set('starting', { running: s });
  }
  async stop(): Promise<void> {}
  async restart(): Promise<void> {}
  async delete(): Promise<void> {}
  async exec(): Promise<never> { throw new Error('unused'); }
  async shell(): Promise<never> { throw new Error('unused'); }
  async forward(): Promise<never> { throw new Error('unused'); }
  consoleTail(): string[] { return []; }
}

describe('engine pipe name', () => {
  it('differs between two users and is stable for one', () => {
    const alice = enginePipeName({ username: 'alice', homedir: 'C:\\Users\\alice' });
    const bob = enginePipeName({ username: 'bob', homedir: 'C:\\Users\\bob' });
    expect(alice).toMatch(/^\\\\\.\\pipe\\berth-docker-[0-9a-f]{16}$/);
    expect(bob).not.toBe(alice);
    expect(enginePipeName({ username: 'alice', homedir: 'C:\\Users\\alice' })).toBe(alice);
    // Windows compares account names and paths without case.
    expect(enginePipeName({ username: 'ALICE', homedir: 'c:\\users\\Alice' })).toBe(alice);
    // Same name, another home (another machine's account or profile): another pipe.
    expect(enginePipeName({ username: 'alice', homedir: 'D:\\Users\\alice' })).not.toBe(alice);
    expect(enginePipeName()).toBe(enginePipeName());
  });

  it('is what the Windows manager serves on, not the old global name', () => {
    const vm = createVmManager({ home: tmp(), dockerContext: false }, 'win32');
    expect(vm).toBeInstanceOf(PipeGuardedVmManager);
    expect(vm.socketPath).toBe(enginePipeName());
    expect(vm.socketPath).not.toBe('\\\\.\\pipe\\berth-docker');
  });
});

describe('squat check', () => {
  it('tells a free name from one that answers', async () => {
    const at = path.join(tmp(), 'engine.sock');
    expect(await pathAnswers(at)).toBe(false);
    await expect(guardEnginePipe(at, { dockerContext: false })).resolves.toBeUndefined();
    await squatter(at);
    expect(await pathAnswers(at)).toBe(true);
  });

  it('refuses to serve a name someone else answers on, before booting, and removes the context that points there', async () => {
    const dir = tmp();
    const at = path.join(dir, 'engine.sock');
    const configDir = path.join(dir, 'docker');
    await ensureDockerContext(at, { configDir });
    await squatter(at);
    const backend = new RecordingBackend();
    const vm = new PipeGuardedVmManager({ home: dir, backend, socketPath: at, dockerContext: { configDir } });
    await expect(vm.start()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`Another program already answers on ${at}`) });
    expect(backend.started).toBe(0);
    expect(fs.existsSync(contextMetaPath(configDir, 'berth'))).toBe(false);
  });

  it('leaves a context that points elsewhere alone', async () => {
    const dir = tmp();
    const at = path.join(dir, 'engine.sock');
    const configDir = path.join(dir, 'docker');
    await ensureDockerContext('/somewhere/else.sock', { configDir });
    await squatter(at);
    await expect(guardEnginePipe(at, { dockerContext: { configDir } })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.existsSync(contextMetaPath(configDir, 'berth'))).toBe(true);
  });

  it('turns a listen that lost the race for the name (EADDRINUSE) into the same clear error', async () => {
    const dir = tmp();
    const at = path.join(dir, 'engine.sock');
    const configDir = path.join(dir, 'docker');
    await ensureDockerContext(at, { configDir });
    const backend = new RecordingBackend();
    backend.failWith = Object.assign(new Error(`listen EADDRINUSE: address already in use ${at}`), { code: 'EADDRINUSE' });
    const vm = new PipeGuardedVmManager({ home: dir, backend, socketPath: at, dockerContext: { configDir } });
    await expect(vm.start()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(fs.existsSync(contextMetaPath(configDir, 'berth'))).toBe(false);
    backend.failWith = new Error('something else');
    await expect(vm.start()).rejects.toThrow('something else');
  });
});
