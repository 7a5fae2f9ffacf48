import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonLines, QmpClient } from './qmp.js';

describe('JsonLines', () => {
  it('yields whole JSON objects across chunk boundaries', () => {
    const j = new JsonLines();
    expect(j.push('{"a":1}\n{"b"')).toEqual([{ a: 1 }]);
    expect(j.push(':2}\n\n')).toEqual([{ b: 2 }]);
  });
});

describe('QmpClient against a fake QEMU', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-qmp-'));
  const sock = path.join(dir, 'qmp.sock');
  let server: net.Server | undefined;
  afterEach(() => server?.close());

  it('negotiates capabilities, returns results and reports errors and events', async () => {
    const seen: string[] = [];
    server = net.createServer((c) => {
      c.write('{"QMP": {"version": {}, "capabilities": []}}\n');
      const lines = new JsonLines();
      c.on('data', (d) => {
        for (const m of lines.push(d.toString()) as Array<{ execute: string; id: string; arguments?: Record<string, unknown> }>) {
          seen.push(m.execute);
          if (m.execute === 'human-monitor-command') c.write(`${JSON.stringify({ return: `ran ${String(m.arguments?.['command-line'])}`, id: m.id })}\n`);
          else if (m.execute === 'bad') c.write(`${JSON.stringify({ error: { class: 'GenericError', desc: 'nope' }, id: m.id })}\n`);
          else c.write(`${JSON.stringify({ return: {}, id: m.id })}\n`);
          if (m.execute === 'quit') c.write('{"event": "SHUTDOWN", "data": {"guest": false}}\n');
        }
      });
    });
    await new Promise<void>((r) => server?.listen(sock, () => r()));
    const q = await QmpClient.connect(sock, 2000);
    expect(await q.hmp('hostfwd_add net0 tcp:127.0.0.1:1-:1')).toBe('ran hostfwd_add net0 tcp:127.0.0.1:1-:1');
    await expect(q.execute('bad')).rejects.toThrow(/nope/);
    const ev = new Promise((r) => q.once('event', r));
    await q.execute('quit');
    expect(await ev).toEqual({ event: 'SHUTDOWN', data: { guest: false } });
    expect(seen).toEqual(['qmp_capabilities', 'human-monitor-command', 'bad', 'quit']);
    q.close();
  });

  it('gives up with a typed error when nothing listens', async () => {
    await expect(QmpClient.connect(path.join(dir, 'none.sock'), 200)).rejects.toMatchObject({ code: 'VM_ERROR' });
  });
});
