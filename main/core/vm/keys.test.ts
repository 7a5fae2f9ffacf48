// The VM's key files: made once (0600), then reused; a pair ssh2 cannot read is made again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { ensureKeys } from './keys.js';
import { vmPaths } from './paths.js';

describe('VM keys', () => {
  it('creates ed25519 client and host keys once, files 0600, and reuses them', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-keys-'));
    const paths = vmPaths('default', home);
    fs.mkdirSync(paths.dir, { recursive: true });
    const k1 = await ensureKeys(paths);
    for (const f of [paths.clientKey, paths.clientPub, paths.hostKey, paths.hostPub]) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(k1.clientPublic).toMatch(/^ssh-ed25519 AAAA\S+ berth-client$/);
    const parsed = ssh2.utils.parseKey(k1.clientPrivate);
    expect(parsed instanceof Error ? parsed.message : parsed.type).toBe('ssh-ed25519');
    const k2 = await ensureKeys(paths);
    expect(k2.hostKeyBlob.equals(k1.hostKeyBlob)).toBe(true);
    expect(k2.clientPrivate).toBe(k1.clientPrivate);
  });

  it('makes a pair again when the one on disk cannot be read (an older Berth kept ssh2\'s spoiled keys), and only that one', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-keys-'));
    const paths = vmPaths('default', home);
    fs.mkdirSync(paths.dir, { recursive: true });
    const k1 = await ensureKeys(paths);
    const [type, b64] = k1.clientPublic.split(' ');
    const blob = Buffer.from(b64 ?? '', 'base64');
    const spoiled = Buffer.concat([blob.subarray(0, 15), Buffer.from([0, 0, 0, 31]), blob.subarray(20)]);
    fs.writeFileSync(paths.clientPub, `${type} ${spoiled.toString('base64')} berth-client\n`);
    const k2 = await ensureKeys(paths);
    expect(k2.clientPublic).not.toBe(k1.clientPublic);
    expect(k2.clientPrivate).not.toBe(k1.clientPrivate);
    expect(k2.hostKeyBlob.equals(k1.hostKeyBlob)).toBe(true);
    expect(fs.statSync(paths.clientKey).mode & 0o777).toBe(0o600);
  });
});
