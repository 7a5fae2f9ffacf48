// SSH key primitives: every generated pair readable, fingerprints as ssh-keygen prints them, only ed25519 public keys read.
import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { fingerprint, generateKeyPair, publicKeyBlob, readableKey } from './keys.js';

describe('SSH keys', () => {
  it('fingerprints like ssh-keygen and rejects other key types', () => {
    const blob = publicKeyBlob('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILdFkiUKtDe63faL5RusGvOqn5INx5wDBN2AQtNBGDo6 x');
    expect(fingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(() => publicKeyBlob('ssh-rsa AAAAB3 x')).toThrow(/ssh-ed25519/);
  });

  it('makes only pairs ssh2 reads back (its generator spoils about one in 256), 1,500 in a row', () => {
    for (let i = 0; i < 1500; i++) {
      const kp = generateKeyPair('t');
      expect(readableKey(kp.private) && readableKey(kp.public), kp.public).toBe(true);
      expect(publicKeyBlob(kp.public)).toHaveLength(51);
    }
  });

  it('tells a spoiled key from a good one', () => {
    const good = generateKeyPair('t').public.split(' ');
    const blob = Buffer.from(good[1] ?? '', 'base64');
    // What ssh2's generator writes when the key starts with a zero byte: the string 31 bytes long.
    const spoiled = Buffer.concat([blob.subarray(0, 15), Buffer.from([0, 0, 0, 31]), blob.subarray(20)]);
    expect(readableKey(`ssh-ed25519 ${spoiled.toString('base64')} t`)).toBe(false);
    expect(readableKey('not a key')).toBe(false);
    expect(readableKey(`ssh-ed25519 ${good[1]} t`)).toBe(true);
    expect(ssh2.utils.parseKey(`ssh-ed25519 ${good[1]} t`)).not.toBeInstanceOf(Error);
  });
});
