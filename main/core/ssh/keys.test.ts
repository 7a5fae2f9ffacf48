// SSH key primitives: fingerprints as ssh-keygen prints them, only ed25519 public keys read.
import { describe, expect, it } from 'vitest';
import { fingerprint, publicKeyBlob } from './keys.js';

describe('SSH keys', () => {
  it('fingerprints like ssh-keygen and rejects other key types', () => {
    const blob = publicKeyBlob('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILdFkiUKtDe63faL5RusGvOqn5INx5wDBN2AQtNBGDo6 x');
    expect(fingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(() => publicKeyBlob('ssh-rsa AAAAB3 x')).toThrow(/ssh-ed25519/);
  });
});
