// A VmBackend without a VM for tests: its "guest" engine is a tiny HTTP server on a local unix socket the test starts (fakeEngine).
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { VmSettings, VmStatus } from '../../../app/vm.js';
import { StatusTracker, type Disposer, type VmBackend } from '../vm/backend.js';
import type { ExecResult, ShellHandle } from '../ssh/ssh.js';

/** A backend whose "guest" is a tiny HTTP engine on a local unix socket: lets the manager run without a VM. */
export class FakeBackend implements VmBackend {
  readonly kind = 'qemu' as const;
  readonly ports = undefined;
  readonly tracker = new StatusTracker('qemu');
  calls: string[] = [];
  execs: string[] = [];
  constructor(private readonly engineSock: string) {}
  state(): VmStatus { return this.tracker.get(); }
  onStatus(cb: (s: VmStatus) => void): Disposer { return this.tracker.on(cb); }
  onConnection(): Disposer { return () => undefined; }
  async create(s: VmSettings): Promise<void> {
    this.calls.push(`create ${s.diskGiB}`);
    this.tracker.set('creating');
    this.tracker.set('stopped');
  }
  async start(s: VmSettings): Promise<void> {
    if (this.tracker.get().state === 'absent') await this.create(s);
    this.calls.push(`start ${s.cpus}/${s.memoryMiB}/${s.diskGiB}`);
    this.tracker.set('starting', { running: s });
    this.tracker.beginStage('boot');
    this.tracker.endStage();
    this.tracker.set('running');
  }
  async stop(opts: { save?: boolean } = {}): Promise<void> {
    if (this.tracker.get().state !== 'running') return;
    this.calls.push(opts.save ? 'save' : 'stop');
    this.tracker.set('stopping');
    this.tracker.set('stopped');
  }
  async restart(s: VmSettings): Promise<void> { await this.stop(); await this.start(s); }
  async delete(): Promise<void> { await this.stop(); this.calls.push('delete'); this.tracker.set('absent'); }
  async exec(command: string): Promise<ExecResult> {
    this.execs.push(command);
    return { code: 0, signal: undefined, stdout: command.includes('berth-host-access') ? '10.0.2.2\n' : '', stderr: '' };
  }
  async shell(): Promise<ShellHandle> { throw new Error('no shell'); }
  async forward(t: { socketPath: string } | { host: string; port: number }): Promise<Duplex> {
    if (!('socketPath' in t)) throw new Error('tcp unused');
    return net.createConnection({ path: this.engineSock, allowHalfOpen: true });
  }
  consoleTail(): string[] { return ['berth: stage boot done']; }
}

export function fakeEngine(sock: string, creates: unknown[] = []): Promise<http.Server> {
  const s = http.createServer((req, res) => {
    if (req.url?.startsWith('/_ping')) return void res.end('OK');
    if (req.url?.includes('/containers/create')) {
      let b = '';
      req.on('data', (d) => (b += d));
      req.on('end', () => (creates.push(JSON.parse(b)), res.writeHead(201).end('{"Id":"c1"}')));
      return;
    }
    if (req.url?.includes('/containers/json')) return void res.end('[]');
    if (req.url?.includes('/events')) { res.writeHead(200); res.flushHeaders(); return; }
    res.statusCode = 404;
    res.end('{}');
  });
  return new Promise((r) => s.listen(sock, () => r(s)));
}

