// Published ports on the host: follows engine events and keeps 127.0.0.1:<port> forwarded into the VM (TCP and UDP).
import type Dockerode from 'dockerode';
import type { Duplex } from 'node:stream';
import { backoffDelay } from '../../../app/backoff.js';
import { BerthError } from '../../../app/errors.js';
import type { VmPortForward } from '../../../app/vm.js';
import type { Disposer, NativePortForwarder } from './backend.js';
import { TunnelListener } from './tunnel.js';
import { addUdpDnat, type GuestExec } from './udp-dnat.js';
import { createLogger } from '../log.js';

const log = createLogger('vm.ports');

type Proto = 'tcp' | 'udp';

/** What a running container publishes, as the engine lists it. */
export interface Published {
  containerId: string;
  containerName: string;
  protocol: Proto;
  guestIp: string;
  hostPort: number;
}

/** The published ports of running containers, one per protocol and host port (IPv4 and IPv6 bindings merge). */
export function publishedPorts(list: Dockerode.ContainerInfo[]): Published[] {
  const seen = new Map<string, Published>();
  for (const c of list) {
    for (const p of c.Ports ?? []) {
      if (!p.PublicPort || (p.Type !== 'tcp' && p.Type !== 'udp')) continue;
      const key = `${p.Type}/${p.PublicPort}`;
      if (seen.has(key)) continue;
      seen.set(key, {
        containerId: c.Id,
        containerName: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        protocol: p.Type,
        guestIp: p.IP ?? '0.0.0.0',
        hostPort: p.PublicPort,
      });
    }
  }
  return [...seen.values()];
}

export const fwdKey = (protocol: Proto, hostPort: number): string => `${protocol}/${hostPort}`;

export interface PortWatcherOptions {
  docker: Dockerode;
  /** QEMU's own forwarding (fastest); without it TCP goes through SSH tunnels and UDP is unsupported. */
  native?: NativePortForwarder | undefined;
  /** A stream to host:port as seen from the guest. */
  tunnel: (host: string, port: number) => Promise<Duplex>;
  /** Runs a command in the guest (UDP publish-on-running adds a DNAT rule there). */
  guestExec?: GuestExec;
  hostIp?: string;
  /** The running containers after each sync (one engine list serves the ports and the shared folders' file events). */
  onRunning?: (list: Dockerode.ContainerInfo[]) => void;
}

interface Active {
  fwd: VmPortForward;
  close: () => Promise<void>;
}

export class PortWatcher {
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Set<(f: VmPortForward[]) => void>();
  private readonly errorListeners = new Set<(f: VmPortForward) => void>();
  private stream: NodeJS.ReadableStream | undefined;
  private stopped = true;
  private syncing: Promise<void> | undefined;
  private again = false;
  private readonly hostIp: string;

  constructor(private readonly o: PortWatcherOptions) {
    this.hostIp = o.hostIp ?? '127.0.0.1';
  }

  forwards(): VmPortForward[] {
    return [...this.active.values()].map((a) => ({ ...a.fwd }));
  }

  onChange(cb: (f: VmPortForward[]) => void): Disposer {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** A forward that could not be set up (host port taken): shown on the container and as a notification. */
  onError(cb: (f: VmPortForward) => void): Disposer {
    this.errorListeners.add(cb);
    return () => this.errorListeners.delete(cb);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.follow();
  }

  /** Subscribes to container events (reconnecting with backoff) and resyncs after every (re)subscription. */
  private async follow(attempt = 0): Promise<void> {
    if (this.stopped) return;
    try {
      const s = await this.o.docker.getEvents({ filters: { type: ['container'], event: ['start', 'die', 'destroy', 'unpause'] } });
      if (this.stopped) {
        (s as unknown as { destroy?: () => void }).destroy?.();
        return;
      }
      this.stream = s;
      s.on('data', () => this.sync());
      const again = (): void => {
        if (this.stream !== s) return;
        this.stream = undefined;
        if (!this.stopped) setTimeout(() => void this.follow(), 200);
      };
      s.on('end', again);
      s.on('error', again);
      s.on('close', again);
      await this.sync();
    } catch (e) {
      const delay = backoffDelay(attempt, { firstMs: 100, maxMs: 3000 });
      log.warn('engine events unavailable; retrying', { error: String(e), delayMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      return this.follow(attempt + 1);
    }
  }

  /** Brings forwards in line with what running containers publish; coalesces bursts of events. */
  sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = (async () => {
      do {
        this.again = false;
        await this.syncOnce().catch((e: unknown) => log.warn('port sync failed', { error: String(e) }));
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async syncOnce(): Promise<void> {
    const list = await this.o.docker.listContainers();
    if (this.stopped) return;
    this.o.onRunning?.(list);
    const want = new Map(publishedPorts(list).map((p) => [fwdKey(p.protocol, p.hostPort), p]));
    const running = new Set(list.map((c) => c.Id));
    let changed = false;
    for (const [key, a] of this.active) {
      const keep = a.fwd.origin === 'manual' ? a.fwd.containerId !== undefined && running.has(a.fwd.containerId) : want.get(key)?.containerId === a.fwd.containerId;
      if (!keep) {
        this.active.delete(key);
        await a.close().catch((e: unknown) => log.warn('removing a forward failed', { forward: key, error: String(e) }));
        log.info('forward removed', { forward: key });
        changed = true;
      }
    }
    for (const [key, p] of want) {
      if (this.active.has(key)) continue;
      this.active.set(key, await this.open(p));
      changed = true;
    }
    if (changed) this.publish();
  }

  private async open(p: Published): Promise<Active> {
    const fwd: VmPortForward = {
      protocol: p.protocol, hostIp: this.hostIp, hostPort: p.hostPort, guestPort: p.hostPort,
      containerId: p.containerId, containerName: p.containerName, origin: 'published', status: 'active',
    };
    // A binding to the guest's loopback is only reachable from inside the guest: tunnel to it.
    const loopbackOnly = p.guestIp === '127.0.0.1';
    try {
      if (this.o.native && !loopbackOnly) {
        await this.o.native.add(p.protocol, this.hostIp, p.hostPort, p.hostPort);
        const native = this.o.native;
        log.info('forward added', { forward: fwdKey(p.protocol, p.hostPort), via: 'qemu', container: p.containerName });
        return { fwd, close: () => native.remove(p.protocol, this.hostIp, p.hostPort) };
      }
      if (p.protocol === 'udp') throw new BerthError('UNSUPPORTED', `UDP port ${p.hostPort} of ${p.containerName} cannot be forwarded on this backend (UDP needs the QEMU backend).`);
      const t = new TunnelListener(this.hostIp, p.hostPort, () => this.o.tunnel('127.0.0.1', p.hostPort));
      await t.listen();
      log.info('forward added', { forward: fwdKey(p.protocol, p.hostPort), via: 'ssh', container: p.containerName });
      return { fwd, close: () => t.close() };
    } catch (e) {
      return this.failed(fwd, e);
    }
  }

  private failed(fwd: VmPortForward, e: unknown): Active {
    const be = e instanceof BerthError ? e : new BerthError('PORT_IN_USE', `Host port ${fwd.hostIp}:${fwd.hostPort} is taken by another program; ${fwd.containerName ?? 'the container'} is not reachable on it.`, { detail: String(e) });
    fwd.status = 'failed';
    fwd.error = be.toWire();
    log.warn('forward failed', { forward: fwdKey(fwd.protocol, fwd.hostPort), error: be.message });
    for (const l of this.errorListeners) l({ ...fwd });
    return { fwd, close: async () => undefined };
  }

  /**
   * Publishes a port of a running container on the host without recreating it: TCP through SSH to the container's
   * address; UDP through QEMU's forward to a guest port and a DNAT rule in the guest (QEMU backend only).
   */
  async addManual(containerId: string, containerPort: number, hostPort: number, protocol: Proto = 'tcp'): Promise<VmPortForward> {
    const key = fwdKey(protocol, hostPort);
    const existing = this.active.get(key);
    if (existing && existing.fwd.status === 'active') throw new BerthError('PORT_IN_USE', `Host port ${hostPort} is already forwarded (to ${existing.fwd.containerName ?? 'a container'}).`, { field: 'hostPort' });
    const info = await this.o.docker.getContainer(containerId).inspect();
    if (!info.State.Running) throw new BerthError('CONFLICT', `${info.Name.replace(/^\//, '')} is not running; start it first.`);
    const ip = Object.values(info.NetworkSettings.Networks ?? {}).map((n) => n.IPAddress).find((a) => a);
    if (!ip) throw new BerthError('UNSUPPORTED', `${info.Name.replace(/^\//, '')} has no network address to forward to (network mode ${info.HostConfig.NetworkMode}).`);
    const fwd: VmPortForward = {
      protocol, hostIp: this.hostIp, hostPort, guestHost: ip, guestPort: containerPort,
      containerId: info.Id, containerName: info.Name.replace(/^\//, ''), origin: 'manual', status: 'active',
    };
    if (protocol === 'udp') return this.addManualUdp(key, fwd, ip);
    const t = new TunnelListener(this.hostIp, hostPort, () => this.o.tunnel(ip, containerPort));
    try {
      await t.listen();
    } catch (e) {
      throw e instanceof BerthError ? e : new BerthError('PORT_IN_USE', `Host port ${hostPort} is taken by another program; choose another.`, { field: 'hostPort', detail: String(e) });
    }
    this.active.set(key, { fwd, close: () => t.close() });
    this.publish();
    return { ...fwd };
  }

  private async addManualUdp(key: string, fwd: VmPortForward, ip: string): Promise<VmPortForward> {
    const { native, guestExec } = this.o;
    if (!native || !guestExec) throw new BerthError('UNSUPPORTED', 'Publishing a UDP port of a running container needs the QEMU backend; on this VM recreate the container with the port.', { field: 'protocol' });
    const undoDnat = await addUdpDnat(guestExec, fwd.hostPort, ip, fwd.guestPort);
    try {
      await native.add('udp', this.hostIp, fwd.hostPort, fwd.hostPort);
    } catch (e) {
      await undoDnat().catch(() => undefined);
      throw e instanceof BerthError ? e : new BerthError('PORT_IN_USE', `Host UDP port ${fwd.hostPort} is taken by another program; choose another.`, { field: 'hostPort', detail: String(e) });
    }
    const close = async (): Promise<void> => {
      await native.remove('udp', this.hostIp, fwd.hostPort).catch((e: unknown) => log.warn('removing a QEMU UDP forward failed', { error: String(e) }));
      await undoDnat();
    };
    this.active.set(key, { fwd, close });
    log.info('forward added', { forward: key, via: 'qemu+dnat', container: fwd.containerName });
    this.publish();
    return { ...fwd };
  }

  async removeManual(hostPort: number, protocol: Proto = 'tcp'): Promise<void> {
    const key = fwdKey(protocol, hostPort);
    const a = this.active.get(key);
    if (!a || a.fwd.origin !== 'manual') throw new BerthError('NOT_FOUND', `No manual forward on host port ${hostPort}.`);
    this.active.delete(key);
    await a.close();
    this.publish();
  }

  private publish(): void {
    const f = this.forwards();
    for (const l of this.listeners) l(f);
  }

  /** Stops following events and removes every forward. */
  async stop(opts: { keepNative?: boolean } = {}): Promise<void> {
    this.stopped = true;
    const s = this.stream as unknown as { destroy?: () => void } | undefined;
    this.stream = undefined;
    s?.destroy?.();
    for (const [key, a] of this.active) {
      this.active.delete(key);
      if (!(opts.keepNative && a.fwd.origin === 'published')) await a.close().catch(() => undefined);
    }
    this.publish();
  }
}
