// Credential store: sealed by a keychain box, clear text only with consent, 0600/0700, damaged files kept and reported.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryKey } from '../../../app/credentials.js';
import { BerthError } from '../../../app/errors.js';
import { createCredentialHandlers } from './handlers.js';
import { noSecretBox, type SecretBox } from './secret-box.js';
import { openCredentialStore } from './store.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'berth-creds-')), 'credentials');
const mode = (p: string) => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';
const PASSWORD = 'hunter2-very-secret';

/** A keychain stand-in: reversible, but nothing like the input, and refuses what another key sealed. */
function fakeKeychain(key = 'k1'): SecretBox & { sealed: number } {
  const box = {
    encrypted: true,
    id: 'fake-keychain',
    label: 'the fake keychain',
    sealed: 0,
    seal(plain: string) {
      box.sealed++;
      return Buffer.from(`${key}|${[...plain].reverse().join('')}`).toString('base64');
    },
    open(sealed: string) {
      const [k, body] = Buffer.from(sealed, 'base64').toString().split('|');
      if (k !== key || body === undefined) throw new Error('wrong key');
      return [...body].reverse().join('');
    },
  };
  return box;
}

describe('registry keys', () => {
  it('names each registry one way, whatever spelling was typed', () => {
    expect(registryKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(registryKey('registry-1.docker.io')).toBe('docker.io');
    expect(registryKey('http://127.0.0.1:5000/')).toBe('127.0.0.1:5000');
    expect(registryKey(' GHCR.io/team ')).toBe('ghcr.io');
    expect(registryKey('[::1]:5000')).toBe('[::1]:5000');
    for (const bad of ['', 'has space', 'a_b.example', 'x'.repeat(300), '<script>']) expect(() => registryKey(bad)).toThrow(BerthError);
  });
});

describe('credential store, with a keychain', () => {
  it('seals the password, lists host and username only, and reads it back', async () => {
    const dir = fresh();
    const box = fakeKeychain();
    const s = openCredentialStore(dir, box, { now: () => new Date('2030-01-02T03:04:05Z') });
    expect(s.storage).toBe('encrypted');
    await s.remember('http://127.0.0.1:5000', { username: 'me', password: PASSWORD }, { acceptPlaintext: false });
    const text = readFileSync(s.file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain('"box": "fake-keychain"');
    const list = await s.list();
    expect(list).toEqual({ storage: 'encrypted', storageLabel: 'the fake keychain', file: s.file, entries: [{ host: '127.0.0.1:5000', username: 'me', savedAt: '2030-01-02T03:04:05.000Z', encrypted: true, usable: true }] });
    expect(JSON.stringify(list)).not.toContain(PASSWORD);
    expect(await s.lookup('127.0.0.1:5000')).toEqual({ username: 'me', password: PASSWORD });
    expect(await openCredentialStore(dir, fakeKeychain()).lookup('127.0.0.1:5000/')).toEqual({ username: 'me', password: PASSWORD });
    expect(await s.secrets()).toEqual([PASSWORD]);
  });

  it('keeps the file 0600 in a 0700 folder, and tightens ones left loose', async () => {
    if (!posix) return;
    const dir = fresh();
    const s = openCredentialStore(dir, fakeKeychain());
    await s.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false });
    expect(mode(dir)).toBe(0o700);
    expect(mode(s.file)).toBe(0o600);
    chmodSync(dir, 0o755);
    chmodSync(s.file, 0o644);
    await s.list();
    expect(mode(dir)).toBe(0o700);
    expect(mode(s.file)).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps an entry it cannot open (another keychain) and does not use it', async () => {
    const dir = fresh();
    await openCredentialStore(dir, fakeKeychain('desktop')).remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false });
    const other = openCredentialStore(dir, fakeKeychain('changed'));
    expect(await other.lookup('ghcr.io')).toBeUndefined();
    expect((await other.list()).entries[0]).toMatchObject({ host: 'ghcr.io', usable: false });
    const serve = openCredentialStore(dir, noSecretBox);
    expect(await serve.lookup('ghcr.io')).toBeUndefined();
    await serve.remember('127.0.0.1:5000', { username: 'u', password: 'other-pass' }, { acceptPlaintext: true });
    expect(await openCredentialStore(dir, fakeKeychain('desktop')).lookup('ghcr.io')).toEqual({ username: 'me', password: PASSWORD });
  });

  it('seals clear-text entries (written by berth serve) the next time it writes', async () => {
    const dir = fresh();
    await openCredentialStore(dir, noSecretBox).remember('a.example', { username: 'a', password: 'plain-pass-a' }, { acceptPlaintext: true });
    const s = openCredentialStore(dir, fakeKeychain());
    expect((await s.list()).entries[0]).toMatchObject({ encrypted: false, usable: true });
    await s.remember('b.example', { username: 'b', password: 'pass-b-1234' }, { acceptPlaintext: false });
    const text = readFileSync(s.file, 'utf8');
    expect(text).not.toContain('plain-pass-a');
    expect((await s.list()).entries.map((e) => [e.host, e.encrypted])).toEqual([['a.example', true], ['b.example', true]]);
    expect(await s.lookup('a.example')).toEqual({ username: 'a', password: 'plain-pass-a' });
  });
});

describe('credential store, without a keychain', () => {
  it('refuses to store in clear text unless the person accepted it, and says so', async () => {
    const dir = fresh();
    const s = openCredentialStore(dir, noSecretBox);
    expect(s.storage).toBe('plaintext');
    const err = await s.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).code).toBe('INVALID_INPUT');
    expect((err as BerthError).field).toBe('remember');
    expect((err as BerthError).message).toMatch(/no OS keychain.*unencrypted/);
    expect(existsSync(join(dir, 'registries.json'))).toBe(false);
    await expect(s.check({ acceptPlaintext: false })).rejects.toMatchObject({ field: 'remember' });
  });

  it('stores in clear text once accepted, still 0600, and says which entries are unencrypted', async () => {
    const dir = fresh();
    const s = openCredentialStore(dir, noSecretBox);
    await s.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: true });
    if (posix) expect(mode(s.file)).toBe(0o600);
    const list = await s.list();
    expect(list.storage).toBe('plaintext');
    expect(list.storageLabel).toMatch(/not encrypted/);
    expect(list.entries).toEqual([expect.objectContaining({ host: 'ghcr.io', username: 'me', encrypted: false, usable: true })]);
    expect(await s.lookup('ghcr.io')).toEqual({ username: 'me', password: PASSWORD });
  });
});

describe('credential store: forgetting, changes, damage', () => {
  it('forgets one registry, tells listeners, and leaves no trace of its password', async () => {
    const s = openCredentialStore(fresh(), noSecretBox);
    const seen: string[][] = [];
    s.onChange((l) => seen.push(l.entries.map((e) => e.host)));
    await s.remember('a.example', { username: 'a', password: 'pass-aaaa' }, { acceptPlaintext: true });
    await s.remember('b.example', { username: 'b', password: 'pass-bbbb' }, { acceptPlaintext: true });
    const h = createCredentialHandlers(s);
    expect(await h.forget({ registry: 'https://a.example/' })).toEqual({ forgotten: true });
    expect(await h.forget({ registry: 'a.example' })).toEqual({ forgotten: false });
    expect(await s.lookup('constructor')).toBeUndefined();
    expect(readFileSync(s.file, 'utf8')).not.toContain('pass-aaaa');
    expect((await h.remembered()).entries.map((e) => e.host)).toEqual(['b.example']);
    expect(seen).toEqual([['a.example'], ['a.example', 'b.example'], ['b.example']]);
  });

  it('serialises concurrent changes so none is lost', async () => {
    const dir = fresh();
    const s = openCredentialStore(dir, fakeKeychain());
    await Promise.all(['a', 'b', 'c', 'd'].map((h) => s.remember(`${h}.example`, { username: h, password: `pw-${h}-1234` }, { acceptPlaintext: false })));
    expect((await openCredentialStore(dir, fakeKeychain()).list()).entries.map((e) => e.host)).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
  });

  it('a damaged file gives a clear error and is never overwritten', async () => {
    for (const damage of ['{ "version": 1, "registries": { "x": ', JSON.stringify({ version: 7, registries: {} }), JSON.stringify({ version: 1, registries: { 'ghcr.io': { username: 'me' } } })]) {
      const dir = fresh();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, 'registries.json');
      writeFileSync(file, damage, { mode: 0o600 });
      const s = openCredentialStore(dir, fakeKeychain());
      const err = await s.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BerthError);
      expect((err as BerthError).code).toBe('CONFLICT');
      expect((err as BerthError).message).toMatch(/could not be read .*will not overwrite it: repair it, or delete it/);
      await expect(s.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(s.forget('ghcr.io')).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(s.lookup('ghcr.io')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await s.secrets()).toEqual([]);
      expect(readFileSync(file, 'utf8')).toBe(damage);
      expect(readdirSync(dir)).toEqual(['registries.json']);
    }
  });
});
