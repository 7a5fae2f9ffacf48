// The TLS files of a context or an added engine: each wrong file named, before anything is sent.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../engine/link/tls-testkit.js';
import { checkTlsFiles } from './tls-check.js';

describe('checkTlsFiles', () => {
  let pki: TestPki;
  const f = (n: string) => path.join(pki.certPath, n);
  const files = () => ({ ca: f('ca.pem'), cert: f('cert.pem'), key: f('key.pem') });
  const check = (t = files(), read?: (p: string) => Buffer) => checkTlsFiles(t, 'Docker context "prod"', 'Fix them.', read);

  beforeAll(() => {
    pki = makeTestPki();
  });
  afterAll(() => pki.dispose());

  it('accepts a CA with a matching client pair, or a CA alone', () => {
    expect(() => check()).not.toThrow();
    expect(() => check({ ca: f('ca.pem'), cert: f('none.pem'), key: f('none-key.pem') })).not.toThrow();
  });

  it('names the file that is wrong: no CA, a CA that is not PEM, half a pair, a key of another certificate', () => {
    expect(() => check({ ...files(), ca: f('missing.pem') })).toThrow(/^Docker context "prod": there is no CA certificate at .*missing\.pem.* Fix them\.$/);
    const junk = (p: string) => (p.endsWith('ca.pem') ? Buffer.from('-----BEGIN CERTIFICATE-----\nxx\n-----END CERTIFICATE-----\n') : fs.readFileSync(p));
    expect(() => check(files(), junk)).toThrow(/ca\.pem is not a PEM certificate/);
    expect(() => check({ ...files(), key: f('none.pem') })).toThrow(/needs both .*cert\.pem and .*none\.pem; only .*cert\.pem is there/);
    const otherKey = path.join(pki.certPath, 'other-key.pem');
    fs.writeFileSync(otherKey, crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => check({ ...files(), key: otherKey })).toThrow(/other-key\.pem is not the key of .*cert\.pem/);
    expect(() => check({ ...files(), key: f('ca.pem') })).toThrow(/ca\.pem is not a PEM private key/);
    const unreadable = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    expect(() => check(files(), unreadable)).toThrow(/ca\.pem cannot be read \(EACCES: permission denied\)/);
  });
});
