// electron-builder.yml: valid against electron-builder's own schema, with the targets, fuses and native-module rules we rely on.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = process.cwd();
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a parsed YAML document

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false))).rejects.toThrow(/notAnOption/);
  });

  it('builds AppImage and deb, a dmg for x64 and arm64, and an nsis installer', () => {
    const targets = (k: string) => (config[k].target as { target: string; arch: string[] }[]).map((t) => `${t.target}:${t.arch.join('+')}`);
    expect(targets('linux')).toEqual(['AppImage:x64', 'deb:x64']);
    expect(targets('mac')).toEqual(['dmg:x64+arm64']);
    expect(targets('win')).toEqual(['nsis:x64']);
  });

  it('flips the fuses that matter', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into asar, unpacks and rebuilds node-pty, and ships the bundled preload but no tests or maps', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/node-pty/**', 'node_modules/@parcel/watcher/**', 'node_modules/@parcel/watcher-*/**']));
    expect(config.files).toEqual(expect.arrayContaining(['dist/main/electron/preload.cjs', 'dist/renderer/**', '!dist/main/**/testing/**', '!**/*.map']));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(pkg.main).toBe('dist/main/electron/main.js');
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['node-pty', '@parcel/watcher']));
  });

  it("has the appId the Windows host sets as its AppUserModelID (toasts show only for the shortcut's id)", async () => {
    const { WINDOWS_APP_ID } = await import('./app.js');
    expect(config.appId).toBe(WINDOWS_APP_ID);
  });

  it('ships the staged VM image of each package\'s own architecture as resources/vm on every platform', () => {
    for (const k of ['linux', 'mac', 'win']) expect(config[k].extraResources[0]).toMatchObject({ from: 'out/vm-image/${arch}', to: 'vm' });
    expect(config.mac.target[0].arch).toEqual(['x64', 'arm64']);
    expect(config.win.extraResources[0].filter).toContain('rootfs.tar');
    expect(config.linux.extraResources[0].filter).toContain('root.img');
  });
});
