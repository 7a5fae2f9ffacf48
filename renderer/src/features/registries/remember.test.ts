// The remember choice: nothing typed means the remembered sign-in, clear text needs consent, hosts keyed like the core.
import { describe, expect, it } from 'vitest';
import type { RememberedRegistries } from '../../../../app/credentials.js';
import { emptySignIn, hostOfRef, hostOfRegistry, rememberedFor, toSignIn } from './remember.js';

const list: RememberedRegistries = {
  storage: 'plaintext',
  storageLabel: 'a file',
  file: '/h/credentials/registries.json',
  entries: [
    { host: '127.0.0.1:5000', username: 'me', savedAt: '2030-01-01T00:00:00Z', encrypted: false, usable: true },
    { host: 'ghcr.io', username: 'them', savedAt: '2030-01-01T00:00:00Z', encrypted: true, usable: false },
  ],
};

describe('remember', () => {
  it('finds the registry of a reference or an address', () => {
    expect(hostOfRef('busybox')).toBe('docker.io');
    expect(hostOfRef('127.0.0.1:5000/team/app:1')).toBe('127.0.0.1:5000');
    expect(hostOfRef('Not A Ref')).toBeUndefined();
    expect(hostOfRegistry('http://127.0.0.1:5000/')).toBe('127.0.0.1:5000');
    expect(hostOfRegistry('')).toBeUndefined();
  });

  it('uses a remembered sign-in only where this Berth can open it', () => {
    expect(rememberedFor(list, '127.0.0.1:5000')?.username).toBe('me');
    expect(rememberedFor(list, 'ghcr.io')).toBeUndefined();
    expect(rememberedFor(undefined, '127.0.0.1:5000')).toBeUndefined();
  });

  it('sends typed credentials, or none, and asks to remember only with a username and, without a keychain, consent', () => {
    expect(toSignIn(emptySignIn, 'plaintext')).toEqual({});
    expect(toSignIn({ ...emptySignIn, user: 'u', pass: 'p' }, 'encrypted')).toEqual({ auth: { username: 'u', password: 'p' } });
    expect(toSignIn({ ...emptySignIn, remember: true }, 'encrypted').error).toMatch(/Enter the username/);
    expect(toSignIn({ ...emptySignIn, user: 'u', pass: 'p', remember: true }, 'plaintext').error).toMatch(/cannot encrypt/);
    expect(toSignIn({ ...emptySignIn, user: 'u', pass: 'p', remember: true, acceptPlaintext: true }, 'plaintext')).toEqual({ auth: { username: 'u', password: 'p' }, remember: { acceptPlaintext: true } });
    expect(toSignIn({ ...emptySignIn, user: 'u', pass: 'p', remember: true, acceptPlaintext: true }, 'encrypted')).toEqual({ auth: { username: 'u', password: 'p' }, remember: { acceptPlaintext: false } });
  });
});
