import { createSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { containerAddress, forwardTcp, forwardUdp, type Forwarder } from './publish.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function echoServer(): Promise<Server> {
  const s = createServer((sock) => sock.pipe(sock));
  cleanups.push(() => s.close());
  return new Promise((r) => s.listen(0, '127.0.0.1', () => r(s)));
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => sock.end(text));
    let got = '';
    sock.on('data', (d) => (got += d.toString()));
    sock.on('end', () => resolve(got));
    sock.on('error', reject);
  });
}

describe('forwardTcp', () => {
  it('forwards connections to the target and stops when closed', async () => {
    const target = await echoServer();
    const fwd: Forwarder = await forwardTcp('127.0.0.1', (target.address() as AddressInfo).port);
    cleanups.push(() => fwd.close());
    expect(fwd.hostIp).toBe('127.0.0.1');
    expect(fwd.hostPort).toBeGreaterThan(0);
    expect(await roundTrip(fwd.hostPort, 'ping')).toBe('ping');
    expect(await Promise.all([roundTrip(fwd.hostPort, 'a'), roundTrip(fwd.hostPort, 'b')])).toEqual(['a', 'b']);
    fwd.close();
    await expect(roundTrip(fwd.hostPort, 'x')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('says PORT_IN_USE when the host port is taken', async () => {
    const taken = await echoServer();
    const port = (taken.address() as AddressInfo).port;
    const err = await forwardTcp('127.0.0.1', 1, port).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BerthError);
    expect((err as BerthError).code).toBe('PORT_IN_USE');
    expect((err as BerthError).message).toContain(String(port));
  });
});

describe('forwardUdp', () => {
  it('relays datagrams and replies', async () => {
    const echo = createSocket('udp4');
    echo.on('message', (m, r) => echo.send(Buffer.from(`re:${m.toString()}`), r.port, r.address));
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => echo.close());
    const fwd = await forwardUdp('127.0.0.1', echo.address().port);
    cleanups.push(() => fwd.close());
    const client = createSocket('udp4');
    cleanups.push(() => client.close());
    const reply = new Promise<string>((r) => client.once('message', (m) => r(m.toString())));
    client.send('hi', fwd.hostPort, '127.0.0.1');
    expect(await reply).toBe('re:hi');
  });
});

describe('containerAddress', () => {
  it('prefers the default bridge IP, else any network IP', () => {
    const base = { Id: 'x', Name: '/x', State: { Running: true, Paused: false }, HostConfig: {} };
    expect(containerAddress({ ...base, NetworkSettings: { IPAddress: '172.17.0.2', Networks: {} } })).toBe('172.17.0.2');
    expect(containerAddress({ ...base, NetworkSettings: { IPAddress: '', Networks: { n: { IPAddress: '' }, m: { IPAddress: '10.0.0.3' } } } })).toBe('10.0.0.3');
    expect(containerAddress({ ...base, NetworkSettings: {} })).toBeUndefined();
  });
});
