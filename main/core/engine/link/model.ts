// The in-memory model of one engine, fed by its event stream and resynced with full lists after each reconnect.
import type { ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../../app/model.js';
import { createLogger } from '../../log.js';
import type { EngineConnection } from './connection.js';
import { ImagePlatforms } from './image-platforms.js';
import { containerSummaries, imageSummaries, toNetworkSummary, toVolumeSummary } from './summaries.js';

const log = createLogger('model');

export interface Delta<T> {
  upsert: T[];
  remove: string[];
  reset?: boolean;
}

export interface ModelListeners {
  containers(d: Delta<ContainerSummary>): void;
  images(d: Delta<ImageSummary>): void;
  volumes(d: Delta<VolumeSummary>): void;
  networks(d: Delta<NetworkSummary>): void;
}

/** Container actions after which the engine's list may lag behind the event. */
const SETTLING_ACTIONS = /^(die|stop|kill|oom|start|restart|pause|unpause|rename|health_status)/;

/** Container actions that do not change what a list shows. */
const QUIET_CONTAINER_ACTIONS = /^(exec_|top$|attach$|resize$|export$|commit$|archive-path$|extract-to-dir$|copy$)/;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Replaces the contents of `map` with `items`, returning what changed. */
function diffInto<T>(map: Map<string, T>, items: T[], key: (t: T) => string): Delta<T> {
  const seen = new Set<string>();
  const upsert: T[] = [];
  for (const it of items) {
    const k = key(it);
    seen.add(k);
    if (!sameJson(map.get(k), it)) upsert.push(it);
    map.set(k, it);
  }
  const remove = [...map.keys()].filter((k) => !seen.has(k));
  for (const k of remove) map.delete(k);
  return { upsert, remove };
}

export class EngineModel {
  readonly containers = new Map<string, ContainerSummary>();
  readonly images = new Map<string, ImageSummary>();
  readonly volumes = new Map<string, VolumeSummary>();
  readonly networks = new Map<string, NetworkSummary>();
  private readonly dirtyContainers = new Set<string>();
  private containerFlush: Promise<void> | undefined;
  private timers = new Map<string, NodeJS.Timeout>();
  private readonly disposers: (() => void)[] = [];
  /** The list lacks each image's platform: read once per image id. */
  private readonly platforms = new ImagePlatforms((id) => this.conn.docker.getImage(id).inspect());

  constructor(
    private readonly conn: EngineConnection,
    private readonly out: ModelListeners,
  ) {
    this.disposers.push(conn.onUp(() => this.resync()));
    this.disposers.push(
      conn.onEvent((ev) => {
        switch (ev.type) {
          case 'container':
            if (!QUIET_CONTAINER_ACTIONS.test(ev.action)) {
              this.refreshContainer(ev.id);
              // The engine can emit die/stop/connect before its list shows the new state: look again shortly after.
              if (SETTLING_ACTIONS.test(ev.action)) this.later(`settle:${ev.id}`, async () => this.refreshContainer(ev.id), 200);
            }
            if (ev.action === 'destroy' || ev.action === 'create') this.later('images', () => this.refreshImages());
            return;
          case 'image':
            if (ev.action !== 'save' && ev.action !== 'push') this.later('images', () => this.refreshImages());
            return;
          case 'volume':
            if (ev.action === 'create' || ev.action === 'destroy') this.later('volumes', () => this.refreshVolumes());
            return;
          case 'network':
            if (ev.action === 'create' || ev.action === 'destroy' || ev.action === 'remove') this.later('networks', () => this.refreshNetworks());
            if ((ev.action === 'connect' || ev.action === 'disconnect') && ev.attributes.container) {
              const id = ev.attributes.container;
              this.refreshContainer(id);
              this.later(`settle:${id}`, async () => this.refreshContainer(id), 200);
            }
            return;
          default:
            return;
        }
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposers) d();
    for (const t of this.timers.values()) clearTimeout(t);
  }

  /** Full lists from the engine; emits what changed since the model last knew. */
  async resync(): Promise<void> {
    const d = this.conn.docker;
    const [cs, is, vs, ns] = await Promise.all([
      d.listContainers({ all: true }),
      d.listImages({ all: false }),
      d.listVolumes(),
      d.listNetworks(),
    ]);
    this.emit('containers', diffInto(this.containers, containerSummaries(cs), (c) => c.id));
    this.emit('images', diffInto(this.images, await this.withPlatforms(imageSummaries(is)), (i) => i.id));
    this.emit('volumes', diffInto(this.volumes, (vs.Volumes ?? []).map(toVolumeSummary), (v) => v.name));
    this.emit('networks', diffInto(this.networks, ns.map(toNetworkSummary), (n) => n.id));
  }

  private emit<K extends keyof ModelListeners>(kind: K, delta: Parameters<ModelListeners[K]>[0]) {
    if (delta.upsert.length === 0 && delta.remove.length === 0) return;
    (this.out[kind] as (d: typeof delta) => void)(delta);
  }

  private later(key: string, fn: () => Promise<void>, ms = 30) {
    if (this.timers.has(key)) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn().catch((e) => log.warn(`refresh of ${key} failed`, e));
      }, ms),
    );
  }

  /** Re-reads the containers named in events; coalesces bursts into one list call. */
  refreshContainer(id: string): void {
    this.dirtyContainers.add(id);
    if (this.containerFlush) return;
    this.containerFlush = (async () => {
      while (this.dirtyContainers.size > 0) {
        const ids = [...this.dirtyContainers];
        this.dirtyContainers.clear();
        try {
          const found = await this.conn.docker.listContainers({ all: true, filters: JSON.stringify({ id: ids }) });
          const byId = new Map(containerSummaries(found).map((c) => [c.id, c]));
          const upsert: ContainerSummary[] = [];
          const remove: string[] = [];
          for (const id of ids) {
            const s = byId.get(id) ?? [...byId.values()].find((c) => c.id.startsWith(id));
            if (s) {
              if (!sameJson(this.containers.get(s.id), s)) upsert.push(s);
              this.containers.set(s.id, s);
            } else if (this.containers.delete(id)) remove.push(id);
          }
          this.emit('containers', { upsert, remove });
        } catch (e) {
          log.warn('container refresh failed', e);
        }
      }
    })().finally(() => {
      this.containerFlush = undefined;
    });
  }

  /** Images with their platform (os, architecture, variant) filled in. */
  withPlatforms(list: ImageSummary[]): Promise<ImageSummary[]> {
    return this.platforms.fill(list);
  }

  private async refreshImages() {
    this.emit('images', diffInto(this.images, await this.withPlatforms(imageSummaries(await this.conn.docker.listImages({ all: false }))), (i) => i.id));
  }
  private async refreshVolumes() {
    this.emit('volumes', diffInto(this.volumes, ((await this.conn.docker.listVolumes()).Volumes ?? []).map(toVolumeSummary), (v) => v.name));
  }
  private async refreshNetworks() {
    this.emit('networks', diffInto(this.networks, (await this.conn.docker.listNetworks()).map(toNetworkSummary), (n) => n.id));
  }
}
