import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VmManager } from './manager.js';
import { FakeBackend, fakeEngine } from '../testing/vm-backend.js';

function ping(sock: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ socketPath: sock, path: '/_ping', agent: false }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    }).on('error', reject);
  });
}

describe('VmManager over a fake backend', () => {
  it('exports the engine socket while running, saves settings, flags restarts, resets', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mgr-'));
    const engine = await fakeEngine(path.join(home, 'engine.sock'));
    const backend = new FakeBackend(path.join(home, 'engine.sock'));
    const vm = new VmManager({ home, backend, dockerContext: { configDir: path.join(home, 'docker') } });
    await vm.init();
    const states: string[] = [];
    const off = vm.onStatus((s) => states.push(s.state));
    await vm.setSettings({ cpus: 1, memoryMiB: 1024, diskGiB: 8 });
    await vm.start();
    expect(vm.status()).toMatchObject({ state: 'running', socketPath: vm.socketPath, restartNeeded: false });
    expect(await ping(vm.socketPath)).toBe('OK');

    await vm.setSettings({ memoryMiB: 2048 });
    expect(vm.status().restartNeeded).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'vm', 'default', 'settings.json'), 'utf8'))).toEqual({ cpus: 1, memoryMiB: 2048, diskGiB: 8 });
    await expect(vm.setSettings({ cpus: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await vm.restart();
    expect(vm.status().restartNeeded).toBe(false);
    expect(backend.calls.slice(-2)).toEqual(['stop', 'start 1/2048/8']);

    await vm.reset();
    expect(backend.calls.slice(-4)).toEqual(['stop', 'delete', 'create 8', 'start 1/2048/8']);
    expect(vm.status().state).toBe('running');

    await vm.stop();
    expect(backend.calls.at(-1)).toBe('save');
    expect(vm.status().socketPath).toBeUndefined();
    expect(fs.existsSync(vm.socketPath)).toBe(false);
    expect(states).toContain('stopping');
    expect(vm.consoleTail(5)).toEqual(['berth: stage boot done']);
    off();
    engine.close();
  });

  it('saves the VM at stop by default, shuts it down when asked or when the setting says so', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mgr-'));
    const engine = await fakeEngine(path.join(home, 'engine.sock'));
    const backend = new FakeBackend(path.join(home, 'engine.sock'));
    const vm = new VmManager({ home, backend, dockerContext: false });
    await vm.init();
    await vm.start();
    await vm.stop({ shutdown: true });
    expect(backend.calls.at(-1)).toBe('stop');
    await vm.start();
    await vm.stop();
    expect(backend.calls.at(-1)).toBe('save');
    await vm.setSettings({ keepContainersRunning: false });
    await vm.start();
    await vm.dispose();
    expect(backend.calls.at(-1)).toBe('stop');
    await expect(vm.setSettings({ keepContainersRunning: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    engine.close();
  });

  it('refuses to shrink an existing data disk', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mgr-'));
    const dir = path.join(home, 'vm', 'default');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'data.img'), '');
    fs.truncateSync(path.join(dir, 'data.img'), 16 * 1024 ** 3);
    const vm = new VmManager({ home, backend: new FakeBackend('/none'), dockerContext: false });
    await vm.init();
    await expect(vm.setSettings({ diskGiB: 8 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'diskGiB' });
    await expect(vm.setSettings({ diskGiB: 32 })).resolves.toMatchObject({ diskGiB: 32 });
  });

  it('shares home and temp by default, saves a chosen list, flags a restart for it, and refuses binds by the running list', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mgr-'));
    const engine = await fakeEngine(path.join(home, 'engine.sock'));
    const backend = new FakeBackend(path.join(home, 'engine.sock'));
    const vm = new VmManager({ home, backend, dockerContext: false, host: { platform: 'darwin', home: '/Users/ana', tmp: '/var/folders/x/T' } });
    await vm.init();
    expect(vm.settings.shares).toEqual(['/Users/ana', '/private/tmp', '/var/folders', '/private/var/folders']);
    await vm.start();
    expect(backend.calls.at(-1)).toBe('start 2/2048/64');
    expect(backend.state().running?.shares).toEqual(['/Users/ana', '/private/tmp', '/var/folders', '/private/var/folders']);
    expect(vm.unsharedBind(['/Users/ana/site', '/var/run/docker.sock'])).toBeUndefined();
    expect(vm.unsharedBind(['/srv/data'])?.message).toBe('/srv/data is not shared with the Berth VM: add it under VM → File sharing');

    await vm.setSettings({ shares: ['/Users/ana/code/', '/srv/data', '/srv/data/sub'] });
    expect(vm.settings.shares).toEqual(['/Users/ana/code', '/srv/data']);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'vm', 'default', 'settings.json'), 'utf8')).shares).toEqual(['/Users/ana/code', '/srv/data']);
    expect(vm.status().restartNeeded).toBe(true);
    // Not mounted until the restart: the running list decides.
    expect(vm.unsharedBind(['/srv/data'])).toBeDefined();
    await vm.restart();
    expect(vm.unsharedBind(['/srv/data/x'])).toBeUndefined();
    expect(vm.unsharedBind(['/Users/ana/Desktop'])).toBeDefined();
    await expect(vm.setSettings({ shares: ['/usr/lib'] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // The exported socket refuses a create that binds an unshared path, in dockerd's error shape.
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ socketPath: vm.socketPath, path: '/v1.43/containers/create', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let b = '';
        res.on('data', (d) => (b += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ Image: 'x', HostConfig: { Binds: ['/opt/elsewhere:/x'] } }));
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({ message: '/opt/elsewhere is not shared with the Berth VM: add it under VM → File sharing' });
    await vm.stop();
    engine.close();
  });

  it('closes the host to containers at start, opens it at once when the setting changes, and names it in creates', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-mgr-'));
    const creates: unknown[] = [];
    const engine = await fakeEngine(path.join(home, 'engine.sock'), creates);
    const backend = new FakeBackend(path.join(home, 'engine.sock'));
    const vm = new VmManager({ home, backend, dockerContext: false, host: { platform: 'linux', home: '/home/ana', tmp: '/tmp' } });
    await vm.init();
    await vm.start();
    expect(backend.execs).toEqual(['/usr/local/sbin/berth-host-access none']);
    expect(vm.status().hostAccess).toEqual({ applied: { mode: 'none' }, hostAddress: '10.0.2.2' });
    const create = (body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ socketPath: vm.socketPath, path: '/v1.43/containers/create?name=a', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    expect(await create({ Image: 'x' })).toBe(201);
    expect(creates.at(-1)).toEqual({ Image: 'x' });

    await vm.setSettings({ hostAccess: { mode: 'ports', ports: [5432] } });
    expect(backend.execs.at(-1)).toBe('/usr/local/sbin/berth-host-access 5432');
    expect(vm.status().restartNeeded).toBe(false);
    expect(await create({ Image: 'x', HostConfig: { Binds: ['/home/ana/app:/app'] } })).toBe(201);
    expect(creates.at(-1)).toEqual({ Image: 'x', HostConfig: { Binds: ['/home/ana/app:/app'], ExtraHosts: ['host.docker.internal:10.0.2.2'] } });
    // An unshared bind is still refused before anything is added.
    expect(await create({ Image: 'x', HostConfig: { Binds: ['/srv:/x'] } })).toBe(400);
    await expect(vm.setSettings({ hostAccess: { mode: 'ports', ports: [] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(vm.settings.hostAccess).toEqual({ mode: 'ports', ports: [5432] });

    // Saved while stopped: applied at the next start, before the socket answers.
    await vm.stop();
    await vm.setSettings({ hostAccess: { mode: 'all' } });
    expect(backend.execs).toHaveLength(2);
    await vm.start();
    expect(backend.execs.at(-1)).toBe('/usr/local/sbin/berth-host-access all');
    await vm.stop();
    engine.close();
  });
});
