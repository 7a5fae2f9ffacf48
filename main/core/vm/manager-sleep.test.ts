import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { VmSettings, VmStatus } from '../../../app/vm.js';
import { StatusTracker, type Disposer, type VmBackend } from './backend.js';
import { VmManager } from './manager.js';
import type { ExecResult, ShellHandle } from '../ssh/ssh.js';

/** A backend that can pause: its "guest" is an HTTP engine on a local socket; what it was asked is in `calls`. */
class PausingBackend implements VmBackend {
  readonly kind = 'qemu' as const;
  readonly ports = undefined;
  readonly tracker = new StatusTracker('qemu');
  calls: string[] = [];
  constructor(private readonly engineSock: string) {}
  state(): VmStatus { return this.tracker.get(); }
  onStatus(cb: (s: VmStatus) => void): Disposer { return this.tracker.on(cb); }
  onConnection(): Disposer { return () => undefined; }
  async create(): Promise<void> { this.tracker.set('creating'); this.tracker.set('stopped'); }
  async start(s: VmSettings): Promise<void> {
    if (this.tracker.get().state === 'absent') await this.create();
    this.tracker.set('starting', { running: s });
    this.tracker.set('running');
  }
  async stop(): Promise<void> { this.calls.push('shutdown'); this.tracker.set('stopping'); this.tracker.set('stopped'); }
  async restart(s: VmSettings): Promise<void> { await this.stop(); await this.start(s); }
  async delete(): Promise<void> { this.tracker.set('absent'); }
  async pause(): Promise<void> { this.calls.push('pause'); }
  async resume(): Promise<void> { this.calls.push('resume'); }
  async exec(command: string): Promise<ExecResult> {
    this.calls.push(command.startsWith('date -u -s @') ? 'clock' : `exec ${command}`);
    return { code: 0, signal: undefined, stdout: command.includes('berth-host-access') ? '10.0.2.2\n' : '', stderr: '' };
  }
  async shell(): Promise<ShellHandle> { throw new Error('no shell'); }
  async forward(t: { socketPath: string } | { host: string; port: number }): Promise<Duplex> {
    if (!('socketPath' in t)) throw new Error('tcp unused');
    return net.createConnection({ path: this.engineSock, allowHalfOpen: true });
  }
  consoleTail(): string[] { return []; }
}

/** An engine that answers /_ping, lists no container, holds /events and logs open, and notes each request in `calls`. */
function fakeEngine(sock: string, calls: string[]): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (!url.includes('/events') && !url.includes('/containers/json')) calls.push(`engine ${url}`);
    if (url.startsWith('/_ping')) return void res.end('OK');
    if (url.includes('/containers/json')) return void res.end('[]');
    // Streams the engine keeps open: events, and a `logs -f` that prints a line now and then.
    if (url.includes('/events')) { res.writeHead(200); res.flushHeaders(); return; }
    if (url.includes('/logs')) {
      res.writeHead(200);
      const t = setInterval(() => res.write('line\n'), 100);
      res.on('close', () => clearInterval(t));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  return new Promise((r) => s.listen(sock, () => r(s)));
}

function get(sock: string, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath: sock, path: p, agent: false }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    }).on('error', reject);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Waits for `ok` (checked every 20 ms) up to `ms`: falling asleep takes the 1 s idle time plus whatever a loaded machine adds. */
async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await sleep(20);
}
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(sleepAfterS: number) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sleep-'));
  const engineSock = path.join(home, 'engine.sock');
  const backend = new PausingBackend(engineSock);
  const engine = await fakeEngine(engineSock, backend.calls);
  const vm = new VmManager({ home, backend, dockerContext: false });
  await vm.init();
  await vm.setSettings({ shares: [], sleepAfterS });
  await vm.start();
  cleanups.push(async () => {
    await vm.dispose();
    engine.close();
    fs.rmSync(home, { recursive: true, force: true });
  });
  return { vm, backend };
}

describe('VmManager sleeps when idle', () => {
  it('sleeps with only event streams open, shows Sleeping, and wakes (clock set) before the first request reaches the engine', async () => {
    const { vm, backend } = await setup(1);
    // The window's own engine link holds an event stream through the socket: a watch, not use.
    const events = http.get({ socketPath: vm.socketPath, path: '/v1.43/events', agent: false });
    events.on('error', () => undefined);
    cleanups.push(() => void events.destroy());
    await until(() => vm.status().sleeping === true);
    expect(vm.status()).toMatchObject({ state: 'running', sleeping: true });
    expect(backend.calls).toContain('pause');
    backend.calls.length = 0;
    expect(await get(vm.socketPath, '/_ping')).toEqual({ status: 200, body: 'OK' });
    expect(backend.calls).toEqual(['resume', 'clock', 'engine /_ping']);
    expect(vm.status().sleeping).toBeUndefined();
    expect(vm.status().lastWakeMs).toBeGreaterThanOrEqual(0);
  });

  it('never sleeps while a client request is open, and a VM action wakes it', async () => {
    const { vm, backend } = await setup(1);
    // A streamed answer held open (as `logs -f` is): the engine never ends it.
    const held = http.get({ socketPath: vm.socketPath, path: '/v1.43/containers/x/logs?follow=1', agent: false });
    held.on('error', () => undefined);
    await sleep(1500);
    expect(vm.status().sleeping).toBeUndefined();
    held.destroy();
    // A client gone from a half-open stream is seen at the next write to it (the proxy keeps half-closed requests answering).
    await until(() => vm.status().sleeping === true);
    expect(vm.status().sleeping).toBe(true);
    backend.calls.length = 0;
    await vm.exec('uptime');
    expect(backend.calls).toEqual(['resume', 'clock', 'exec uptime']);
  });

  it('wakes a sleeping VM before stopping it, and refuses a negative idle time', async () => {
    const { vm, backend } = await setup(1);
    await until(() => vm.status().sleeping === true);
    expect(vm.status().sleeping).toBe(true);
    await expect(vm.setSettings({ sleepAfterS: -1 })).rejects.toThrow(/sleepAfterS: must be 0 \(never\) or more seconds/);
    await vm.stop();
    expect(backend.calls.slice(-3)).toEqual(['resume', 'clock', 'shutdown']);
  });

  it('with 0 never sleeps', async () => {
    const { vm } = await setup(0);
    await sleep(1300);
    expect(vm.status().sleeping).toBeUndefined();
  });
});
