import { EventEmitter } from 'node:events';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import type { NativePortForwarder } from './backend.js';
import { PortWatcher, publishedPorts } from './ports.js';

function info(id: string, name: string, ports: Dockerode.Port[]): Dockerode.ContainerInfo {
  return { Id: id, Names: [`/${name}`], Ports: ports } as unknown as Dockerode.ContainerInfo;
}

describe('publishedPorts', () => {
  it('merges IPv4 and IPv6 bindings, keeps TCP and UDP apart, ignores unpublished ports', () => {
    const got = publishedPorts([
      info('a', 'web', [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 18090, Type: 'tcp' },
        { IP: '::', PrivatePort: 80, PublicPort: 18090, Type: 'tcp' },
        { IP: '', PrivatePort: 443, PublicPort: 0, Type: 'tcp' } as Dockerode.Port,
      ]),
      info('b', 'dns', [{ IP: '0.0.0.0', PrivatePort: 53, PublicPort: 18090, Type: 'udp' }]),
    ]);
    expect(got).toEqual([
      { containerId: 'a', containerName: 'web', protocol: 'tcp', guestIp: '0.0.0.0', hostPort: 18090 },
      { containerId: 'b', containerName: 'dns', protocol: 'udp', guestIp: '0.0.0.0', hostPort: 18090 },
    ]);
  });
});

class FakeDocker {
  list: Dockerode.ContainerInfo[] = [];
  events = new EventEmitter();
  listContainers = async (): Promise<Dockerode.ContainerInfo[]> => this.list;
  getEvents = async (): Promise<NodeJS.ReadableStream> => this.events as unknown as NodeJS.ReadableStream;
}

class FakeNative implements NativePortForwarder {
  rules = new Set<string>();
  taken = new Set<number>();
  add = async (protocol: 'tcp' | 'udp', hostIp: string, hostPort: number, guestPort: number): Promise<void> => {
    if (this.taken.has(hostPort)) throw new BerthError('PORT_IN_USE', `Host port ${hostPort} is taken`);
    this.rules.add(`${protocol}:${hostIp}:${hostPort}-:${guestPort}`);
  };
  remove = async (protocol: 'tcp' | 'udp', hostIp: string, hostPort: number): Promise<void> => {
    for (const r of this.rules) if (r.startsWith(`${protocol}:${hostIp}:${hostPort}-`)) this.rules.delete(r);
  };
}

describe('PortWatcher', () => {
  it('adds forwards when containers start and removes them when they stop, driven by events', async () => {
    const docker = new FakeDocker();
    const native = new FakeNative();
    const w = new PortWatcher({ docker: docker as unknown as Dockerode, native, tunnel: () => Promise.reject(new Error('unused')) });
    await w.start();
    expect(native.rules.size).toBe(0);
    docker.list = [info('a', 'web', [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 18090, Type: 'tcp' }, { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' }])];
    docker.events.emit('data', Buffer.from('{"Type":"container","Action":"start"}'));
    await w.sync();
    expect([...native.rules].sort()).toEqual(['tcp:127.0.0.1:18090-:18090', 'udp:127.0.0.1:5353-:5353']);
    expect(w.forwards().map((f) => `${f.protocol}/${f.hostPort}/${f.containerName}/${f.status}`).sort()).toEqual(['tcp/18090/web/active', 'udp/5353/web/active']);
    docker.list = [];
    docker.events.emit('data', Buffer.from('{"Type":"container","Action":"die"}'));
    await w.sync();
    expect(native.rules.size).toBe(0);
    expect(w.forwards()).toEqual([]);
    await w.stop();
  });

  it('reports a taken host port as a failed forward and an error event, never silently', async () => {
    const docker = new FakeDocker();
    const native = new FakeNative();
    native.taken.add(8080);
    const w = new PortWatcher({ docker: docker as unknown as Dockerode, native, tunnel: () => Promise.reject(new Error('unused')) });
    const errors: string[] = [];
    w.onError((f) => errors.push(`${f.hostPort} ${f.error?.code} ${f.containerName}`));
    docker.list = [info('a', 'app', [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }])];
    await w.start();
    expect(errors).toEqual(['8080 PORT_IN_USE app']);
    expect(w.forwards()[0]).toMatchObject({ hostPort: 8080, status: 'failed', error: { code: 'PORT_IN_USE' } });
    await w.stop();
  });

  it('resyncs after the event stream drops (e.g. the SSH link went down)', async () => {
    const docker = new FakeDocker();
    const native = new FakeNative();
    const w = new PortWatcher({ docker: docker as unknown as Dockerode, native, tunnel: () => Promise.reject(new Error('unused')) });
    await w.start();
    const old = docker.events;
    docker.events = new EventEmitter();
    docker.list = [info('a', 'web', [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 18090, Type: 'tcp' }])];
    old.emit('end');
    // It follows again 200 ms after the drop, then resyncs: polled, as a loaded machine may take longer than that.
    await expect.poll(() => [...native.rules], { timeout: 5_000, interval: 20 }).toEqual(['tcp:127.0.0.1:18090-:18090']);
    await w.stop();
    expect(native.rules.size).toBe(0);
  });

  it('without native forwarding, UDP is a typed UNSUPPORTED failure', async () => {
    const docker = new FakeDocker();
    docker.list = [info('a', 'dns', [{ IP: '0.0.0.0', PrivatePort: 53, PublicPort: 15353, Type: 'udp' }])];
    const w = new PortWatcher({ docker: docker as unknown as Dockerode, tunnel: () => Promise.reject(new Error('unused')) });
    await w.start();
    expect(w.forwards()[0]).toMatchObject({ status: 'failed', error: { code: 'UNSUPPORTED' } });
    await w.stop();
  });
});
