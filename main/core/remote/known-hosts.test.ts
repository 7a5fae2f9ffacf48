import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHostKey, hostToken, knownHostsVerifier, sha256Fingerprint } from './known-hosts.js';

const keyA = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'base64');
const keyB = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'base64');
const b64 = (b: Buffer) => b.toString('base64');

function hashed(token: string): string {
  const salt = crypto.randomBytes(20);
  return `|1|${salt.toString('base64')}|${crypto.createHmac('sha1', salt).update(token).digest('base64')}`;
}

describe('known_hosts', () => {
  it('names hosts as ssh does', () => {
    expect(hostToken('box', 22)).toBe('box');
    expect(hostToken('box', 2222)).toBe('[box]:2222');
  });

  it('finds plain, listed, bracketed-port and hashed entries', () => {
    const text = [
      '# comment',
      `box,10.0.0.9 ssh-ed25519 ${b64(keyA)}`,
      `[127.0.0.1]:2222 ssh-ed25519 ${b64(keyA)} comment`,
      `${hashed('[hashed.example]:2200')} ssh-ed25519 ${b64(keyA)}`,
    ].join('\n');
    expect(checkHostKey([text], 'box', 22, keyA)).toBe('known');
    expect(checkHostKey([text], '10.0.0.9', 22, keyA)).toBe('known');
    expect(checkHostKey([text], '127.0.0.1', 2222, keyA)).toBe('known');
    expect(checkHostKey([text], 'hashed.example', 2200, keyA)).toBe('known');
    // Port 22 and another port are different hosts to ssh.
    expect(checkHostKey([text], '127.0.0.1', 22, keyA)).toBe('unknown');
    expect(checkHostKey([text], 'hashed.example', 22, keyA)).toBe('unknown');
  });

  it('tells a changed key from an unknown host, and honours @revoked and negation', () => {
    const text = [`box ssh-ed25519 ${b64(keyA)}`, `*.lab,!secret.lab ssh-ed25519 ${b64(keyA)}`, `@revoked * ssh-ed25519 ${b64(keyB)}`].join('\n');
    expect(checkHostKey([text], 'box', 22, keyB)).toBe('revoked');
    const noRevoke = text.split('\n').slice(0, 2).join('\n');
    expect(checkHostKey([noRevoke], 'box', 22, keyB)).toBe('changed');
    expect(checkHostKey([noRevoke], 'a.lab', 22, keyA)).toBe('known');
    expect(checkHostKey([noRevoke], 'secret.lab', 22, keyA)).toBe('unknown');
  });

  it('a key in any of the files is enough; a malformed line is skipped', () => {
    expect(checkHostKey(['garbage', `box ssh-ed25519 ${b64(keyA)}`], 'box', 22, keyA)).toBe('known');
  });

  it('the verifier explains what to do, with the fingerprint', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-kh-'));
    const file = path.join(dir, 'known_hosts');
    const verify = knownHostsVerifier([file, path.join(dir, 'missing')], 'box', 2222, 'ana');
    const unknown = verify(keyA);
    expect(unknown).toMatchObject({ code: 'ENGINE_UNREACHABLE', fatal: true });
    expect(unknown?.message).toContain(sha256Fingerprint(keyA));
    expect(unknown?.message).toContain('ssh -p 2222 ana@box');
    fs.writeFileSync(file, `[box]:2222 ssh-ed25519 ${b64(keyA)}\n`);
    expect(verify(keyA)).toBeUndefined();
    expect(verify(keyB)?.message).toMatch(/changed.*intercepting.*ssh-keygen -R \[box\]:2222/s);
    fs.rmSync(dir, { recursive: true });
  });
});
