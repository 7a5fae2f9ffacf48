// One live connection and one model per engine in use, keyed by engine id: acquire/release, closed a while after the last release.
import type { EngineStatus } from '../../../app/model.js';
import { EngineConnection, type ConnectionOptions } from '../engine/link/connection.js';
import { EngineModel, type Delta, type ModelListeners } from '../engine/link/model.js';
import { createLogger } from '../log.js';
import { RemoteEngine, type RemoteEngineOptions } from '../remote/remote-engine.js';
import { remoteHomeOf, type EngineSpec } from './discover.js';

const log = createLogger('engines.pool');

export type ModelKind = keyof ModelListeners;

/** A hold on an engine's live connection and model; `release()` once done (twice is harmless). */
export interface EngineLease {
  readonly id: string;
  readonly conn: EngineConnection;
  readonly model: EngineModel;
  release(): void;
}

interface Live {
  readonly spec: EngineSpec;
  readonly conn: EngineConnection;
  readonly model: EngineModel;
  readonly remote: RemoteEngine | undefined;
  readonly offStatus: () => void;
  refs: number;
  closeTimer: NodeJS.Timeout | undefined;
}

export interface PoolOptions {
  /** Where ssh:// engines are served locally (a folder per engine): the pool's own, not the core's nor a probe's. */
  remoteHome: string;
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'>;
  connection?: ConnectionOptions;
  /** How long an engine nobody holds stays connected (a quick switch back costs nothing); 0 closes at once. */
  lingerMs?: number;
}

export class EnginePool {
  private readonly live = new Map<string, Live>();
  private readonly deltaCbs = new Set<(id: string, kind: ModelKind, d: Delta<unknown>) => void>();
  private readonly statusCbs = new Set<(id: string, s: EngineStatus) => void>();

  constructor(
    /** The engine of an id as found now; throws NOT_FOUND for an unknown one. */
    private readonly resolve: (id: string) => EngineSpec,
    private readonly o: PoolOptions,
  ) {}

  /** Connects the engine (or reuses its connection) and holds it until the lease is released. */
  acquire(id: string): EngineLease {
    let l = this.live.get(id);
    if (!l) {
      l = this.open(this.resolve(id));
      this.live.set(id, l);
    }
    const live = l;
    if (live.closeTimer) clearTimeout(live.closeTimer);
    live.closeTimer = undefined;
    live.refs++;
    let released = false;
    return {
      id,
      conn: live.conn,
      model: live.model,
      release: () => {
        if (released) return;
        released = true;
        this.release(id, live);
      },
    };
  }

  /** The live connection of an engine someone holds (or that lingers), if any. */
  connection(id: string): EngineConnection | undefined {
    return this.live.get(id)?.conn;
  }

  /** Ids of the engines connected now. */
  inUse(): string[] {
    return [...this.live.keys()];
  }

  /** Every model delta of every pooled engine, with its engine id. */
  onDelta(cb: (id: string, kind: ModelKind, d: Delta<unknown>) => void): () => void {
    this.deltaCbs.add(cb);
    return () => this.deltaCbs.delete(cb);
  }

  /** Every status change of every pooled engine's connection. */
  onStatus(cb: (id: string, s: EngineStatus) => void): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }

  private open(spec: EngineSpec): Live {
    if (spec.problem) throw spec.problem;
    if (!spec.endpoint) throw new Error(`engine ${spec.id} has no endpoint`);
    const remote = spec.endpoint.kind === 'ssh' ? new RemoteEngine({ ...this.o.remote, url: spec.url, home: remoteHomeOf(this.o.remoteHome, spec.id) }) : undefined;
    const endpoint = remote ? remote.endpoint() : spec.endpoint;
    const conn = new EngineConnection(endpoint, remote ? { ...this.o.connection, explain: () => remote.explain() } : this.o.connection);
    const emit = (kind: ModelKind) => (d: Delta<unknown>) => {
      for (const cb of this.deltaCbs) cb(spec.id, kind, d);
    };
    const model = new EngineModel(conn, { containers: emit('containers'), images: emit('images'), volumes: emit('volumes'), networks: emit('networks') });
    const offStatus = conn.onStatus((s) => {
      for (const cb of this.statusCbs) cb(spec.id, s);
    });
    if (remote) {
      remote.start().then(
        () => conn.start(),
        (e: unknown) => {
          log.error(`could not serve ${spec.name} locally`, e);
          conn.start();
        },
      );
    } else conn.start();
    log.info(`connected ${spec.name} (${spec.url})`);
    return { spec, conn, model, remote, offStatus, refs: 0, closeTimer: undefined };
  }

  private release(id: string, live: Live): void {
    live.refs--;
    if (live.refs > 0 || this.live.get(id) !== live) return;
    const linger = this.o.lingerMs ?? 30_000;
    if (linger <= 0) void this.close(id, live);
    else live.closeTimer = setTimeout(() => void this.close(id, live), linger);
  }

  private async close(id: string, live: Live): Promise<void> {
    if (live.refs > 0 || this.live.get(id) !== live) return;
    this.live.delete(id);
    if (live.closeTimer) clearTimeout(live.closeTimer);
    live.offStatus();
    live.model.dispose();
    live.conn.stop();
    await live.remote?.dispose();
    log.info(`closed ${live.spec.name}: nobody uses it`);
  }

  /** Closes an engine whether held or not (it was removed); its leases' connection is stopped. */
  async drop(id: string): Promise<void> {
    const l = this.live.get(id);
    if (!l) return;
    l.refs = 0;
    await this.close(id, l);
  }

  /** Closes every engine, held or not. */
  async dispose(): Promise<void> {
    await Promise.all(
      [...this.live.entries()].map(([id, l]) => {
        l.refs = 0;
        return this.close(id, l);
      }),
    );
  }
}
