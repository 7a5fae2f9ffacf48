// Host folders in containers on the real Berth VM: reads, writes and owners, host edits, big files, symlinks, restarts.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from '../manager.js';
import { QemuBackend } from '../qemu/backend.js';
import { explained, importGuestBusybox, installGuestHelper, report, reportGuestTrouble, stageLine, until } from '../vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 600_000;

describe.skipIf(!enabled)('shared folders on the Berth VM', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-shares-itest-'));
  const share = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-share-'));
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-unshared-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONFIG: path.join(home, 'docker-config') };
  delete env['DOCKER_CONTEXT'];
  /** The unmodified docker CLI on the host, through the exported socket. */
  const docker = async (...args: string[]): Promise<string> => (await run('docker', args, { env, timeout: 300_000, maxBuffer: 1 << 24 })).stdout.trim();
  const inBox = (...cmd: string[]) => docker('run', '--rm', '-v', `${share}:/w`, 'berth-test/busybox', ...cmd);

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [share] });
    const t0 = Date.now();
    await explained(vm, vm.start());
    report(`shares suite start: ${stageLine(vm.status())} wall=${Date.now() - t0}ms`);
    // Debian's busybox has no inotifyd: a freestanding one (testdata/inotify-watch.c) joins the test image.
    await installGuestHelper(vm, 'inotify-watch');
    expect(await importGuestBusybox(vm, 'cp /usr/local/bin/inotify-watch $d/bin/')).toBe('');
  }, SLOW);

  afterAll(async () => {
    reportGuestTrouble(home);
    await vm.dispose();
    for (const d of [home, share, outside]) fs.rmSync(d, { recursive: true, force: true });
  }, SLOW);

  it('mounts each shared folder at the same path before dockerd starts, and says so', async () => {
    expect(vm.status().shares).toEqual([{ path: share, transport: 'sshfs', state: 'mounted' }]);
    expect((await vm.exec(`mountpoint -q ${share} && echo yes`)).stdout.trim()).toBe('yes');
    // dockerd started after the mount (its log file is younger than the ready mark).
    const r = await vm.exec('test /run/berth-shares.ready -ot /var/run/docker.pid && echo after');
    expect(r.stdout.trim()).toBe('after');
  });

  it('reads a host-written file in a container', async () => {
    fs.writeFileSync(path.join(share, 'hello.txt'), 'written on the host\n');
    expect(await inBox('cat', '/w/hello.txt')).toBe('written on the host');
  });

  it('writes from containers as root and as uid 1000: the files are the host user\'s, modes kept both ways', async () => {
    await inBox('sh', '-c', 'echo from-root > /w/by-root && chmod 640 /w/by-root');
    await docker('run', '--rm', '--user', '1000:1000', '-v', `${share}:/w`, 'berth-test/busybox', 'sh', '-c', 'echo from-1000 > /w/by-1000');
    for (const [name, text] of [['by-root', 'from-root\n'], ['by-1000', 'from-1000\n']] as const) {
      const st = fs.statSync(path.join(share, name));
      expect(fs.readFileSync(path.join(share, name), 'utf8')).toBe(text);
      expect({ uid: st.uid, gid: st.gid }).toEqual({ uid: process.getuid?.(), gid: process.getgid?.() });
    }
    expect(fs.statSync(path.join(share, 'by-root')).mode & 0o777).toBe(0o640);
    fs.writeFileSync(path.join(share, 'tool.sh'), '#!/bin/sh\necho ran\n', { mode: 0o750 });
    expect(await inBox('sh', '-c', 'stat -c %a /w/tool.sh && /w/tool.sh')).toBe('750\nran');
  });

  it('shows a host edit in a running container within a second', async () => {
    const file = path.join(share, 'edit.txt');
    fs.writeFileSync(file, 'one\n');
    const id = await docker('run', '-d', '-v', `${share}:/w`, 'berth-test/busybox', 'sleep', '600');
    try {
      expect(await docker('exec', id, 'cat', '/w/edit.txt')).toBe('one');
      // A reader in the container polls every 20 ms from before the save (the CLI's own round trip is not measured).
      const waiting = docker('exec', id, 'sh', '-c', 'echo ready > /tmp/r; until [ "$(cat /w/edit.txt)" = "two, longer" ]; do usleep 20000; done');
      await until('the reader', async () => ((await docker('exec', id, 'cat', '/tmp/r').catch(() => '')) === 'ready' ? true : undefined), 30_000, 100);
      const t0 = Date.now();
      fs.writeFileSync(file, 'two, longer\n');
      await waiting;
      const ms = Date.now() - t0;
      report(`host edit seen by a reader in the container after ${ms} ms (includes the exec's exit through the CLI)`);
      expect(ms).toBeLessThan(2_000);
    } finally {
      await docker('rm', '-f', id);
    }
  }, 120_000);

  it('raises a host save as an inotify event in the container within a second (an inotifyd)', async () => {
    const file = path.join(share, 'watched.txt');
    fs.writeFileSync(file, 'v0\n');
    const id = await docker('run', '-d', '-v', `${share}:/w`, 'berth-test/busybox', 'inotify-watch', '/w/watched.txt');
    try {
      await until('the watcher', async () => ((await docker('logs', id)).includes('watching') ? true : undefined), 30_000, 200);
      // The host watcher follows the bind once the container's start is seen; give it that moment.
      await new Promise((r) => setTimeout(r, 2_000));
      const times: number[] = [];
      for (let i = 1; i <= 3; i++) {
        const before = (await docker('logs', id)).split('\n').filter(Boolean).length;
        const t0 = Date.now();
        fs.writeFileSync(file, `v${i}\n`);
        await until('the event in the container', async () => ((await docker('logs', id)).split('\n').filter(Boolean).length > before ? true : undefined), 10_000, 25);
        times.push(Date.now() - t0);
      }
      report(`host save -> inotify event in the container: ${times.join(', ')} ms (each includes a docker logs round trip)`);
      expect(Math.min(...times)).toBeLessThan(1_000);
    } finally {
      await docker('rm', '-f', id);
    }
  }, 120_000);

  it('refuses a bind outside every shared folder through the unmodified docker CLI, with the window\'s message', async () => {
    const r = await run('docker', ['run', '--rm', '-v', `${outside}:/x`, 'berth-test/busybox', 'true'], { env }).then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(r).toContain(`Error response from daemon: ${outside} is not shared with the Berth VM: add it under VM → File sharing`);
    const m = await run('docker', ['run', '--rm', '--mount', `type=bind,source=${outside},target=/x`, 'berth-test/busybox', 'true'], { env }).then(
      () => undefined,
      (e: { stderr?: string }) => e.stderr ?? '',
    );
    expect(m).toContain(`${outside} is not shared with the Berth VM`);
    // The VM's own paths are not the host's: the engine socket binds as before.
    expect(await docker('run', '--rm', '-v', '/var/run/docker.sock:/s', 'berth-test/busybox', 'sh', '-c', 'test -S /s && echo socket')).toBe('socket');
  });

  it('builds from a context and loads a saved image through the HTTP-aware socket', async () => {
    const ctx = path.join(share, 'build-ctx');
    fs.mkdirSync(ctx, { recursive: true });
    fs.writeFileSync(path.join(ctx, 'Dockerfile'), 'FROM berth-test/busybox\nCOPY hello.txt /hello.txt\nRUN echo built > /built.txt\n');
    fs.writeFileSync(path.join(ctx, 'hello.txt'), 'from the build context\n');
    await run('docker', ['build', '-q', '-t', 'berth-test/built:proxy', ctx], { env, timeout: 300_000, maxBuffer: 1 << 24 });
    expect(await docker('run', '--rm', 'berth-test/built:proxy', 'cat', '/hello.txt', '/built.txt')).toBe('from the build context\nbuilt');
    const tar = path.join(home, 'built.tar');
    await docker('save', '-o', tar, 'berth-test/built:proxy');
    await docker('rmi', 'berth-test/built:proxy');
    expect(await docker('load', '-i', tar)).toContain('berth-test/built:proxy');
    expect(await docker('run', '--rm', 'berth-test/built:proxy', 'cat', '/built.txt')).toBe('built');
    await docker('rmi', 'berth-test/built:proxy');
  }, SLOW);

  it('serves a compose project\'s relative bind (./site:/www) from the host, edits included', async () => {
    const project = path.join(share, 'compose-site');
    fs.mkdirSync(path.join(project, 'site'), { recursive: true });
    fs.writeFileSync(path.join(project, 'site', 'index.html'), 'first version\n');
    fs.writeFileSync(
      path.join(project, 'docker-compose.yml'),
      "version: '2.4'\nservices:\n  web:\n    image: berth-test/busybox\n    command: httpd -f -p 80 -h /www\n    ports: ['127.0.0.1:18180:80']\n    volumes: ['./site:/www']\n",
    );
    const compose = (...args: string[]) => run('docker-compose', ['-p', 'berthshares', ...args], { env, cwd: project, timeout: 300_000 });
    await compose('up', '-d');
    try {
      const fetchPage = async () => (await fetch('http://127.0.0.1:18180/index.html').then((r) => r.text(), () => undefined)) || undefined;
      expect(await until('the compose service', fetchPage, 60_000, 200)).toBe('first version\n');
      fs.writeFileSync(path.join(project, 'site', 'index.html'), 'edited on the host\n');
      expect(await until('the edited page', async () => ((await fetchPage()) === 'edited on the host\n' ? 'ok' : undefined), 5_000, 50)).toBe('ok');
    } finally {
      await compose('down');
    }
  }, SLOW);

  it('copies a 256 MiB file both ways with the same sha256', async () => {
    const big = path.join(share, 'big.bin');
    const fd = fs.openSync(big, 'w');
    const hash = crypto.createHash('sha256');
    for (let i = 0; i < 256; i++) {
      const chunk = crypto.randomBytes(1 << 20);
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    let t0 = Date.now();
    expect((await inBox('sha256sum', '/w/big.bin')).split(/\s+/)[0]).toBe(hash.digest('hex'));
    report(`256 MiB host -> container read and hashed in ${Date.now() - t0} ms`);
    t0 = Date.now();
    // Random bytes made in the container first (TCG's /dev/urandom is slow on its own), then copied in 1 MiB writes.
    const inside = (await inBox('sh', '-c', 'head -c 268435456 /dev/urandom > /tmp/r && sha256sum /tmp/r && dd if=/tmp/r of=/w/back.bin bs=1M 2>/dev/null')).split(/\s+/)[0];
    report(`256 MiB container -> host (made, hashed and written) in ${Date.now() - t0} ms`);
    const back = crypto.createHash('sha256').update(fs.readFileSync(path.join(share, 'back.bin'))).digest('hex');
    expect(back).toBe(inside);
    fs.rmSync(big);
    fs.rmSync(path.join(share, 'back.bin'));
  }, SLOW);

  it('resolves a symlink that points outside the share inside the guest, never to the host\'s target', async () => {
    fs.writeFileSync(path.join(outside, 'secret'), 'host secret\n');
    fs.symlinkSync(path.join(outside, 'secret'), path.join(share, 'escape'));
    fs.symlinkSync('hello.txt', path.join(share, 'inside'));
    expect(await inBox('readlink', '/w/escape')).toBe(path.join(outside, 'secret'));
    expect(await inBox('cat', '/w/inside')).toBe('written on the host');
    // The target is looked up in the container's own file system, where that host folder does not exist.
    const r = await inBox('sh', '-c', 'cat /w/escape 2>&1; true');
    expect(r).not.toContain('host secret');
    expect(r).toMatch(/No such file/);
    // A link to a guest path gets the guest's file, never the host's.
    fs.symlinkSync('/etc/hostname', path.join(share, 'hostname-link'));
    expect(await docker('run', '--rm', '--hostname', 'in-the-container', '-v', `${share}:/w`, 'berth-test/busybox', 'cat', '/w/hostname-link').catch((e: Error) => e.message)).not.toBe(fs.readFileSync('/etc/hostname', 'utf8').trim());
  });

  it('keeps a running container\'s shared folder when the SSH link drops: sshfs reconnects through the new link', async () => {
    fs.writeFileSync(path.join(share, 'drop-before.txt'), 'before the drop\n');
    const id = await docker('run', '-d', '-v', `${share}:/w`, 'berth-test/busybox', 'sleep', '600');
    expect(await docker('exec', id, 'cat', '/w/drop-before.txt')).toBe('before the drop');
    const ssh = backend.sshSession;
    const before = ssh?.reconnects ?? 0;
    ssh?.dropConnection();
    await until('the link back', async () => ((ssh?.reconnects ?? 0) > before && vm.status().shares?.[0]?.state === 'mounted' ? true : undefined), 60_000, 100);
    fs.writeFileSync(path.join(share, 'drop-after.txt'), 'after the drop\n');
    const t0 = Date.now();
    const seen = await until('the file through the same mount', async () => (await docker('exec', id, 'cat', '/w/drop-after.txt').catch(() => undefined)) || undefined, 30_000, 250);
    report(`shared folder read in a running container ${Date.now() - t0} ms after the link came back`);
    expect(seen).toBe('after the drop');
    await docker('exec', id, 'sh', '-c', 'echo written-after > /w/drop-box.txt');
    expect(fs.readFileSync(path.join(share, 'drop-box.txt'), 'utf8')).toBe('written-after\n');
    // One sshfs per share, and only relays of the current link are left in the guest.
    const guest = (await vm.exec(`pgrep -c -x sshfs; pgrep -af '^berth-sftp-relay ' | awk '{print $3}' | sort -u; cat /run/berth/sftp/current`)).stdout.trim().split('\n');
    expect(guest[0]).toBe('1');
    expect(guest.slice(1, -1).every((p) => p === guest.at(-1))).toBe(true);
    await docker('rm', '-f', id);
  }, SLOW);

  it('mounts the shares again before dockerd after a restart: a restarted container sees the host files', async () => {
    fs.writeFileSync(path.join(share, 'boot.txt'), 'there at boot\n');
    const id = await docker('run', '-d', '--restart', 'always', '-v', `${share}:/w`, 'berth-test/busybox', 'sh', '-c', 'cat /w/boot.txt > /tmp/seen; sleep 600');
    const t0 = Date.now();
    await explained(vm, vm.restart());
    report(`restart with a share: ${stageLine(vm.status())} wall=${Date.now() - t0}ms`);
    expect(vm.status().shares?.[0]?.state).toBe('mounted');
    const seen = await until('the restarted container', async () => (await docker('exec', id, 'cat', '/tmp/seen').catch(() => undefined)) || undefined, 60_000, 500);
    expect(seen).toBe('there at boot');
    await docker('rm', '-f', id);
  }, SLOW);
});
