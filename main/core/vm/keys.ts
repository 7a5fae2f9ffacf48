// Per-VM SSH keys: an ed25519 client key and a host key made on the host, so the guest's identity is pinned from the first login.
import fs from 'node:fs/promises';
import { BerthError } from '../../../app/errors.js';
import { fingerprint, generateKeyPair, publicKeyBlob, readableKey } from '../ssh/keys.js';
import type { VmPaths } from './paths.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.keys');

export interface VmKeys {
  /** OpenSSH private key of the client (for ssh2 `privateKey`). */
  clientPrivate: string;
  /** `ssh-ed25519 AAAA… berth` line for the guest's authorized_keys. */
  clientPublic: string;
  /** OpenSSH private host key for the guest's sshd. */
  hostPrivate: string;
  /** Raw public host key blob, the only key the client accepts from the guest. */
  hostKeyBlob: Buffer;
}

async function writePrivate(file: string, text: string): Promise<void> {
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/** A key pair on disk that ssh2 reads; one an older Berth wrote with ssh2's spoiled 31-byte key is not (see generateKeyPair). */
async function usable(key: string, pub: string): Promise<boolean> {
  if (!(await exists(key)) || !(await exists(pub))) return false;
  const [k, p] = await Promise.all([fs.readFile(key, 'utf8'), fs.readFile(pub, 'utf8')]).catch(() => ['', '']);
  if (readableKey(k) && readableKey(p.trim())) return true;
  log.warn('an SSH key of the VM cannot be read: made again', { file: key });
  return false;
}

/**
 * Creates the VM's key pairs if missing or unreadable (files 0600), then loads them. Both are handed to the guest at
 * every boot (the client's public key and the host key), so a pair made again takes effect at the next cold boot.
 */
export async function ensureKeys(paths: VmPaths): Promise<VmKeys> {
  if (!(await usable(paths.clientKey, paths.clientPub))) {
    const kp = generateKeyPair('berth-client');
    await writePrivate(paths.clientKey, kp.private);
    await writePrivate(paths.clientPub, `${kp.public}\n`);
    log.info('created client key', { file: paths.clientKey });
  }
  if (!(await usable(paths.hostKey, paths.hostPub))) {
    const kp = generateKeyPair('berth-guest');
    await writePrivate(paths.hostKey, kp.private);
    await writePrivate(paths.hostPub, `${kp.public}\n`);
    log.info('created guest host key', { fingerprint: fingerprint(publicKeyBlob(kp.public)) });
  }
  return loadKeys(paths);
}

export async function loadKeys(paths: VmPaths): Promise<VmKeys> {
  try {
    const [clientPrivate, clientPublic, hostPrivate, hostPub] = await Promise.all([
      fs.readFile(paths.clientKey, 'utf8'),
      fs.readFile(paths.clientPub, 'utf8'),
      fs.readFile(paths.hostKey, 'utf8'),
      fs.readFile(paths.hostPub, 'utf8'),
    ]);
    return { clientPrivate, clientPublic: clientPublic.trim(), hostPrivate, hostKeyBlob: publicKeyBlob(hostPub) };
  } catch (e) {
    throw new BerthError('VM_ERROR', `The VM's SSH keys in ${paths.dir} cannot be read; delete the VM and create it again.`, {
      detail: String(e),
    });
  }
}
