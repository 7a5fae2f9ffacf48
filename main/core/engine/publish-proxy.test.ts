// The host port docker-proxy is given when none is asked for: free for the protocol it forwards, on the address it binds.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './publish-proxy.js';

const bindUdp = (host: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    const u = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    u.once('error', reject);
    u.bind({ address: host, port, exclusive: true }, () => u.close(() => resolve()));
  });
const listenTcp = (host: string, port: number) =>
  new Promise<void>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port, exclusive: true }, () => s.close(() => resolve()));
  });

describe('a free host port for docker-proxy', () => {
  it('is free for UDP when UDP is forwarded (IPv4 and IPv6), and for TCP when TCP is', async () => {
    const ports = { udp4: await freePort('127.0.0.1', 'udp'), udp6: await freePort('::1', 'udp'), tcp: await freePort('127.0.0.1', 'tcp') };
    // A real port the system chose (0 would let anything bind), each then bindable for its protocol.
    for (const p of Object.values(ports)) expect(p).toBeGreaterThan(1023);
    await expect(bindUdp('127.0.0.1', ports.udp4)).resolves.toBeUndefined();
    await expect(bindUdp('::1', ports.udp6)).resolves.toBeUndefined();
    await expect(listenTcp('127.0.0.1', ports.tcp)).resolves.toBeUndefined();
  });

  it('says why when the address is not this machine\'s', async () => {
    await expect(freePort('192.0.2.1', 'udp')).rejects.toThrow(/EADDRNOTAVAIL/);
    await expect(freePort('192.0.2.1', 'tcp')).rejects.toThrow(/EADDRNOTAVAIL/);
  });
});
