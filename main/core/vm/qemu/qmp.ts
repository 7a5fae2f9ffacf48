// QMP client: JSON commands and events over QEMU's control socket (quit, status, hostfwd through the human monitor).
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { BerthError } from '../../../../app/errors.js';
import { createLogger } from '../../log.js';

const log = createLogger('vm.qmp');

export interface QmpEvent {
  event: string;
  data?: unknown;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Splits a byte stream into JSON lines; QMP sends one object per line. */
export class JsonLines {
  private buf = '';
  push(chunk: string): unknown[] {
    this.buf += chunk;
    const out: unknown[] = [];
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i).trim();
      this.buf = this.buf.slice(i + 1);
      if (line.length > 0) out.push(JSON.parse(line));
    }
    return out;
  }
}

export class QmpClient extends EventEmitter {
  private sock: net.Socket | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  /** Connects, reads the greeting and negotiates capabilities; retries until `timeoutMs` while QEMU creates the socket. */
  static async connect(path: string, timeoutMs = 10_000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const c = new QmpClient();
        await c.open(path);
        return c;
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new BerthError('VM_ERROR', `QEMU's control socket ${path} did not answer within ${timeoutMs / 1000} s.`, { detail: String(last) });
  }

  private open(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection(path);
      const lines = new JsonLines();
      let greeted = false;
      sock.setEncoding('utf8');
      sock.once('error', reject);
      sock.on('data', (chunk: string) => {
        let msgs: unknown[];
        try {
          msgs = lines.push(chunk);
        } catch (e) {
          log.warn('unparseable QMP data', { error: String(e) });
          return;
        }
        for (const m of msgs) {
          const msg = m as { QMP?: unknown; event?: string; data?: unknown; id?: string; return?: unknown; error?: { desc?: string } };
          if (!greeted && msg.QMP) {
            greeted = true;
            this.sock = sock;
            sock.off('error', reject);
            sock.on('error', (e) => log.debug('QMP socket error', { error: String(e) }));
            this.execute('qmp_capabilities').then(() => resolve(), reject);
            continue;
          }
          if (msg.event) {
            this.emit('event', { event: msg.event, data: msg.data } satisfies QmpEvent);
            continue;
          }
          const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
          if (!p || msg.id === undefined) continue;
          this.pending.delete(msg.id);
          if (msg.error) p.reject(new BerthError('VM_ERROR', `QEMU refused a command: ${msg.error.desc ?? 'unknown error'}`));
          else p.resolve(msg.return);
        }
      });
      sock.on('close', () => {
        this.closed = true;
        for (const p of this.pending.values()) p.reject(new BerthError('VM_ERROR', 'QEMU closed its control socket.'));
        this.pending.clear();
        this.emit('close');
      });
    });
  }

  execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    const sock = this.sock;
    if (!sock || this.closed) return Promise.reject(new BerthError('VM_ERROR', 'QEMU control socket is closed.'));
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      sock.write(`${JSON.stringify(args ? { execute: command, arguments: args, id } : { execute: command, id })}\n`);
    });
  }

  /** Runs a human-monitor command; QEMU reports its failures as text, which is returned as is. */
  async hmp(commandLine: string): Promise<string> {
    const out = await this.execute('human-monitor-command', { 'command-line': commandLine });
    return typeof out === 'string' ? out : '';
  }

  close(): void {
    this.closed = true;
    this.sock?.destroy();
  }
}
