// Boots the real guest and proves its walls: nothing leaves an isolated guest, the host's loopback is the person's choice, AppArmor, sshd, firmware keys.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { QemuBackend } from './qemu/backend.js';
import { explained, importGuestBusybox, report, stageLine } from './vm-testkit.js';

const run = promisify(execFile);
const enabled = process.env['BERTH_VM_TESTS'] === '1';
const SLOW = 600_000;
// Two services on the host's loopback that containers may or may not open.
const OPEN_PORT = 18097;
const OTHER_PORT = 18098;
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!enabled)('the guest keeps containers in their place', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-vm-sec-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const services: http.Server[] = [];
  /** The docker CLI on the host through Berth's socket: creates pass the socket's policy, as a person's would. */
  const docker = async (...args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${vm.socketPath}`, DOCKER_CONTEXT: '' }, timeout: 120_000 })).stdout.trim();
  /** What `wget` in a fresh container prints for a URL (the body, or its error) on one line; never waits more than 5 s. */
  const fetchFrom = async (url: string, network = 'bridge'): Promise<string> =>
    oneLine(await docker('run', '--rm', '--network', network, 'berth-test/busybox', 'sh', '-c', `timeout 5 wget -q -O - ${url} 2>&1; echo " rc=$?"`));

  beforeAll(async () => {
    for (const port of [OPEN_PORT, OTHER_PORT]) {
      const s = http.createServer((_q, res) => res.end(`host-service-${port}`));
      await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
      services.push(s);
    }
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [] });
    await explained(vm, vm.start());
    report(`guest-security start: ${stageLine(vm.status())}`);
    expect(await importGuestBusybox(vm)).toBe('');
  }, SLOW);

  afterAll(async () => {
    await vm.dispose();
    for (const s of services) s.close();
    fs.rmSync(home, { recursive: true, force: true });
  }, SLOW);

  it('closes the host to containers by default and lets nothing out of the isolated guest', async () => {
    expect(vm.status().hostAccess).toMatchObject({ applied: { mode: 'none' }, hostAddress: '10.0.2.2' });
    // Refused at once by the guest, from a container, from a host-network container and from the guest itself.
    expect(await fetchFrom(`http://10.0.2.2:${OPEN_PORT}/`)).toMatch(/Connection refused rc=1$/);
    expect(await fetchFrom(`http://10.0.2.2:${OPEN_PORT}/`, 'host')).toMatch(/Connection refused rc=1$/);
    const fromGuest = await vm.exec(`timeout 5 busybox wget -q -O - http://10.0.2.2:${OPEN_PORT}/ 2>&1; echo " rc=$?"`);
    expect(oneLine(fromGuest.stdout)).toMatch(/Connection refused rc=1$/);
    // No alias while closed.
    expect(oneLine(await docker('run', '--rm', 'berth-test/busybox', 'sh', '-c', 'grep -c host.docker.internal /etc/hosts; true'))).toBe('0');
    // Isolated: an address past the host (QEMU's DNS forwarder) is dropped in the guest; wget gives up or is stopped.
    const out = await fetchFrom('http://10.0.2.3/');
    expect(out).not.toContain('host-service');
    expect(out).toMatch(/rc=(1|143)$/);
  }, SLOW);

  it('opens only the chosen host ports, at once, as host.docker.internal', async () => {
    await vm.setSettings({ hostAccess: { mode: 'ports', ports: [OPEN_PORT] } });
    expect(vm.status().restartNeeded).toBe(false);
    expect(await fetchFrom(`http://host.docker.internal:${OPEN_PORT}/`)).toBe(`host-service-${OPEN_PORT} rc=0`);
    expect(await fetchFrom(`http://host.docker.internal:${OTHER_PORT}/`)).toMatch(/Connection refused rc=1$/);
  }, SLOW);

  it('opens every host port when the person says so, and closes them again', async () => {
    await vm.setSettings({ hostAccess: { mode: 'all' } });
    expect(await fetchFrom(`http://host.docker.internal:${OTHER_PORT}/`)).toBe(`host-service-${OTHER_PORT} rc=0`);
    expect(await fetchFrom(`http://10.0.2.2:${OTHER_PORT}/`, 'host')).toBe(`host-service-${OTHER_PORT} rc=0`);
    await vm.setSettings({ hostAccess: { mode: 'none' } });
    expect(await fetchFrom(`http://10.0.2.2:${OTHER_PORT}/`)).toMatch(/Connection refused rc=1$/);
  }, SLOW);

  it('confines containers with AppArmor, keeps them from the guest sshd, and leaves no keys in firmware config', async () => {
    expect(await docker('run', '--rm', 'berth-test/busybox', 'cat', '/proc/self/attr/current')).toBe('docker-default (enforce)');
    // The bridge's gateway is the guest: its sshd answers the host (this very exec) but resets a container.
    const ssh = oneLine(await docker('run', '--rm', 'berth-test/busybox', 'sh', '-c', 'gw=$(ip route | awk "/default/ {print \\$3}"); timeout 5 nc $gw 22 </dev/null 2>&1; echo " rc=$?"'));
    expect(ssh).not.toContain('SSH-');
    expect(ssh).toMatch(/refused.* rc=1$/);
    const fw = await vm.exec('test -e /sys/firmware/qemu_fw_cfg && echo present || echo gone; grep -c qemu_fw_cfg /proc/modules');
    expect(fw.stdout.split('\n')[0]).toBe('gone');
    expect(fw.stdout.split('\n')[1]).toBe('0');
  }, SLOW);
});
