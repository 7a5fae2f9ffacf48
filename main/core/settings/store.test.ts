// Settings store: defaults, validation per field, atomic owner-only files, corrupt files moved aside, change feed.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { DEFAULT_SETTINGS } from '../../../app/settings.js';
import { createSettingsHandlers } from './handlers.js';
import { openSettings, sanitize } from './store.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'berth-settings-')), 'user data');
const mode = (p: string) => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe('settings store', () => {
  it('starts from defaults without writing a file', async () => {
    const dir = fresh();
    const s = await openSettings(dir);
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual([]);
    if (posix) expect(mode(dir)).toBe(0o700);
  });

  it('saves a patch as 0600 JSON in a 0700 folder and reads it back', async () => {
    const dir = fresh();
    const s = await openSettings(dir);
    await s.update({ theme: 'dark', closeToTray: false });
    if (posix) {
      expect(mode(s.file)).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
    }
    expect(JSON.parse(readFileSync(s.file, 'utf8'))).toMatchObject({ theme: 'dark', closeToTray: false });
    const again = await openSettings(dir);
    expect(again.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', closeToTray: false });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('tightens a folder and a file that were left world-readable', async () => {
    if (!posix) return;
    const dir = fresh();
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'light' }), { mode: 0o644 });
    chmodSync(join(dir, 'settings.json'), 0o644);
    const s = await openSettings(dir);
    expect(s.get().theme).toBe('light');
    expect(mode(dir)).toBe(0o700);
    expect(mode(s.file)).toBe(0o600);
  });

  it('rejects an invalid patch with a typed error naming the field, and keeps the old value', async () => {
    const s = await openSettings(fresh());
    const err = await s.update({ theme: 'purple' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).code).toBe('INVALID_INPUT');
    expect((err as BerthError).field).toBe('theme');
    await expect(s.update({ endpoint: 'http//nope' })).rejects.toMatchObject({ field: 'endpoint' });
    await expect(s.update({ unknownThing: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(s.get().theme).toBe('system');
  });

  it('accepts DOCKER_HOST-style endpoints and the empty default', async () => {
    const s = await openSettings(fresh());
    for (const e of ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2375', 'ssh://me@box', 'npipe:////./pipe/docker_engine', '']) {
      await expect(s.update({ endpoint: e })).resolves.toMatchObject({ endpoint: e });
    }
  });

  it('keeps valid stored fields and resets only the invalid ones', () => {
    const r = sanitize({ theme: 'dark', stopVmOnQuit: 'yes', bogus: 1 });
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(r.warnings.join('\n')).toMatch(/stopVmOnQuit/);
    expect(r.warnings.join('\n')).toMatch(/bogus/);
    expect(sanitize([1, 2]).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('moves a corrupt file aside and says so', async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'settings.json'), '{ not json');
    const s = await openSettings(dir, { now: () => 42 });
    expect(s.get()).toEqual(DEFAULT_SETTINGS);
    expect(s.warnings[0]).toMatch(/moved to .*settings\.json\.corrupt-42/);
    expect(readdirSync(dir)).toContain('settings.json.corrupt-42');
  });

  it('tells listeners which keys changed, only when something changed, and disposes', async () => {
    const s = await openSettings(fresh());
    const seen: string[][] = [];
    const off = s.onChange((_, changed) => seen.push(changed));
    await s.update({ theme: 'dark' });
    await s.update({ theme: 'dark' });
    await s.update({ notifications: false, theme: 'light' });
    off();
    await s.update({ theme: 'system' });
    expect(seen).toEqual([['theme'], ['theme', 'notifications']]);
  });

  it('serialises concurrent updates so none is lost', async () => {
    const dir = fresh();
    const s = await openSettings(dir);
    await Promise.all([s.update({ theme: 'dark' }), s.update({ closeToTray: false }), s.update({ notifications: false }), s.update({ theme: 'nope' }).catch(() => undefined)]);
    const again = await openSettings(dir);
    expect(again.get()).toMatchObject({ theme: 'dark', closeToTray: false, notifications: false });
  });

  it('serves settings.get and settings.set', async () => {
    const s = await openSettings(fresh());
    const h = createSettingsHandlers(s);
    await h.set({ startVmAtLaunch: false });
    expect((await h.get()).startVmAtLaunch).toBe(false);
  });
});
