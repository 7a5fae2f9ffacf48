// Host terminal on the real engine: `docker` typed into the shell reaches the engine Berth is connected to, and only it.
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../engine/link/endpoint.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createHostTerminal, type HostTerminalResult } from './host-pty.js';

async function shell(endpoint: Endpoint): Promise<{ control: StreamControl; run: (cmd: string, until: RegExp) => Promise<string>; ends: HostTerminalResult[] }> {
  const chunks: string[] = [];
  const ends: HostTerminalResult[] = [];
  const sink: Sink<string, HostTerminalResult> = {
    push: (c) => (chunks.push(c), true),
    onDrain: () => undefined,
    end: (r) => ends.push(r),
    fail: (e) => {
      throw e;
    },
    signal: new AbortController().signal,
  };
  // A fresh HOME: no ~/.docker/config.json context can steer the CLI elsewhere.
  const home = mkdtempSync(join(tmpdir(), 'berth-hostterm-home-'));
  const handler = createHostTerminal({ endpoint: () => endpoint, env: { ...process.env, HOME: home, DOCKER_CONTEXT: 'would-break-it' }, shell: { file: '/bin/sh', args: [] } });
  const control = await handler({ cols: 120, rows: 30 }, sink);
  const run = async (cmd: string, until: RegExp) => {
    const from = chunks.join('').length;
    control.write?.(`${cmd}\r`);
    for (let i = 0; i < 400; i++) {
      const out = chunks.join('').slice(from);
      if (until.test(out)) return out;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no ${until} after "${cmd}"; got: ${chunks.join('').slice(from)}`);
  };
  return { control, run, ends };
}

describe('host terminal on the real engine', () => {
  it('docker version and docker info typed into the shell answer from the same engine', async () => {
    // Reach the engine through a socket path of our own, so the default /var/run/docker.sock cannot answer by accident.
    const dir = mkdtempSync(join(tmpdir(), 'berth-hostterm-'));
    const link = join(dir, 'engine.sock');
    symlinkSync('/var/run/docker.sock', link);
    const engine = new Docker({ socketPath: '/var/run/docker.sock' });
    const [info, version] = await Promise.all([engine.info() as Promise<{ ID: string }>, engine.version()]);

    const t = await shell({ kind: 'socket', label: 'test', address: link });
    // Markers are spelt 'D''H=' in the command so the echoed command line never matches them.
    const hostOut = await t.run(`echo 'D''H='"$DOCKER_HOST"`, /DH=unix:\/\/\S+engine\.sock/);
    expect(hostOut).toContain(`DH=unix://${link}`);
    const v = await t.run("docker version --format 'S''V={{.Server.Version}}'", /SV=\S+/);
    expect(v).toContain(`SV=${version.Version}`);
    const i = await t.run("docker info --format 'I''D={{.ID}}'", /ID=\S+/);
    expect(i).toContain(`ID=${info.ID}`);
    t.control.resize?.(150, 50);
    expect(await t.run('stty size', /\d+ \d+/)).toContain('50 150');
    t.control.close();
  }, 30_000);

  it('an unreachable endpoint is what the shell sees (DOCKER_HOST is honoured, not bypassed)', async () => {
    const t = await shell({ kind: 'socket', label: 'nowhere', address: join(tmpdir(), `berth-no-engine-${process.pid}.sock`) });
    const out = await t.run(`docker version 2>&1; echo 'r''c='"$?"`, /rc=\d+/);
    expect(out).toMatch(/Cannot connect|no such file|connect:/i);
    expect(out).toMatch(/rc=1/);
    t.control.close();
  }, 30_000);
});
