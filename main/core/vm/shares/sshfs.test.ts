// Reverse SSHFS on the host's side: the guest commands, the link sshd forwards to the real sftp-server, failures in sshfs's own words, and what a new link keeps.
import { existsSync } from 'node:fs';
import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../../app/parse/shellwords.js';
import type { ExecResult } from '../../ssh/ssh.js';
import { INSTALL_RELAY, RELAY_PATH, RELAY_SCRIPT } from './sftp-relay.js';
import { findSftpServer, SFTP_SERVER_CANDIDATES, sshfsCommand, SshfsShares, type SshfsDeps } from './sshfs.js';

const ok: ExecResult = { code: 0, signal: undefined, stdout: '', stderr: '' };
const no: ExecResult = { code: 1, signal: undefined, stdout: '', stderr: '' };

/** One SFTP packet: uint32 length, then the body (SSH_FXP_INIT = 1 with version 3). */
const FXP_INIT = Buffer.from([0, 0, 0, 5, 1, 0, 0, 0, 3]);

const server = SFTP_SERVER_CANDIDATES.find((p) => existsSync(p));

/** A guest that answers each command by its start, records them, and keeps what sshd was asked to listen on. */
function fakeGuest(answer: (cmd: string) => ExecResult | Promise<ExecResult> = () => ok) {
  const commands: { cmd: string; stdin?: string }[] = [];
  const sockets: { path: string; onStream: (s: Duplex) => void }[] = [];
  const deps: SshfsDeps = {
    listen: async (path, onStream) => void sockets.push({ path, onStream }),
    exec: async (cmd, o) => (commands.push({ cmd, ...(o?.stdin ? { stdin: o.stdin } : {}) }), answer(cmd)),
    env: { BERTH_SFTP_SERVER: server ?? '/nonexistent' },
  };
  const mounts = () => commands.filter((c) => c.cmd.includes('sshfs -o $o berth:')).map((c) => c.cmd);
  return { deps, commands, sockets, mounts };
}

describe('sshfs shares', () => {
  it('builds a guest command that quotes the path, reconnects through the relay, and shows sshfs\'s words on failure', () => {
    const path = "/home/ana/my 'code' $(x)";
    const cmd = sshfsCommand(path);
    const parts = cmd.split(' && ');
    expect(splitShellWords(parts[0] ?? '')).toEqual(['mkdir', '-p', path]);
    expect(parts[1]).toMatch(/^o=allow_other,.*,reconnect,ssh_command=\/run\/berth\/sftp\/relay$/);
    expect(cmd).toContain('o=$o,no_contain_symlinks');
    const mount = parts.find((p) => p.startsWith('{ sshfs -o ')) ?? '';
    expect(mount).toContain('|| { cat $log >&2;');
    // Not in the foreground: sshfs connects, mounts, then leaves the command (and its SSH channel) behind.
    expect(splitShellWords(mount.slice(2, mount.indexOf(' </dev/null')).replace('$o', 'OPTS'))).toEqual(['sshfs', '-o', 'OPTS', `berth:${path}`, path]);
  });

  it('mounts with other options when given (the tuning bench), quoted as one word', () => {
    expect(sshfsCommand('/tmp', ['max_conns=4']).split(' && ')[1]).toBe(`o=max_conns=4,reconnect,ssh_command=${RELAY_PATH}`);
    expect(sshfsCommand('/tmp', ['a b']).split(' && ')[1]).toBe(`o='a b,reconnect,ssh_command=${RELAY_PATH}'`);
  });

  it('finds sftp-server where each platform keeps it, or as BERTH_SFTP_SERVER says', () => {
    expect(findSftpServer({}, (p) => p === '/usr/libexec/sftp-server')).toBe('/usr/libexec/sftp-server');
    expect(findSftpServer({ BERTH_SFTP_SERVER: '/opt/x/sftp-server' }, (p) => p === '/opt/x/sftp-server')).toBe('/opt/x/sftp-server');
    expect(findSftpServer({ BERTH_SFTP_SERVER: '/nope' }, () => false)).toBeUndefined();
  });

  it('reports a share as failed, with the fix, when there is no sftp-server', async () => {
    const g = fakeGuest();
    const shares = new SshfsShares({ ...g.deps, env: { BERTH_SFTP_SERVER: '/nonexistent/sftp-server' } });
    const [s] = await shares.mount(['/home/ana']);
    expect(s).toMatchObject({ path: '/home/ana', transport: 'sshfs', state: 'failed' });
    expect(s?.error).toMatch(/sftp-server was not found.*openssh-sftp-server/);
    expect(g.commands).toEqual([]);
  });

  it.skipIf(!server)('links the guest (relay, socket, switch), mounts, and serves each connection with the real sftp-server', async () => {
    const g = fakeGuest();
    const shares = new SshfsShares(g.deps);
    const seen: string[] = [];
    shares.onChange((s) => seen.push(s.map((x) => x.state).join()));
    const [s] = await shares.mount(['/tmp']);
    expect(s).toMatchObject({ path: '/tmp', state: 'mounted' });
    expect(seen).toEqual(['mounting', 'mounting', 'mounted']);
    const [install, sw, mount, probe] = g.commands;
    expect(install).toEqual({ cmd: INSTALL_RELAY, stdin: RELAY_SCRIPT });
    expect(g.sockets).toHaveLength(1);
    const sock = g.sockets[0]?.path ?? '';
    expect(sock).toMatch(/^\/run\/berth\/sftp\/[a-z0-9-]+\.sock$/);
    expect(sw?.cmd).toContain(`> /run/berth/sftp/current.new`);
    expect(sw?.cmd).toContain(sock);
    expect(mount?.cmd).toBe(sshfsCommand('/tmp'));
    expect(probe?.cmd).toBe('mountpoint -q /tmp');

    // A relay connects: it speaks SFTP with the host's sftp-server.
    const toGuest = new PassThrough();
    const toHost = new PassThrough();
    const stream = Duplex.from({ readable: toHost, writable: toGuest });
    const reply = new Promise<Buffer>((resolve) => toGuest.once('data', (d: Buffer) => resolve(d)));
    g.sockets[0]?.onStream(stream);
    toHost.write(FXP_INIT);
    const version = await reply;
    expect(version[4]).toBe(2); // SSH_FXP_VERSION
    expect(version.readUInt32BE(5)).toBe(3);

    // A second share on the same link joins it.
    await shares.mount(['/var/tmp']);
    expect(g.sockets).toHaveLength(1);
    await shares.unmountAll();
    expect(g.commands.at(-1)?.cmd).toMatch(/^fusermount3 -u -z \/tmp 2>\/dev\/null; fusermount3 -u -z \/var\/tmp /);
    expect(shares.status()).toEqual([]);
    // The sftp-server is sent SIGTERM; its stream ends once its exit is seen (polled: a loaded machine may take a while).
    await expect.poll(() => stream.destroyed, { timeout: 5_000, interval: 20 }).toBe(true);
  });

  it.skipIf(!server)('marks a share failed with sshfs\'s own words, and one whose mount never came within the time, saying so', async () => {
    const g = fakeGuest((cmd) => (cmd.startsWith('mkdir -p /srv/a') ? { ...no, stderr: "fuse: device not found, try 'modprobe fuse' first\n" } : cmd.startsWith('mkdir -p /srv/b') ? Promise.reject(new Error('Command timed out in the VM')) : ok));
    const shares = new SshfsShares({ ...g.deps, mountTimeoutMs: 3000 });
    const [a, b] = await shares.mount(['/srv/a', '/srv/b']);
    expect(a).toMatchObject({ state: 'failed', error: "sshfs could not mount /srv/a in the VM: fuse: device not found, try 'modprobe fuse' first" });
    expect(b?.state).toBe('failed');
    expect(b?.error).toMatch(/^sshfs did not mount \/srv\/b in the VM within 3 s: Command timed out/);
  });

  it.skipIf(!server)('says so when the guest cannot be linked (the relay would not install)', async () => {
    const g = fakeGuest((cmd) => (cmd === INSTALL_RELAY ? { ...no, stderr: 'mkdir: cannot create directory: Read-only file system\n' } : ok));
    const [s] = await new SshfsShares(g.deps).mount(['/tmp']);
    expect(s?.error).toBe("Could not link the VM to this computer's files: installing the relay failed: mkdir: cannot create directory: Read-only file system");
    expect(g.mounts()).toEqual([]);
  });

  it.skipIf(!server)('on a new link (resume, dropped connection) keeps each mount that answers and mounts again the one that does not', async () => {
    let answering = new Set(['/tmp', '/var/tmp']);
    const g = fakeGuest((cmd) => {
      const mounted = /sshfs -o \$o berth:(\S+) /.exec(cmd)?.[1];
      if (mounted) answering.add(mounted);
      return cmd.startsWith('mountpoint -q ') ? (answering.has(cmd.slice('mountpoint -q '.length)) ? ok : no) : ok;
    });
    const shares = new SshfsShares(g.deps);
    await shares.replace(['/tmp', '/var/tmp']);
    expect(g.mounts()).toEqual([]);
    expect(shares.status().map((s) => s.state)).toEqual(['mounted', 'mounted']);
    expect(g.sockets).toHaveLength(1);
    // The link drops and comes back; one mount's sshfs died meanwhile.
    answering = new Set(['/tmp']);
    g.commands.length = 0;
    const after = await shares.remount();
    expect(g.sockets).toHaveLength(2);
    expect(g.sockets[1]?.path).not.toBe(g.sockets[0]?.path);
    expect(g.commands.some((c) => c.cmd.includes(g.sockets[1]?.path ?? '?') && c.cmd.includes('pgrep'))).toBe(true);
    expect(g.commands.map((c) => c.cmd)).toContain('fusermount3 -u -z /var/tmp 2>/dev/null; true');
    expect(g.mounts()).toEqual([sshfsCommand('/var/tmp')]);
    expect(after.map((s) => s.state)).toEqual(['mounted', 'mounted']);
    await shares.unmountAll({ guestReachable: false });
  });
});
