// A remote engine over SSH (ssh://user@127.0.0.1:port) against a real OpenSSH sshd and the real dockerd: the window's calls, the docker CLI, bad keys.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../app/model.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { connectClient } from '../../server/testClient.js';
import { createCore, type Core } from '../api.js';
import { BUSYBOX, cleanupTestObjects, TEST_LABEL, uniqueName } from '../testing/engine.js';
import { startSshd, type TestSshd } from './sshd.js';

const run = promisify(execFile);

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

describe('remote engine over SSH (real sshd on loopback)', () => {
  let sshd: TestSshd;
  const cores: Core[] = [];

  const core = (opts: { knownHosts?: string; identity?: string; agent?: string } = {}): Core => {
    const c = createCore({
      home: fs.mkdtempSync(path.join(sshd.dir, 'home-')),
      endpointSetting: `ssh://${sshd.user}@127.0.0.1:${sshd.port}`,
      remote: {
        sshDir: path.join(sshd.dir, 'no-ssh-dir'),
        agent: opts.agent ?? '',
        identityFiles: opts.agent ? [] : [opts.identity ?? sshd.identityFile],
        knownHostsFiles: [opts.knownHosts ?? sshd.knownHostsFile],
        loginTimeoutMs: 5000,
      },
      connection: { minBackoffMs: 100, maxBackoffMs: 500 },
    });
    cores.push(c);
    c.start();
    return c;
  };
  const downReason = (c: Core): Promise<string> => until('a down status', () => (c.ctx.conn.getStatus().state === 'down' ? c.ctx.conn.getStatus().reason : undefined), 15_000);

  beforeAll(async () => {
    sshd = await startSshd();
  }, 30_000);
  afterAll(async () => {
    for (const c of cores) await c.shutdown();
    await sshd?.stop();
    await cleanupTestObjects();
    fs.rmSync(sshd.dir, { recursive: true, force: true });
  }, 30_000);

  it('serves the whole contract through the SSH link: status, run, logs, a terminal, the docker CLI', async () => {
    const c = core();
    await c.ready(20_000);
    const st = c.ctx.conn.getStatus();
    expect(st.endpoint).toMatchObject({ kind: 'ssh', label: `ssh: ${sshd.user}@127.0.0.1:${sshd.port}`, remoteHost: '127.0.0.1' });
    // The local socket is the user's alone.
    expect(fs.statSync(st.endpoint.address).mode & 0o777).toBe(0o600);

    const server: RunningServer = await startServer({ core: c, staticDir: sshd.dir });
    const { client, transport, opened } = connectClient(server.url, server.token);
    await opened;
    try {
      expect((await client.engine.status()).endpoint.kind).toBe('ssh');
      const name = uniqueName('remote');
      await client.containers.run({ image: BUSYBOX, name, labels: { [TEST_LABEL]: '1' }, command: ['sh', '-c', 'echo over-ssh; sleep 300'] });
      expect((await client.containers.list({ all: true })).some((x) => x.name === name)).toBe(true);
      let logs = '';
      client.containers.logs({ id: name, follow: true }, { onData: (chunk) => (logs += chunk.map((l) => l.text).join('\n')), onEnd: () => undefined });
      await until('the log line', () => (logs.includes('over-ssh') ? true : undefined), 10_000);
      let out = '';
      const term = client.terminals.exec({ id: name, cmd: ['sh'], cols: 80, rows: 24 }, { onData: (d) => (out += d), onEnd: () => undefined });
      term.write('echo $((6*7))-remote\n');
      await until('the terminal echo', () => (out.includes('42-remote') ? true : undefined), 10_000);
      term.close();
      // The unmodified docker CLI works through the same local socket.
      const ps = await run('docker', ['ps', '--filter', `name=${name}`, '--format', '{{.Names}}'], { env: { ...process.env, DOCKER_HOST: `unix://${st.endpoint.address}`, DOCKER_CONTEXT: '' } });
      expect(ps.stdout.trim()).toBe(name);
    } finally {
      transport.close();
      await server.close();
    }
  }, 60_000);

  it('comes back by itself after the host drops every connection and returns', async () => {
    const c = core();
    await c.ready(20_000);
    const seen: EngineStatus['state'][] = [];
    c.ctx.conn.onStatus((s) => seen.push(s.state));
    await sshd.stop();
    await until('the outage', () => (seen.includes('down') ? true : undefined), 15_000);
    await sshd.restart();
    await until('the engine back up', () => (c.ctx.conn.getStatus().state === 'up' ? true : undefined), 20_000);
  }, 60_000);

  it('logs in with the key held by ssh-agent alone (no key file)', async () => {
    const sock = path.join(sshd.dir, 'agent.sock');
    const agent = await run('ssh-agent', ['-a', sock]);
    const pid = /SSH_AGENT_PID=(\d+)/.exec(agent.stdout)?.[1];
    try {
      await run('ssh-add', [sshd.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const c = core({ agent: sock });
      await c.ready(20_000);
      expect(c.ctx.conn.getStatus().state).toBe('up');
    } finally {
      if (pid) process.kill(Number(pid));
    }
  }, 30_000);

  it('refuses a host that is not in known_hosts, and says how to check its fingerprint', async () => {
    const empty = path.join(sshd.dir, 'empty_known_hosts');
    fs.writeFileSync(empty, '');
    const reason = await downReason(core({ knownHosts: empty }));
    expect(reason).toMatch(/not in your known_hosts.*SHA256:.*ssh -p \d+ /s);
  }, 30_000);

  it('refuses a changed host key as a possible interception', async () => {
    const wrong = path.join(sshd.dir, 'wrong_known_hosts');
    fs.writeFileSync(wrong, sshd.wrongKnownHosts);
    expect(await downReason(core({ knownHosts: wrong }))).toMatch(/host key of 127\.0\.0\.1 changed.*intercepting/s);
  }, 30_000);

  it('says the host refused the key when authorized_keys does not have it', async () => {
    const stranger = path.join(sshd.dir, 'stranger');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    expect(await downReason(core({ identity: stranger }))).toMatch(/refused Berth's SSH keys.*authorized_keys/s);
  }, 30_000);
});
