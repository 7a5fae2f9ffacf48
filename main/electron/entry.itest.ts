// The compiled ESM entry (dist/main/electron/main.js) under plain Node with a stubbed `electron`: order of start-up,
// window options, and an IPC round trip to the real engine through the real core — the closest run without an Electron binary.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.main.json'], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, ['main/electron/build-preload.mjs'], { cwd: root, stdio: 'pipe' });
}, 120_000);

describe('Electron entry (stubbed electron, real core)', () => {
  it('registers the scheme before ready, opens a hardened window, answers IPC from our page only, and quits cleanly', async () => {
    const home = mkdtempSync(join(tmpdir(), 'berth-entry-'));
    const userData = join(home, 'profile');
    const logFile = join(home, 'stub.log');
    // This test drives the local dockerd: choose it in settings (the desktop default is the Berth VM).
    mkdirSync(userData, { mode: 0o700 });
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ endpoint: 'unix:///var/run/docker.sock' }), { mode: 0o600 });
    const child = spawn(process.execPath, ['--import', './main/electron/testing/register-electron-stub.mjs', 'dist/main/electron/main.js'], {
      cwd: root,
      env: { ...process.env, HOME: home, BERTH_STUB_LOG: logFile, BERTH_USER_DATA: userData, BERTH_HOME: join(home, '.berth'), BERTH_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.on('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(code, stderr).toBe(0);
    const events = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string } & Record<string, unknown>);
    const names = events.map((e) => e.event);
    const first = (n: string) => names.indexOf(n);

    expect(events.find((e) => e.event === 'protocol.registerSchemesAsPrivileged')).toMatchObject({ ready: false, schemes: ['berth'] });
    expect(events.find((e) => e.event === 'app.setPath')).toMatchObject({ name: 'userData', ready: false });
    expect(first('protocol.registerSchemesAsPrivileged')).toBeLessThan(first('ready'));
    expect(events.find((e) => e.event === 'crashReporter.start')).toMatchObject({ uploadToServer: false });
    expect(first('session.setPermissionRequestHandler')).toBeLessThan(first('BrowserWindow'));
    expect(events.find((e) => e.event === 'BrowserWindow')).toMatchObject({ webPreferences: { preload: 'preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true } });
    expect(events.find((e) => e.event === 'loadURL')).toMatchObject({ url: 'berth://app/index.html' });
    expect(events.find((e) => e.event === 'ipc')).toMatchObject({ reply: { ok: true, out: { version: expect.stringMatching(/\d+\.\d+/) } } });
    expect(events.find((e) => e.event === 'ipc-foreign')).toMatchObject({ reply: { ok: false, err: { code: 'PERMISSION_DENIED' } } });
    expect(names).toContain('tray.destroy');
    expect(names.at(-1)).toBe('exit');

    expect(existsSync(join(userData, 'logs', 'main.log'))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(userData).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(userData, 'logs', 'main.log'), 'utf8')).toMatch(/Berth 0\.1\.0 starting/);
  }, 60_000);
});
