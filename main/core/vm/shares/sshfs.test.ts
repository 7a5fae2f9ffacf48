import { existsSync } from 'node:fs';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../../app/parse/shellwords.js';
import type { ExecResult } from '../../ssh/ssh.js';
import { findSftpServer, SFTP_SERVER_CANDIDATES, sshfsCommand, SshfsShares } from './sshfs.js';

const ok: ExecResult = { code: 0, signal: undefined, stdout: '', stderr: '' };
const no: ExecResult = { code: 1, signal: undefined, stdout: '', stderr: '' };

/** The guest end of a fake exec channel: what sshfs would read (host -> guest) and write (guest -> host). */
function fakeChannel() {
  const toGuest = new PassThrough();
  const toHost = new PassThrough();
  const stderr = new PassThrough();
  const channel = Object.assign(Duplex.from({ readable: toHost, writable: toGuest }), { stderr: stderr as Readable });
  return { channel, toGuest, toHost, stderr };
}

/** One SFTP packet: uint32 length, then the body (SSH_FXP_INIT = 1 with version 3). */
const FXP_INIT = Buffer.from([0, 0, 0, 5, 1, 0, 0, 0, 3]);

const server = SFTP_SERVER_CANDIDATES.find((p) => existsSync(p));

describe('sshfs shares', () => {
  it('builds a guest command that quotes the path and stays in the foreground', () => {
    const path = "/home/ana/my 'code' $(x)";
    const cmd = sshfsCommand(path);
    const parts = cmd.split(' && ');
    expect(splitShellWords(parts[0] ?? '')).toEqual(['mkdir', '-p', path]);
    expect(parts[1]).toMatch(/^o=passive,allow_other,/);
    expect(cmd).toContain('o=$o,no_contain_symlinks');
    expect(splitShellWords((parts.at(-1) ?? '').replace('$o', 'OPTS'))).toEqual(['exec', 'sshfs', '-f', '-o', 'OPTS', `berth:${path}`, path]);
  });

  it('mounts with other options when given (the tuning bench), quoted as one word', () => {
    expect(sshfsCommand('/tmp', ['passive', 'max_conns=4']).split(' && ')[1]).toBe('o=passive,max_conns=4');
    expect(sshfsCommand('/tmp', ['passive', 'a b']).split(' && ')[1]).toBe("o='passive,a b'");
  });

  it('finds sftp-server where each platform keeps it, or as BERTH_SFTP_SERVER says', () => {
    expect(findSftpServer({}, (p) => p === '/usr/libexec/sftp-server')).toBe('/usr/libexec/sftp-server');
    expect(findSftpServer({ BERTH_SFTP_SERVER: '/opt/x/sftp-server' }, (p) => p === '/opt/x/sftp-server')).toBe('/opt/x/sftp-server');
    expect(findSftpServer({ BERTH_SFTP_SERVER: '/nope' }, () => false)).toBeUndefined();
  });

  it('reports a share as failed, with the fix, when there is no sftp-server', async () => {
    const shares = new SshfsShares({ channel: () => Promise.reject(new Error('unused')), exec: async () => ok, env: { BERTH_SFTP_SERVER: '/nonexistent/sftp-server' } });
    const [s] = await shares.mount(['/home/ana']);
    expect(s).toMatchObject({ path: '/home/ana', transport: 'sshfs', state: 'failed' });
    expect(s?.error).toMatch(/sftp-server was not found.*openssh-sftp-server/);
  });

  it.skipIf(!server)('pipes the host sftp-server to the guest command and reports mounted once the guest sees the mount', async () => {
    const fake = fakeChannel();
    const commands: string[] = [];
    let probes = 0;
    const shares = new SshfsShares({
      channel: async (cmd) => (commands.push(cmd), fake.channel),
      exec: async (cmd) => (commands.push(cmd), cmd.startsWith('mountpoint') ? (++probes >= 2 ? ok : no) : ok),
      env: { BERTH_SFTP_SERVER: server },
    });
    const seen: string[] = [];
    shares.onChange((s) => seen.push(s.map((x) => x.state).join()));
    // The guest side speaks SFTP to the host's real sftp-server through the pipe.
    const reply = new Promise<Buffer>((resolve) => fake.toGuest.once('data', (d: Buffer) => resolve(d)));
    fake.toHost.write(FXP_INIT);
    const [s] = await shares.mount(['/tmp']);
    expect(s).toMatchObject({ path: '/tmp', state: 'mounted' });
    const version = await reply;
    expect(version[4]).toBe(2); // SSH_FXP_VERSION
    expect(version.readUInt32BE(5)).toBe(3);
    expect(commands[0]).toBe(sshfsCommand('/tmp'));
    expect(seen).toContain('mounting');
    expect(seen.at(-1)).toBe('mounted');
    await shares.unmountAll();
    expect(commands.at(-1)).toMatch(/^fusermount3 -u -z \/tmp /);
    expect(shares.status()).toEqual([]);
  });

  it.skipIf(!server)('marks a share failed, with sshfs\'s own words, when the guest command ends', async () => {
    const fake = fakeChannel();
    const shares = new SshfsShares({ channel: async () => fake.channel, exec: async (cmd) => (cmd.startsWith('mountpoint') ? ok : ok), env: { BERTH_SFTP_SERVER: server } });
    await shares.mount(['/tmp']);
    const failed = new Promise<string | undefined>((resolve) => shares.onChange((s) => s[0]?.state === 'failed' && resolve(s[0].error)));
    fake.stderr.write('fuse: device not found, try \'modprobe fuse\' first\n');
    fake.channel.destroy();
    expect(await failed).toMatch(/sshfs in the VM exited: fuse: device not found/);
  });

  it.skipIf(!server)('gives up on a mount that never appears, saying so', async () => {
    const fake = fakeChannel();
    const shares = new SshfsShares({ channel: async () => fake.channel, exec: async () => no, env: { BERTH_SFTP_SERVER: server }, mountTimeoutMs: 300 });
    const [s] = await shares.mount(['/srv/code']);
    expect(s).toMatchObject({ state: 'failed' });
    expect(s?.error).toMatch(/did not mount \/srv\/code in the VM within 0 s/);
  });

  it.skipIf(!server)('mounts again what the guest lost', async () => {
    let mounted = true;
    let opened = 0;
    const shares = new SshfsShares({
      channel: async () => (opened++, fakeChannel().channel),
      exec: async (cmd) => (cmd.startsWith('mountpoint') ? (mounted ? ok : no) : ok),
      env: { BERTH_SFTP_SERVER: server },
    });
    await shares.mount(['/tmp']);
    mounted = false;
    const again = shares.remount();
    setTimeout(() => (mounted = true), 200);
    const [s] = await again;
    expect(s?.state).toBe('mounted');
    expect(opened).toBe(2);
    await shares.unmountAll();
  });
});
