// Publishes one more port of a running container without recreating it: host-side TCP/UDP forwarders to its IP.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { BerthError } from '../../../app/errors.js';
import type { CoreContext } from '../context.js';
import { createLogger } from '../log.js';
import { engineCall } from './link/errors.js';
import { findDockerProxy, forwardWithDockerProxy } from './publish-proxy.js';

const log = createLogger('publish');

/** A port on 127.0.0.1 that nothing listens on right now. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A UDP port on 127.0.0.1 that nothing is bound to right now. */
function freeLoopbackUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export const PUBLISH_HOST = '127.0.0.1';
const UDP_IDLE_MS = 60_000;

export interface Forwarder {
  readonly protocol: 'tcp' | 'udp';
  readonly containerPort: number;
  readonly hostIp: string;
  readonly hostPort: number;
  close(): void;
}

function portInUse(port: number | undefined, detail: string): BerthError {
  return new BerthError('PORT_IN_USE', `Port ${port ?? ''} on ${PUBLISH_HOST} is in use by another program — choose another or leave the host port blank.`, { field: 'hostPort', detail });
}

function listenError(e: unknown, port: number | undefined): BerthError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return portInUse(port, err.message);
  if (err.code === 'EACCES') return new BerthError('PERMISSION_DENIED', `Berth may not listen on port ${port ?? ''}; ports below 1024 need privileges — choose a higher one.`, { field: 'hostPort', detail: err.message });
  return new BerthError('INTERNAL', `Could not listen on ${PUBLISH_HOST}:${port ?? 0}.`, { detail: err.message });
}

/** A TCP forwarder: every connection to 127.0.0.1:hostPort is piped to target:port. */
export async function forwardTcp(target: string, port: number, hostPort = 0): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  // Half-open on both legs, so a client that sends and then shuts its side still gets the reply.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ host: target, port, allowHalfOpen: true });
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(listenError(e, hostPort || undefined)));
    server.listen({ host: PUBLISH_HOST, port: hostPort, exclusive: true }, () => resolve());
  });
  server.on('error', (e) => log.warn(`forwarder to ${target}:${port} failed`, e));
  server.unref();
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : hostPort;
  return {
    protocol: 'tcp',
    containerPort: port,
    hostIp: PUBLISH_HOST,
    hostPort: actual,
    close() {
      server.close();
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}

/** A UDP forwarder: datagrams to 127.0.0.1:hostPort go to target:port; replies go back to whoever sent them. */
export async function forwardUdp(target: string, port: number, hostPort = 0): Promise<Forwarder> {
  const front: UdpSocket = createSocket('udp4');
  const peers = new Map<string, { sock: UdpSocket; timer: NodeJS.Timeout }>();
  const drop = (key: string) => {
    const p = peers.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    p.sock.close();
    peers.delete(key);
  };
  const peerFor = (from: RemoteInfo) => {
    const key = `${from.address}:${from.port}`;
    let p = peers.get(key);
    if (!p) {
      const sock = createSocket('udp4');
      sock.on('message', (reply) => front.send(reply, from.port, from.address));
      sock.on('error', () => drop(key));
      sock.unref();
      p = { sock, timer: setTimeout(() => drop(key), UDP_IDLE_MS) };
      p.timer.unref();
      peers.set(key, p);
    }
    p.timer.refresh();
    return p.sock;
  };
  await new Promise<void>((resolve, reject) => {
    front.once('error', (e) => reject(listenError(e, hostPort || undefined)));
    front.bind({ address: PUBLISH_HOST, port: hostPort, exclusive: true }, () => resolve());
  });
  front.on('error', (e) => log.warn(`udp forwarder to ${target}:${port} failed`, e));
  front.on('message', (msg, from) => peerFor(from).send(msg, port, target));
  front.unref();
  return {
    protocol: 'udp',
    containerPort: port,
    hostIp: PUBLISH_HOST,
    hostPort: front.address().port,
    close() {
      for (const key of [...peers.keys()]) drop(key);
      try {
        front.close();
      } catch (e) {
        log.debug('udp forwarder already closed', e);
      }
    },
  };
}

export interface PublishInput {
  id: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  hostPort?: number | undefined;
}

interface InspectNet {
  Id: string;
  Name: string;
  State: { Running: boolean; Paused: boolean };
  HostConfig: { NetworkMode?: string };
  NetworkSettings: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> };
}

/** The container's address the host can reach: its bridge IP on the local Linux engine. */
export function containerAddress(c: InspectNet): string | undefined {
  if (c.NetworkSettings.IPAddress) return c.NetworkSettings.IPAddress;
  for (const n of Object.values(c.NetworkSettings.Networks ?? {})) if (n.IPAddress) return n.IPAddress;
  return undefined;
}

/** Forwarders by container id; each closes when its container dies or is removed. */
export class PublishRegistry {
  private readonly byContainer = new Map<string, Forwarder[]>();
  private readonly off: () => void;

  constructor(private readonly ctx: CoreContext) {
    this.off = ctx.conn.onEvent((ev) => {
      if (ev.type === 'container' && (ev.action === 'die' || ev.action === 'destroy' || ev.action === 'stop')) this.closeFor(ev.id);
    });
  }

  list(id: string): readonly Forwarder[] {
    return this.byContainer.get(id) ?? [];
  }

  async publish(input: PublishInput): Promise<{ hostIp: string; hostPort: number }> {
    const what = `Container ${input.id}`;
    const c = (await engineCall(() => this.ctx.docker.getContainer(input.id).inspect(), { what })) as unknown as InspectNet;
    const name = c.Name.replace(/^\//, '');
    if (!c.State.Running) throw new BerthError('CONFLICT', `Container ${name} is not running — start it, then publish the port.`);
    const mode = c.HostConfig.NetworkMode ?? '';
    if (mode === 'host') throw new BerthError('INVALID_INPUT', `Container ${name} uses the host's network: port ${input.containerPort} is already reachable on the host.`, { field: 'containerPort' });
    const kind = this.ctx.conn.endpoint.kind;
    if (kind === 'vm' && this.ctx.vm) {
      const hostPort = input.hostPort || (input.protocol === 'udp' ? await freeLoopbackUdpPort() : await freeLoopbackPort());
      const f = await this.ctx.vm.publishPort(c.Id, input.containerPort, hostPort, input.protocol);
      return { hostIp: f.hostIp, hostPort: f.hostPort };
    }
    if (kind !== 'socket') {
      throw new BerthError('UNSUPPORTED', `Publishing a port of a running container needs the container's network to be reachable from Berth; on the ${kind} endpoint recreate the container with the port instead.`);
    }
    const ip = containerAddress(c);
    if (!ip) throw new BerthError('CONFLICT', `Container ${name} has no IP address (network "${mode || 'none'}"), so there is nothing to forward to.`);
    const existing = this.list(c.Id).find((f) => f.containerPort === input.containerPort && f.protocol === input.protocol);
    if (existing && (input.hostPort === undefined || input.hostPort === 0 || input.hostPort === existing.hostPort)) {
      return { hostIp: existing.hostIp, hostPort: existing.hostPort };
    }
    const proxy = findDockerProxy();
    const fwd = proxy
      ? await forwardWithDockerProxy(proxy, input.protocol, PUBLISH_HOST, ip, input.containerPort, input.hostPort ?? 0)
      : input.protocol === 'udp'
        ? await forwardUdp(ip, input.containerPort, input.hostPort ?? 0)
        : await forwardTcp(ip, input.containerPort, input.hostPort ?? 0);
    // The container may have stopped while we were listening.
    const still = await this.ctx.docker.getContainer(c.Id).inspect().catch(() => undefined);
    if (!still?.State.Running) {
      fwd.close();
      throw new BerthError('CONFLICT', `Container ${name} stopped while its port was being published.`);
    }
    const list = this.byContainer.get(c.Id) ?? [];
    list.push(fwd);
    this.byContainer.set(c.Id, list);
    log.info(`published ${name} ${input.containerPort}/${input.protocol} on ${fwd.hostIp}:${fwd.hostPort} -> ${ip}`);
    return { hostIp: fwd.hostIp, hostPort: fwd.hostPort };
  }

  /** What Berth forwards for this container now (publish-on-running), on this engine or through the VM. */
  async publishedOf(ref: string): Promise<PublishedPort[]> {
    return this.forwardsOf(await this.inspect(ref));
  }

  /** Stops one forward made by `publish`; NOT_FOUND when this container has none on that port. */
  async unpublish(input: { id: string; hostPort: number; protocol: 'tcp' | 'udp' }): Promise<void> {
    const c = await this.inspect(input.id);
    const mine = this.forwardsOf(c).some((p) => p.hostPort === input.hostPort && p.protocol === input.protocol);
    if (!mine) throw new BerthError('NOT_FOUND', `Berth is not forwarding ${input.protocol.toUpperCase()} port ${input.hostPort} to container ${input.id}.`, { field: 'hostPort' });
    if (this.onVm()) return this.ctx.vm?.unpublishPort(input.hostPort, input.protocol);
    const list = this.byContainer.get(c.Id) ?? [];
    const [fwd] = list.splice(list.findIndex((f) => f.hostPort === input.hostPort && f.protocol === input.protocol), 1);
    fwd?.close();
    if (list.length === 0) this.byContainer.delete(c.Id);
    log.info(`unpublished ${input.protocol}/${input.hostPort} of ${c.Id.slice(0, 12)}`);
  }

  private inspect(ref: string): Promise<InspectNet> {
    return engineCall(() => this.ctx.docker.getContainer(ref).inspect(), { what: `Container ${ref}` }) as unknown as Promise<InspectNet>;
  }

  private onVm(): boolean {
    return this.ctx.conn.endpoint.kind === 'vm' && this.ctx.vm !== undefined;
  }

  private forwardsOf(c: InspectNet): PublishedPort[] {
    if (this.onVm() && this.ctx.vm) {
      return this.ctx.vm
        .forwards()
        .filter((f) => f.origin === 'manual' && f.containerId === c.Id && f.status === 'active')
        .map((f) => ({ hostIp: f.hostIp, hostPort: f.hostPort, containerPort: f.guestPort, protocol: f.protocol }));
    }
    return this.list(c.Id).map((f) => ({ hostIp: f.hostIp, hostPort: f.hostPort, containerPort: f.containerPort, protocol: f.protocol }));
  }

  closeFor(id: string): void {
    const list = this.byContainer.get(id);
    if (!list) return;
    this.byContainer.delete(id);
    for (const f of list) f.close();
    log.info(`closed ${list.length} forwarder(s) of ${id.slice(0, 12)}`);
  }

  dispose(): void {
    this.off();
    for (const id of [...this.byContainer.keys()]) this.closeFor(id);
  }
}
