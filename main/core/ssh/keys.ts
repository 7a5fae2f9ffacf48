// SSH key primitives: make an ed25519 pair, read a public key line's raw blob, and fingerprint it as ssh-keygen does.
import crypto from 'node:crypto';
import ssh2 from 'ssh2';
import { BerthError } from '../../../app/errors.js';

export function generateKeyPair(comment: string): { private: string; public: string } {
  const kp = ssh2.utils.generateKeyPairSync('ed25519', { comment });
  return { private: kp.private, public: kp.public };
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
