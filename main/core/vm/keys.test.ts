// The VM's key files: made once (0600), then reused.
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
});
