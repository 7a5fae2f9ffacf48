// The engine flags of `berth serve` and `berth doctor`: docker's --tlsverify and file flags, and what doctor prints about the transport.
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';
import { ENGINE_VALUED, engineArgs, engineCoreOptions, transportLines } from './engineArgs.js';

const parse = (argv: string[]) => parseArgs(argv, new Set(ENGINE_VALUED));

describe('engine flags', () => {
  it('--endpoint alone is the setting; --tlsverify resolves it with TLS files from DOCKER_CERT_PATH or the flags', () => {
    expect(engineArgs(parse(['--endpoint', 'tcp://127.0.0.1:2376']), {}, '/home/ada')).toEqual({ endpoint: 'tcp://127.0.0.1:2376' });
    expect(engineCoreOptions({ endpoint: 'tcp://127.0.0.1:2376' })).toEqual({ endpointSetting: 'tcp://127.0.0.1:2376' });
    const a = engineArgs(parse(['--endpoint', 'tcp://127.0.0.1:2376', '--tlsverify', '--tlscacert', '/x/ca.pem']), { DOCKER_CERT_PATH: '/certs' }, '/home/ada');
    expect(a.engineTls).toEqual({ ca: '/x/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' });
    expect(engineCoreOptions(a).endpoint).toMatchObject({ kind: 'tcp', label: 'TCP 127.0.0.1:2376 (TLS)', tls: { ca: '/x/ca.pem' } });
    expect(engineArgs(parse(['--tlsverify=true']), {}, '/home/ada').engineTls?.certPath).toBe('/home/ada/.docker');
  });

  it('file flags without --tlsverify are refused (the page certificate is --tls-cert)', () => {
    expect(() => engineArgs(parse(['--tlscert', '/x/cert.pem']), {}, '/home/ada')).toThrow(/go with --tlsverify/);
  });

  it('doctor prints the warning for plain tcp off this machine, or where the TLS files are', () => {
    expect(transportLines({ kind: 'tcp', address: '192.0.2.7:2375' })).toEqual([expect.stringMatching(/^WARNING: {2}The engine at tcp:\/\/192\.0\.2\.7:2375 is reached without TLS: it is unauthenticated/)]);
    expect(transportLines({ kind: 'tcp', address: '192.0.2.7:2376', tls: { ca: '/c/ca.pem', cert: '/c/cert.pem', key: '/c/key.pem' } })).toEqual([expect.stringMatching(/^TLS: +the engine verified against \/c\/ca\.pem/)]);
    expect(transportLines({ kind: 'tcp', address: '127.0.0.1:2375' })).toEqual([]);
    expect(transportLines({ kind: 'socket', address: '/var/run/docker.sock' })).toEqual([]);
  });
});
