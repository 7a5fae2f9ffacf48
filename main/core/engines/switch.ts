// The current engine of the core's windows, switched without a restart (engines.use), and requests that name an engine:
// each engine's handlers over its own connection and model (the launch engine's, or a pool lease), deltas tagged with it.
import { api, type Api } from '../../../app/api.js';
import type { CurrentEngine, EngineEntry } from '../../../app/engines.js';
import { BerthError } from '../../../app/errors.js';
import type { EngineStatus } from '../../../app/model.js';
import type { EventBus } from '../bus.js';
import type { EngineConnection } from '../engine/link/connection.js';
import type { Delta, EngineModel } from '../engine/link/model.js';
import type { HandlerTable, Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import type { EngineCatalog } from './catalog.js';
import type { ModelKind } from './pool.js';

const log = createLogger('engines.switch');

/** The contract groups whose requests and streams act on one engine; the rest (vm, settings, engines, …) are the core's. */
export const ENGINE_GROUPS = ['engine', 'containers', 'images', 'volumes', 'networks', 'terminals'] as const;
type EngineGroup = (typeof ENGINE_GROUPS)[number];
/** What the core builds over one engine's connection and model. */
export type EngineHandlers = Pick<HandlerTable<Api>, EngineGroup>;

/** The id of an engine Berth was started on that no engine of the list matches (`--endpoint tcp://…`). */
export const LAUNCH_ONLY_ID = 'endpoint';

export interface LaunchEngine {
  /** Its engines.list id (LAUNCH_ONLY_ID when none matches). */
  readonly id: string;
  readonly name: string;
  readonly conn: EngineConnection;
  readonly model: EngineModel;
}

export interface SwitchOptions {
  catalog: EngineCatalog;
  launch: LaunchEngine;
  bus: EventBus;
  /** The handlers over one engine's connection and model (the core's resource modules). */
  build(conn: EngineConnection, model: EngineModel): EngineHandlers;
  /** Keeps the choice (the settings' currentEngine); absent: remembered only while the core runs. */
  remember?(id: string): Promise<void>;
  /** How long a switch waits for an engine that is still connecting. */
  readyTimeoutMs?: number;
}

interface Scope {
  readonly id: string;
  readonly conn: EngineConnection;
  readonly handlers: EngineHandlers;
}

type AnyFn = (input: unknown, sink?: Sink<unknown, unknown>) => unknown;

/** Resolves once the connection is up; rejects with the engine's own reason when it is (or goes) down. */
export function whenUp(conn: EngineConnection, name: string, timeoutMs: number): Promise<void> {
  const downError = (s: EngineStatus) =>
    new BerthError('ENGINE_UNREACHABLE', `${name} is down: ${s.reason ?? 'it does not answer'}`, s.error?.detail ? { detail: s.error.detail } : {});
  const now = conn.getStatus();
  if (now.state === 'up') return Promise.resolve();
  if (now.state === 'down') return Promise.reject(downError(now));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new BerthError('TIMEOUT', `${name} did not answer within ${Math.round(timeoutMs / 1000)} s; the current engine stays.`));
    }, timeoutMs);
    const off = conn.onStatus((s) => {
      if (s.state === 'connecting') return;
      clearTimeout(timer);
      off();
      if (s.state === 'up') resolve();
      else reject(downError(s));
    });
  });
}

export class EngineSwitch {
  private readonly catalog: EngineCatalog;
  private readonly launchScope: Scope;
  /** Handlers built over a pooled engine's live connection (rebuilt when the pool connects it afresh). */
  private readonly scopes = new Map<string, Scope>();
  private current: Scope;
  private currentName: string;
  /** The pool lease the current engine holds (none for the launch engine, which the core keeps itself). */
  private currentRelease: (() => void) | undefined;
  private offCurrentEvents: () => void = () => undefined;
  private readonly offs: (() => void)[] = [];
  private readonly delegating: EngineHandlers;
  private switching: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: SwitchOptions) {
    this.catalog = o.catalog;
    this.launchScope = { id: o.launch.id, conn: o.launch.conn, handlers: o.build(o.launch.conn, o.launch.model) };
    this.current = this.launchScope;
    this.currentName = o.launch.name;
    this.delegating = this.table(() => this.current);
    this.followEvents(o.launch.conn);
    this.offs.push(
      o.launch.conn.onStatus((s) => this.statusOf(o.launch.id, s)),
      this.catalog.pool.onStatus((id, s) => this.statusOf(id, s)),
      this.catalog.pool.onDelta((id, kind, d) => this.emitDelta(id, kind, d)),
    );
  }

  /** The launch model's listeners: its deltas on the bus, tagged with its engine. */
  static launchListeners(bus: EventBus, id: string): { [K in ModelKind]: (d: Delta<never>) => void } {
    return {
      containers: (d) => bus.emit(api.containers.changed, { ...d, engine: id }),
      images: (d) => bus.emit(api.images.changed, { ...d, engine: id }),
      volumes: (d) => bus.emit(api.volumes.changed, { ...d, engine: id }),
      networks: (d) => bus.emit(api.networks.changed, { ...d, engine: id }),
    };
  }

  /** Handlers that act on whichever engine is current when they are called. */
  handlers(): EngineHandlers {
    return this.delegating;
  }

  /** The handlers of requests and streams that name an engine (the dispatcher's onEngine). */
  on(id: string): EngineHandlers {
    if (id === this.current.id) return this.delegating;
    if (id === this.launchScope.id) return this.launchScope.handlers;
    return this.table(() => this.pooled(id));
  }

  currentEngine(): CurrentEngine {
    return { id: this.current.id, name: this.currentName };
  }

  /** The current engine's connection (the status the window shows). */
  connection(): EngineConnection {
    return this.current.conn;
  }

  /** Makes `id` the current engine once it is up; a down one is refused with its reason and the current one stays. */
  use(id: string, timeoutMs = this.o.readyTimeoutMs ?? 10_000): Promise<EngineEntry> {
    // One switch at a time, in the order asked: the last choice wins.
    const run = this.switching.then(
      () => this.switchTo(id, timeoutMs),
      () => this.switchTo(id, timeoutMs),
    );
    this.switching = run.catch(() => undefined);
    return run;
  }

  private async switchTo(id: string, timeoutMs: number): Promise<EngineEntry> {
    const spec = id === LAUNCH_ONLY_ID && this.launchScope.id === LAUNCH_ONLY_ID ? undefined : this.catalog.spec(id);
    const name = spec?.name ?? this.o.launch.name;
    if (id !== this.current.id) {
      // An engine not known up is probed first: its reason is the probe's, the one a person acts on (an SSH host
      // that refuses says so before any key is looked for), and a down engine is never connected for nothing.
      if (spec && id !== this.launchScope.id && this.catalog.list().find((e) => e.id === id)?.state !== 'up') {
        const probed = await this.catalog.probe(id);
        if (probed.state === 'down') {
          log.info(`stayed on ${this.currentName}: ${name} is down (${probed.reason ?? 'no answer'})`);
          throw new BerthError('ENGINE_UNREACHABLE', `${name} is down: ${probed.reason ?? 'it does not answer'}`, probed.error?.detail ? { detail: probed.error.detail } : {});
        }
      }
      let next: Scope;
      let release: (() => void) | undefined;
      if (id === this.launchScope.id) next = this.launchScope;
      else {
        const lease = this.catalog.pool.acquire(id);
        release = () => lease.release();
        try {
          next = this.scopeOf(id, lease.conn, lease.model);
        } catch (e) {
          release();
          throw e;
        }
      }
      try {
        await whenUp(next.conn, name, timeoutMs);
      } catch (e) {
        release?.();
        log.info(`stayed on ${this.currentName}: ${(e as Error).message}`);
        throw e;
      }
      const before = this.currentRelease;
      const from = this.currentName;
      this.current = next;
      this.currentName = name;
      this.currentRelease = release;
      this.followEvents(next.conn);
      before?.();
      log.info(`switched from ${from} to ${name}`);
      this.o.bus.emit(api.engines.switched, { id, name });
      this.o.bus.emit(api.engine.changed, next.conn.getStatus());
    }
    if (this.o.remember) await this.o.remember(id).catch((e: unknown) => log.warn(`could not remember ${name} as the current engine`, e));
    const entry = this.catalog.list().find((e) => e.id === id);
    if (entry) return entry;
    // The launch engine that is no engine of the list: described from its status.
    const s = this.current.conn.getStatus();
    return { id, name, kind: s.endpoint.kind, source: 'host', url: s.endpoint.address, tls: false, state: s.state, since: s.since, ...(s.version ? { version: s.version } : {}) };
  }

  /**
   * Keeps the named engines connected (their deltas on the bus) until `signal` aborts: the all-engines views. An engine
   * that cannot be connected is skipped (its state is in engines.list).
   */
  hold(ids: readonly string[], signal: AbortSignal): void {
    const releases: (() => void)[] = [];
    for (const id of new Set(ids)) {
      if (id === this.launchScope.id) continue;
      try {
        const lease = this.catalog.pool.acquire(id);
        releases.push(() => lease.release());
        // An engine already live sends no fresh deltas: its objects now, so a view that just opened has them.
        this.snapshot(id, lease.model);
      } catch (e) {
        log.info(`not holding ${id}: ${(e as Error).message}`);
      }
    }
    const done = () => releases.forEach((r) => r());
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  }

  private snapshot(id: string, model: EngineModel): void {
    if (model.containers.size) this.emitDelta(id, 'containers', { upsert: [...model.containers.values()], remove: [] });
    if (model.images.size) this.emitDelta(id, 'images', { upsert: [...model.images.values()], remove: [] });
    if (model.volumes.size) this.emitDelta(id, 'volumes', { upsert: [...model.volumes.values()], remove: [] });
  }

  private scopeOf(id: string, conn: EngineConnection, model: EngineModel): Scope {
    const known = this.scopes.get(id);
    if (known && known.conn === conn) return known;
    const scope = { id, conn, handlers: this.o.build(conn, model) };
    this.scopes.set(id, scope);
    return scope;
  }

  /** A pooled engine's scope with a lease held for one call (the pool keeps it a while after, for the next). */
  private pooled(id: string): Scope & { release(): void } {
    const lease = this.catalog.pool.acquire(id);
    try {
      return { ...this.scopeOf(id, lease.conn, lease.model), release: () => lease.release() };
    } catch (e) {
      lease.release();
      throw e;
    }
  }

  /**
   * A table whose every engine-bound member finds its scope when called. A stream keeps a lease on its engine until it
   * ends, so a terminal or a log open on an engine keeps working after a switch away from it.
   */
  private table(scopeOf: () => Scope & { release?(): void }): EngineHandlers {
    const out: Record<string, Record<string, AnyFn>> = {};
    for (const group of ENGINE_GROUPS) {
      const members: Record<string, AnyFn> = {};
      for (const [member, def] of Object.entries(api[group])) {
        if (def.kind === 'event') continue;
        members[member] = (input, sink) => {
          let scope = scopeOf();
          let release = scope.release;
          // A stream on the current pooled engine holds its own lease: the switch releases only the current one.
          if (def.kind === 'stream' && !release && scope.id !== this.launchScope.id) {
            const p = this.pooled(scope.id);
            scope = p;
            release = p.release;
          }
          const fn = (scope.handlers as Record<string, Record<string, AnyFn | undefined> | undefined>)[group]?.[member];
          if (!fn) {
            release?.();
            throw new BerthError('UNSUPPORTED', `"${group}.${member}" is not available on this engine.`);
          }
          if (def.kind === 'stream') {
            if (release && sink) sink.signal.addEventListener('abort', release, { once: true });
            return fn(input, sink) as StreamControl | Promise<StreamControl>;
          }
          const result = Promise.resolve().then(() => fn(input));
          return release ? result.finally(release) : result;
        };
      }
      out[group] = members;
    }
    return out as EngineHandlers;
  }

  private followEvents(conn: EngineConnection): void {
    this.offCurrentEvents();
    this.offCurrentEvents = conn.onEvent((e) => this.o.bus.emit(api.engine.events, e));
  }

  /** engine.changed is the current engine's status only: a window never shows another engine's state as its own. */
  private statusOf(id: string, s: EngineStatus): void {
    if (id === this.current.id) this.o.bus.emit(api.engine.changed, s);
  }

  private emitDelta(id: string, kind: ModelKind, d: Delta<unknown>): void {
    const tagged = { ...d, engine: id } as never;
    if (kind === 'containers') this.o.bus.emit(api.containers.changed, tagged);
    else if (kind === 'images') this.o.bus.emit(api.images.changed, tagged);
    else if (kind === 'volumes') this.o.bus.emit(api.volumes.changed, tagged);
    else this.o.bus.emit(api.networks.changed, tagged);
  }

  dispose(): void {
    this.offCurrentEvents();
    for (const off of this.offs) off();
    this.currentRelease?.();
  }
}
