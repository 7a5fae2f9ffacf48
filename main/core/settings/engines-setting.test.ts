// The `engines` setting: each added engine checked on its own, one bad entry left out (and the file kept as it was), a bad patch refused whole.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings, sanitize } from './store.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'berth-settings-engines-')), 'user data');
const good = { name: 'build-box', url: 'ssh://me@build-box' };
const tls = { name: 'prod', url: 'tcp://10.0.0.5:2376', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' } };

describe('settings: engines', () => {
  it('keeps the good entries and names each one left out', () => {
    const r = sanitize({ theme: 'dark', engines: [good, { name: 'bad name', url: 'ssh://x' }, { name: 'p', url: 'ftp://x' }, { ...good, url: 'unix:///other' }, tls, 7] });
    expect(r.settings.engines).toEqual([good, tls]);
    expect(r.settings.theme).toBe('dark');
    expect(r.invalid).toBe(true);
    const w = r.warnings.join('\n');
    expect(w).toMatch(/Engine "bad name" in settings was not valid \(name: Use letters, digits/);
    expect(w).toMatch(/Engine "p" in settings was not valid \(url: Use a URL like ssh:\/\/user@host/);
    expect(w).toMatch(/Engine "build-box" is in settings twice; the first one is kept/);
    expect(w).toMatch(/Engine #6 in settings was not valid/);
    expect(sanitize({ engines: 'nope' }).warnings).toEqual(['Setting "engines" was not a list; no added engines are in use.']);
    expect(sanitize({ engines: [good] })).toMatchObject({ invalid: false, warnings: [] });
  });

  it('keeps a copy of a file that had a bad entry, so the next save loses nothing', async () => {
    const dir = fresh();
    mkdirSync(dir, { recursive: true });
    const stored = JSON.stringify({ engines: [good, { name: 'tls-on-ssh', url: 'ssh://x', tls: tls.tls }] });
    writeFileSync(join(dir, 'settings.json'), stored);
    const s = await openSettings(dir, { now: () => 7 });
    expect(s.get().engines).toEqual([good]);
    expect(s.warnings.join('\n')).toMatch(/"tls-on-ssh" .*tls: TLS files go with a tcp:\/\/ engine only.*\n.*kept in .*settings\.json\.invalid-7/);
    await s.update({ theme: 'light' });
    expect(readFileSync(join(dir, 'settings.json.invalid-7'), 'utf8')).toBe(stored);
  });

  it('a patch with a bad engine or a name twice is refused with the field, and nothing changes', async () => {
    const dir = fresh();
    const s = await openSettings(dir);
    await s.update({ engines: [good] });
    await expect(s.update({ engines: [good, { ...good }] })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'engines.1.name', message: expect.stringMatching(/already named "build-box"/) });
    await expect(s.update({ engines: [{ name: 'x', url: 'tcp://h:1', tls: { ca: 'relative.pem', cert: '/c', key: '/k' } }] })).rejects.toMatchObject({ field: 'engines.0.tls.ca', message: expect.stringMatching(/absolute path/) });
    expect(s.get().engines).toEqual([good]);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).engines).toEqual([good]);
    expect(existsSync(join(dir, 'settings.json.invalid-0'))).toBe(false);
  });
});
