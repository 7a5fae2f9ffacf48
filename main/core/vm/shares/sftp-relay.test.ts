// The guest's relay, run for real with perl: it joins stdin/stdout to the current link's socket both ways, and a link switch ends relays of older links only.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { INSTALL_RELAY, linkSocket, RELAY_DIR, relayScript, switchLinkCommand } from './sftp-relay.js';

const run = promisify(execFile);
const dirs: string[] = [];
const children: ChildProcess[] = [];
const servers: net.Server[] = [];
const accepted: net.Socket[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const s of servers.splice(0)) s.close();
  for (const c of accepted.splice(0)) c.destroy();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A link's directory with the relay installed and a socket that echoes what it gets, upper-cased, with its name. */
async function linkDir(): Promise<{ dir: string; relay: string; listen(name: string): Promise<string> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-relay-'));
  dirs.push(dir);
  const relay = path.join(dir, 'relay');
  fs.writeFileSync(relay, relayScript(dir), { mode: 0o700 });
  const listen = async (name: string): Promise<string> => {
    const sock = path.join(dir, `${name}.sock`);
    const server = net.createServer((c) => {
      accepted.push(c);
      c.on('data', (d: Buffer) => c.write(`${name}:${d.toString().toUpperCase()}`));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(sock, r));
    return sock;
  };
  return { dir, relay, listen };
}

/** Starts the relay the way sshfs does: ssh's arguments after it, its stdin/stdout the pipe. */
function startRelay(relay: string): ChildProcess & { said: () => string } {
  const c = spawn('perl', [relay, '-x', '-a', '-oClearAllForwardings=yes', '-2', '--', 'berth', '-s', 'sftp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(c);
  let out = '';
  c.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  c.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return Object.assign(c, { said: () => out });
}

const until = async (what: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};
const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

describe('the sftp relay', () => {
  it('copies both ways through the socket named current, ignoring ssh\'s arguments, and ends when the link does', async () => {
    const { dir, relay, listen } = await linkDir();
    const sock = await listen('one');
    fs.writeFileSync(path.join(dir, 'current'), `${sock}\n`);
    const r = startRelay(relay);
    r.stdin?.write('hello');
    await until(() => r.said() === 'one:HELLO');
    // Its name says which link it is on (what a link switch reads).
    const cmdline = fs.readFileSync(`/proc/${r.pid}/cmdline`, 'utf8').replace(/\0+/g, ' ').trim();
    expect(cmdline).toBe(`berth-sftp-relay ${sock}`);
    // The host ends the link (Berth quit, the SSH connection gone): the relay ends, and sshfs will start another.
    for (const c of accepted) c.end();
    expect(await exited(r)).toBe(0);
  });

  it('says why, and exits non-zero, when there is no link or its socket is gone', async () => {
    const { dir, relay } = await linkDir();
    const none = startRelay(relay);
    expect(await exited(none)).not.toBe(0);
    expect(none.said()).toMatch(/berth-sftp-relay: Berth has no link to the VM/);
    fs.writeFileSync(path.join(dir, 'current'), `${dir}/gone.sock\n`);
    const gone = startRelay(relay);
    expect(await exited(gone)).not.toBe(0);
    expect(gone.said()).toContain(`${dir}/gone.sock`);
  });

  it('a link switch makes the new socket current, removes older sockets and ends only the relays on them', async () => {
    const { dir, relay, listen } = await linkDir();
    const old = await listen('old');
    fs.writeFileSync(path.join(dir, 'current'), `${old}\n`);
    const onOld = startRelay(relay);
    onOld.stdin?.write('a');
    await until(() => onOld.said() === 'old:A');
    const fresh = await listen('new');
    await run('sh', ['-c', switchLinkCommand(fresh, dir)]);
    expect(fs.readFileSync(path.join(dir, 'current'), 'utf8')).toBe(`${fresh}\n`);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    await exited(onOld);
    const onNew = startRelay(relay);
    onNew.stdin?.write('b');
    await until(() => onNew.said() === 'new:B');
    await run('sh', ['-c', switchLinkCommand(fresh, dir)]);
    await new Promise((r) => setTimeout(r, 200));
    expect(onNew.exitCode).toBeNull();
    onNew.stdin?.write('c');
    await until(() => onNew.said() === 'new:Bnew:C');
  });

  it('installs into root\'s own directory and names links safely', () => {
    expect(INSTALL_RELAY).toContain(`mkdir -p -m 700 ${RELAY_DIR}`);
    expect(INSTALL_RELAY).toMatch(/chmod 700 .*relay\.new/);
    expect(linkSocket('k3x-9')).toBe(`${RELAY_DIR}/k3x-9.sock`);
    expect(() => linkSocket('../x')).toThrow(/not a link name/);
    expect(() => linkSocket("a'b")).toThrow(/not a link name/);
  });
});
