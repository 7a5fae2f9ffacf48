// Boots the arm64 guest (the one Apple Silicon Macs get) under qemu-system-aarch64 TCG here: stages, engine socket, ports, amd64 images.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyboxFor } from '../terminals/busybox-source.js';
import { installBusybox, newLentPath, quickExec } from '../terminals/shell.js';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, report, stageLine, until, httpGet } from './vm-testkit.js';

const run = promisify(execFile);
// test-vm.sh builds the arm64 image and names it here; without it there is nothing to boot.
const image = process.env['BERTH_VM_IMAGE_ARM64'];
const enabled = process.env['BERTH_VM_TESTS'] === '1' && !!image;
const SLOW = 900_000;
const PORT = 18099;

const get = (port: number): Promise<string> => httpGet(port, 10_000);

describe.skipIf(!enabled)('the arm64 guest under qemu-system-aarch64 (TCG)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-arm64-'));
  // Emulated arm64 on a busy 2-core machine: every stage gets more time than on the native guest.
  const backend = new QemuBackend({ home, network: 'isolated', guestArch: 'aarch64', ...(image ? { imageDir: image } : {}), stageTimeoutsMs: { boot: 180_000, network: 60_000, ssh: 120_000, engine: 300_000 } });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 300_000 })).stdout.trim();

  beforeAll(async () => {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [] });
    const t0 = Date.now();
    await explained(vm, vm.start());
    report(`arm64 first start (TCG): ${stageLine(vm.status())} wall=${Date.now() - t0}ms`);
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('boots an aarch64 guest through the same stages and serves its engine on the host socket', async () => {
    expect(vm.status().state).toBe('running');
    expect(vm.status().stages.map((s) => s.stage)).toEqual(['boot', 'network', 'ssh', 'engine']);
    expect((await vm.exec('uname -m')).stdout.trim()).toBe('aarch64');
    expect(await docker('version', '--format', '{{.Server.Arch}}')).toBe('arm64');
  }, SLOW);

  it('runs an arm64 busybox container with a published port answering on the host', async () => {
    expect(await importGuestBusybox(vm)).toBe('');
    expect(await docker('image', 'inspect', '--format', '{{.Architecture}}', 'berth-test/busybox')).toBe('arm64');
    await docker('run', '-d', '--name', 'web', '-p', `${PORT}:80`, 'berth-test/busybox', 'httpd', '-f', '-p', '80', '-h', '/www');
    const body = await until(`GET 127.0.0.1:${PORT}`, async () => get(PORT).catch(() => undefined), 30_000, 100);
    expect(body).toContain('hello from berth');
    await docker('rm', '-f', 'web');
  }, SLOW);

  it('runs an amd64 image with --platform linux/amd64 (qemu-user-static registered in the guest)', async () => {
    expect((await vm.exec('cat /proc/sys/fs/binfmt_misc/qemu-x86_64')).stdout).toMatch(/^enabled[\s\S]*flags: .*F/);
    // The host's own static busybox is an x86_64 program: loaded as a linux/amd64 image in the arm64 engine (an image
    // archive with an amd64 config; this engine's `docker import --platform` keeps its own architecture).
    const r = await vm.exec(
      'set -e; d=$(mktemp -d /var/lib/docker/tmp-amd64.XXXXXX); mkdir -p $d/root/bin; cat > $d/root/bin/busybox; chmod +x $d/root/bin/busybox; ' +
        'ln -s busybox $d/root/bin/sh; ln -s busybox $d/root/bin/uname; tar -C $d/root -cf $d/layer.tar .; ' +
        'diff=$(sha256sum $d/layer.tar | cut -d" " -f1); ' +
        'printf \'{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}\' $diff > $d/config.json; ' +
        'cfg=$(sha256sum $d/config.json | cut -d" " -f1); mv $d/config.json $d/$cfg.json; ' +
        'printf \'[{"Config":"%s.json","RepoTags":["berth-test/busybox-amd64:latest"],"Layers":["layer.tar"]}]\' $cfg > $d/manifest.json; ' +
        'tar -C $d -c manifest.json $cfg.json layer.tar | docker load >/dev/null; rm -rf $d',
      { stdin: fs.readFileSync('/bin/busybox'), timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    expect(await docker('image', 'inspect', '--format', '{{.Architecture}}', 'berth-test/busybox-amd64')).toBe('amd64');
    expect(await docker('run', '--rm', '--platform', 'linux/amd64', 'berth-test/busybox-amd64', 'uname', '-m')).toBe('x86_64');
  }, SLOW);

  it("lends a shell-less container the guest's own arm64 busybox", async () => {
    // An image with one static program and no shell: the guest's busybox as /sleep (busybox runs the applet its name says).
    const r = await vm.exec(
      "set -e; d=$(mktemp -d /var/lib/docker/tmp-noshell.XXXXXX); cp /bin/busybox $d/sleep; tar -C $d -c . | docker import -c 'CMD [\"/sleep\", \"600\"]' - berth-test/noshell >/dev/null; rm -rf $d",
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).toBe('');
    const id = await docker('run', '-d', 'berth-test/noshell');
    const docker2 = new Dockerode({ socketPath: vm.socketPath });
    const c = docker2.getContainer(id);
    expect((await quickExec(c, ['sh', '-c', 'true']).catch(() => ({ exitCode: null }))).exitCode).not.toBe(0);
    const { dir, binary } = newLentPath();
    await installBusybox(c, dir, () => busyboxFor({ conn: { endpoint: { kind: 'vm', label: 'Berth VM', address: vm.socketPath } }, docker: docker2, vm } as never, { platform: 'darwin', arch: 'arm64' }));
    const shell = await quickExec(c, [binary, 'sh', '-c', 'uname -m']);
    expect(shell).toEqual({ exitCode: 0, stdout: 'aarch64\n' });
    await docker('rm', '-f', id);
  }, SLOW);

  it('saves the aarch64 guest at stop and resumes it with its container running', async () => {
    const id = await docker('run', '-d', 'berth-test/busybox', 'sleep', '100000');
    const t0 = Date.now();
    await vm.stop();
    const saved = Date.now() - t0;
    const t1 = Date.now();
    await explained(vm, vm.start());
    const st = vm.status();
    report(`arm64 resume (TCG): saved in ${saved} ms; ${stageLine(st)} wall=${Date.now() - t1}ms; ${st.lastStart?.how ?? '?'}${st.lastStart?.coldReason ? ` (${st.lastStart.coldReason})` : ''}`);
    expect(st.lastStart?.how).toBe('resumed');
    expect(await docker('ps', '-q', '--no-trunc')).toBe(id);
    await docker('rm', '-f', id);
  }, SLOW);
});
