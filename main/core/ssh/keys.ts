// SSH key primitives: make an ed25519 pair, read a public key line's raw blob, and fingerprint it as ssh-keygen does.
import crypto from 'node:crypto';
import ssh2 from 'ssh2';
import { BerthError } from '../../../app/errors.js';

/**
 * An ed25519 pair in OpenSSH's formats. ssh2's generator strips the leading zero bytes of the public key, so about one
 * pair in 256 comes out with a 31-byte key that neither ssh2 nor OpenSSH reads (mscdex/ssh2 issues 1390 and 1513):
 * such a pair is drawn again.
 */
export function generateKeyPair(comment: string): { private: string; public: string } {
  for (let i = 0; i < 16; i++) {
    const kp = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (readableKey(kp.private) && readableKey(kp.public)) return { private: kp.private, public: kp.public };
  }
  throw new BerthError('VM_ERROR', 'Could not make a readable SSH key pair (16 tries).');
}

/** Whether ssh2 reads `text` as one unencrypted ed25519 key with its full 32-byte public key. */
export function readableKey(text: string): boolean {
  const k = ssh2.utils.parseKey(text);
  if (k instanceof Error || Array.isArray(k)) return false;
  // The public blob: string "ssh-ed25519" (4 + 11 bytes), then string key (4 + 32 bytes).
  return k.type === 'ssh-ed25519' && k.getPublicSSH().length === 51;
}

/** The raw key blob of an `ssh-ed25519 AAAA… comment` line. */
export function publicKeyBlob(line: string): Buffer {
  const parts = line.trim().split(/\s+/);
  const b64 = parts[1];
  if (parts[0] !== 'ssh-ed25519' || !b64) throw new BerthError('VM_ERROR', `Not an ssh-ed25519 public key: ${line.slice(0, 40)}`);
  return Buffer.from(b64, 'base64');
}

/** SHA256:… fingerprint, as `ssh-keygen -l` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}
