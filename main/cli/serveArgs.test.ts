// `berth serve`'s flags: --host checks (no wildcard; TLS for another address), --tls-cert/--tls-key read together.
import { describe, expect, it } from 'vitest';
import { serveArgs } from './serveArgs.js';

const STRONG = 'Zx_9-kLmN0pQrStUvWxY12';
const files: Record<string, string> = { '/c.pem': 'CERT', '/k.pem': 'KEY', '/token': `${STRONG}\n`, '/weak': 'hunter2\n', '/empty': '' };
const read = (p: string) => {
  const f = files[p];
  if (f === undefined) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
  return Buffer.from(f);
};

describe('berth serve arguments', () => {
  it('defaults to loopback on a random port', () => {
    expect(serveArgs([], {}, read)).toMatchObject({ host: '127.0.0.1', port: 0, vm: false, remote: false });
    expect(serveArgs(['--port', '8600', '--vm'], {}, read)).toMatchObject({ port: 8600, vm: true });
  });

  it('refuses --host 0.0.0.0, ::, and an empty host, with the ssh -L way in', () => {
    for (const h of ['0.0.0.0', '::', '']) {
      expect(() => serveArgs(['--host', h, '--port', '8600'], {}, read)).toThrow(/wildcard.*ssh -L 8600:127\.0\.0\.1:8600/);
      expect(() => serveArgs([`--host=${h}`, '--tls-cert', '/c.pem', '--tls-key', '/k.pem'], {}, read)).toThrow(/wildcard/);
    }
    expect(() => serveArgs(['--host'], {}, read)).toThrow(/--host needs a value/);
  });

  it('refuses a non-loopback address without TLS; serves it with --tls-cert and --tls-key, read from their files', () => {
    expect(() => serveArgs(['--host', '192.0.2.2'], {}, read)).toThrow(/--tls-cert FILE --tls-key FILE.*ssh -L/);
    const a = serveArgs(['--host', '192.0.2.2', '--tls-cert', '/c.pem', '--tls-key', '/k.pem'], {}, read);
    expect(a).toMatchObject({ host: '192.0.2.2', remote: true });
    expect(a.tls?.cert.toString()).toBe('CERT');
    expect(a.tls?.key.toString()).toBe('KEY');
  });

  it('wants both TLS files or neither, and says which one cannot be read', () => {
    expect(() => serveArgs(['--tls-cert', '/c.pem'], {}, read)).toThrow(/both --tls-cert FILE and --tls-key FILE/);
    expect(() => serveArgs(['--tls-key', '/k.pem'], {}, read)).toThrow(/both/);
    expect(() => serveArgs(['--tls-cert', '/nope.pem', '--tls-key', '/k.pem'], {}, read)).toThrow(/--tls-cert \/nope\.pem: cannot read it/);
  });

  it('takes a fixed token only from BERTH_TOKEN or --token-file, never from the command line, and only a strong one', () => {
    expect(() => serveArgs(['--token', STRONG], {}, read)).toThrow(/--token is not accepted.*BERTH_TOKEN.*--token-file FILE/);
    expect(() => serveArgs([`--token=${STRONG}`], {}, read)).toThrow(/not accepted/);
    expect(serveArgs([], { BERTH_TOKEN: STRONG }, read).token).toBe(STRONG);
    expect(serveArgs(['--token-file', '/token'], {}, read).token).toBe(STRONG);
    expect(serveArgs([], {}, read).token).toBeUndefined();
    expect(() => serveArgs([], { BERTH_TOKEN: 'hunter2' }, read)).toThrow(/too short: at least 128 bits/);
    expect(() => serveArgs(['--token-file', '/weak'], {}, read)).toThrow(/too short/);
    expect(() => serveArgs(['--token-file', '/empty'], {}, read)).toThrow(/empty/);
    expect(() => serveArgs(['--token-file', '/missing'], {}, read)).toThrow(/--token-file \/missing: cannot read it/);
    expect(() => serveArgs(['--token-file', '/token'], { BERTH_TOKEN: STRONG }, read)).toThrow(/not both/);
  });
});
