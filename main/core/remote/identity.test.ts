import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../ssh/keys.js';
import { findCredentials } from './identity.js';

describe('findCredentials', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-id-'));

  it('takes the first readable key in ssh order, and never reports the key itself', () => {
    const key = generateKeyPair('me');
    fs.writeFileSync(path.join(dir, 'id_rsa'), 'not a key');
    fs.writeFileSync(path.join(dir, 'id_ecdsa'), key.private, { mode: 0o600 });
    const c = findCredentials({ sshDir: dir });
    expect(c.privateKey).toBe(key.private);
    expect(c.sources).toEqual([path.join(dir, 'id_ecdsa')]);
    expect(JSON.stringify(c.sources)).not.toContain('PRIVATE');
  });

  it('uses the agent when its socket exists', () => {
    const sock = path.join(dir, 'agent.sock');
    fs.writeFileSync(sock, '');
    expect(findCredentials({ sshDir: path.join(dir, 'none'), agent: sock })).toEqual({ agent: sock, sources: ['ssh-agent'] });
  });

  it('says what to do when there is nothing to log in with', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-id-'));
    fs.writeFileSync(path.join(empty, 'id_ed25519'), 'garbage');
    expect(() => findCredentials({ sshDir: empty, agent: '/nonexistent/agent' })).toThrow(
      expect.objectContaining({ code: 'ENGINE_UNREACHABLE', fatal: true, message: expect.stringMatching(/ssh-agent.*ssh-keygen.*Skipped: .*id_ed25519/s) as unknown }),
    );
  });
});
