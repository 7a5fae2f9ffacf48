// The desktop's secret box over a fake safeStorage: real keyrings seal, no keyring (or basic_text) means consent to clear text.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noSecretBox } from '../core/credentials/secret-box.js';
import { openCredentialStore } from '../core/credentials/store.js';
import { createSafeStorageBox, SAFE_STORAGE_BOX_ID } from './safe-storage.js';
import { fakeSafeStorage } from './testing/fake-electron.js';

const PASSWORD = 'k33p-me-out-of-files';
const dir = () => join(mkdtempSync(join(tmpdir(), 'berth-safe-')), 'credentials');

describe('safeStorage secret box', () => {
  it('seals with safeStorage where a keyring encrypts; the file never holds the password', async () => {
    const ss = fakeSafeStorage({ backend: 'gnome_libsecret' });
    const box = createSafeStorageBox(ss, 'linux');
    expect(box).toMatchObject({ encrypted: true, id: SAFE_STORAGE_BOX_ID, label: 'the desktop keyring (gnome_libsecret)' });
    const store = openCredentialStore(dir(), box);
    await store.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false });
    expect(ss.encrypted).toBe(1);
    expect(readFileSync(store.file, 'utf8')).not.toContain(PASSWORD);
    expect(await store.lookup('ghcr.io')).toEqual({ username: 'me', password: PASSWORD });
    expect((await store.list()).storage).toBe('encrypted');
  });

  it('names the keychain of each platform', () => {
    expect(createSafeStorageBox(fakeSafeStorage(), 'darwin').label).toBe('the macOS Keychain');
    expect(createSafeStorageBox(fakeSafeStorage(), 'win32').label).toMatch(/DPAPI/);
  });

  it('no keychain: safeStorage unavailable, Linux basic_text (a key built into the program), or none at all', async () => {
    expect(createSafeStorageBox(fakeSafeStorage({ available: false }), 'darwin')).toBe(noSecretBox);
    expect(createSafeStorageBox(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toBe(noSecretBox);
    expect(createSafeStorageBox(fakeSafeStorage({ backend: 'unknown' }), 'linux')).toBe(noSecretBox);
    expect(createSafeStorageBox(undefined, 'linux')).toBe(noSecretBox);
    const broken = { ...fakeSafeStorage(), isEncryptionAvailable: () => { throw new Error('not ready'); } };
    expect(createSafeStorageBox(broken, 'darwin')).toBe(noSecretBox);
    const store = openCredentialStore(dir(), createSafeStorageBox(fakeSafeStorage({ backend: 'basic_text' }), 'linux'));
    await expect(store.remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'remember' });
  });

  it('an entry the keychain can no longer decrypt is kept and unused', async () => {
    const d = dir();
    const ss = fakeSafeStorage();
    await openCredentialStore(d, createSafeStorageBox(ss, 'darwin')).remember('ghcr.io', { username: 'me', password: PASSWORD }, { acceptPlaintext: false });
    const changed = { ...fakeSafeStorage(), decryptString: () => { throw new Error('Error while decrypting'); } };
    const store = openCredentialStore(d, createSafeStorageBox(changed, 'darwin'));
    expect(await store.lookup('ghcr.io')).toBeUndefined();
    expect((await store.list()).entries).toEqual([expect.objectContaining({ host: 'ghcr.io', usable: false, encrypted: true })]);
  });
});
