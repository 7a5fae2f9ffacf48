// Test helper: a real OpenSSH sshd on 127.0.0.1 with its own host key and authorized_keys, for the remote-engine tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair } from '../ssh/keys.js';

export const SSHD = '/usr/sbin/sshd';

export interface TestSshd {
  dir: string;
  port: number;
  user: string;
  /** The client key sshd accepts, and a known_hosts file with the host key. */
  identityFile: string;
  knownHostsFile: string;
  /** A known_hosts line for the same host with some other key. */
  wrongKnownHosts: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((r) => {
      const c = net.createConnection({ host: '127.0.0.1', port });
      c.once('connect', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${ms} ms`);
}

export async function startSshd(): Promise<TestSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-sshd-'));
  const port = await freePort();
  const user = os.userInfo().username;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
  const client = generateKeyPair('berth-test');
  const identityFile = path.join(dir, 'id_ed25519');
  fs.writeFileSync(identityFile, client.private, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'authorized_keys'), `${client.public}\n`, { mode: 0o600 });
  const hostPub = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(/\s+/);
  const knownHostsFile = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`);
  const other = generateKeyPair('other').public.split(/\s+/);
  const wrongKnownHosts = `[127.0.0.1]:${port} ${other[0]} ${other[1]}\n`;
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(dir, 'host_key')}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no',
    'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'AllowStreamLocalForwarding yes', 'AllowTcpForwarding yes', 'LogLevel ERROR', '',
  ].join('\n'));
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let proc: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    proc = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    await waitForPort(port, 10_000);
  };
  const stop = async (): Promise<void> => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const gone = new Promise((r) => p.once('exit', r));
    // The per-connection sshd processes are its children: end them too, as a host going away would.
    try {
      execFileSync('pkill', ['-TERM', '-P', String(p.pid)]);
    } catch {
      // none were connected
    }
    p.kill('SIGTERM');
    await gone;
  };
  await launch();
  return { dir, port, user, identityFile, knownHostsFile, wrongKnownHosts, stop, restart: launch };
}
