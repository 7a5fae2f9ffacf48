// The engines the core knows at once, each with its state from its last probe; added ones kept in settings; a pool of live ones.
import os from 'node:os';
import path from 'node:path';
import { AddedEngine, type EngineEntry } from '../../../app/engines.js';
import { BerthError, invalidInput } from '../../../app/errors.js';
import type { Disposer } from '../../../app/contract.js';
import type { ConnectionOptions } from '../engine/link/connection.js';
import { createLogger } from '../log.js';
import type { RemoteEngineOptions } from '../remote/remote-engine.js';
import type { SettingsStore } from '../settings/store.js';
import { dockerConfigDir } from './contexts.js';
import { addedEngine, discoverEngines, type EngineSpec } from './discover.js';
import { EnginePool } from './pool.js';
import { probeEngine, type ProbeResult } from './probe.js';

const log = createLogger('engines');

type Env = Record<string, string | undefined>;

/** Where the added engines are kept: the settings store (desktop), a file read once (CLI), or memory (tests). */
export interface AddedEngineStore {
  get(): readonly AddedEngine[];
  /** Absent: this host cannot keep engines (adding and removing answer UNSUPPORTED). */
  set?(list: AddedEngine[]): Promise<void>;
}

/** The `engines` setting of a settings store. */
export function settingsEngineStore(store: SettingsStore): AddedEngineStore {
  return {
    get: () => store.get().engines,
    set: async (engines) => {
      await store.update({ engines });
    },
  };
}

export function memoryEngineStore(initial: AddedEngine[] = []): AddedEngineStore {
  let list = [...initial];
  return {
    get: () => list,
    set: (l) => {
      list = [...l];
      return Promise.resolve();
    },
  };
}

export interface CatalogOptions {
  /** Berth's home: probes and the pool serve ssh:// engines under <home>/engines/. */
  home: string;
  env?: Env;
  platform?: string;
  /** The person's home (~/.docker, ~/.ssh). */
  userHome?: string;
  /** The Berth VM's engine socket, when this core or this machine has one (a function: asked at each look). */
  vmSocket?: string | (() => string | undefined);
  added?: AddedEngineStore;
  probeTimeoutMs?: number;
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'>;
  connection?: ConnectionOptions;
  /** How long an engine nobody holds stays connected. */
  lingerMs?: number;
  exists?: (p: string) => boolean;
  now?: () => number;
}

interface Known {
  url: string;
  result: ProbeResult | undefined;
  since: number;
}

/** Which engine a typed name means: its name, else its id; an unknown or ambiguous one is refused with the names there are. */
export function pickEngine<T extends { id: string; name: string }>(engines: readonly T[], name: string, field = 'engine'): T {
  const byName = engines.filter((e) => e.name === name);
  if (byName.length === 1) return byName[0] as T;
  const byId = engines.find((e) => e.id === name);
  if (byId) return byId;
  if (byName.length > 1) {
    throw invalidInput(field, `More than one engine is named "${name}" (${byName.map((e) => e.id).join(', ')}); give its id instead.`);
  }
  const known = engines.map((e) => e.name);
  throw new BerthError('NOT_FOUND', `There is no engine named "${name}". ${known.length ? `Known engines: ${known.join(', ')}.` : 'No engine was found: start dockerd or the Berth VM, or add one.'} \`berth engines\` lists them.`, { field });
}

export class EngineCatalog {
  private readonly known = new Map<string, Known>();
  private readonly probing = new Map<string, Promise<EngineEntry>>();
  private readonly listeners = new Set<(list: EngineEntry[]) => void>();
  private readonly added: AddedEngineStore;
  private readonly now: () => number;
  readonly pool: EnginePool;

  constructor(private readonly o: CatalogOptions) {
    this.added = o.added ?? memoryEngineStore();
    this.now = o.now ?? Date.now;
    this.pool = new EnginePool((id) => this.spec(id), {
      remoteHome: path.join(o.home, 'engines', 'pool'),
      ...(o.remote ? { remote: o.remote } : {}),
      ...(o.connection ? { connection: o.connection } : {}),
      ...(o.lingerMs !== undefined ? { lingerMs: o.lingerMs } : {}),
    });
  }

  /** Every engine there is now (contexts are read afresh each time), with how to reach it. */
  specs(): EngineSpec[] {
    const env = this.o.env ?? process.env;
    const userHome = this.o.userHome ?? os.homedir();
    return discoverEngines({
      env,
      userHome,
      dockerConfig: dockerConfigDir(env, userHome),
      vmSocket: typeof this.o.vmSocket === 'function' ? this.o.vmSocket() : this.o.vmSocket,
      added: this.added.get(),
      ...(this.o.platform ? { platform: this.o.platform } : {}),
      ...(this.o.exists ? { exists: this.o.exists } : {}),
    });
  }

  /** The engine of an id; NOT_FOUND lists the ones there are. */
  spec(id: string): EngineSpec {
    const all = this.specs();
    const hit = all.find((s) => s.id === id);
    if (!hit) throw new BerthError('NOT_FOUND', `There is no engine "${id}". Known engines: ${all.map((s) => s.id).join(', ') || 'none'}.`, { field: 'id' });
    return hit;
  }

  private entry(s: EngineSpec): EngineEntry {
    const k = this.known.get(s.id);
    const r = k && k.url === s.url ? k.result : undefined;
    const base: EngineEntry = {
      id: s.id,
      name: s.name,
      kind: s.kind,
      source: s.source,
      url: s.url,
      tls: Boolean(s.endpoint?.tls),
      state: r?.state ?? 'connecting',
      since: k?.since ?? this.now(),
      ...(s.current !== undefined ? { current: s.current } : {}),
      ...(s.description ? { description: s.description } : {}),
    };
    if (r?.state === 'up') return { ...base, version: r.version, apiVersion: r.apiVersion, os: r.os, arch: r.arch };
    if (r?.state === 'down') return { ...base, reason: r.reason, error: r.error };
    return base;
  }

  /** Every engine with its last known state; those never probed (or whose URL changed) are probed now, in the background. */
  list(): EngineEntry[] {
    const specs = this.specs();
    for (const s of specs) {
      const k = this.known.get(s.id);
      if ((!k || k.url !== s.url) && !this.probing.has(s.id)) void this.probeSpec(s);
    }
    return specs.map((s) => this.entry(s));
  }

  /** Probes one engine now (joining a probe under way). */
  probe(id: string): Promise<EngineEntry> {
    return this.probing.get(id) ?? this.probeSpec(this.spec(id));
  }

  /** Probes every engine at once and answers when all have answered (or timed out). */
  async probeAll(): Promise<EngineEntry[]> {
    return Promise.all(this.specs().map((s) => this.probing.get(s.id) ?? this.probeSpec(s)));
  }

  private probeSpec(s: EngineSpec): Promise<EngineEntry> {
    // A re-probe keeps the last answer on show; a new engine (or a new URL) is connecting until it answers.
    const prev = this.known.get(s.id);
    if (!prev || prev.url !== s.url) {
      this.known.set(s.id, { url: s.url, result: undefined, since: this.now() });
      if (prev) this.changed();
    }
    const conn = this.pool.connection(s.id);
    const run = (async () => {
      const result = await probeEngine(s, {
        remoteHome: path.join(this.o.home, 'engines', 'probe'),
        ...(this.o.probeTimeoutMs !== undefined ? { timeoutMs: this.o.probeTimeoutMs } : {}),
        ...(this.o.remote ? { remote: this.o.remote } : {}),
        ...(conn && conn.getStatus().state === 'up' ? { docker: conn.docker } : {}),
      });
      if (result.state === 'down') log.info(`${s.name} is down: ${result.reason}`);
      // `since`: when the state last changed, as an engine status says it.
      const before = this.known.get(s.id);
      const same = before?.url === s.url && before.result?.state === result.state;
      this.known.set(s.id, { url: s.url, result, since: same ? before.since : this.now() });
      this.changed();
      return this.entry(s);
    })().finally(() => this.probing.delete(s.id));
    this.probing.set(s.id, run);
    return run;
  }

  /** Keeps an engine the person added (its name unused by any engine here), then probes it. */
  async add(input: unknown): Promise<EngineEntry> {
    const set = this.added.set;
    if (!set) throw new BerthError('UNSUPPORTED', 'This Berth keeps no settings, so it cannot keep added engines: add them in the desktop app.');
    const parsed = AddedEngine.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || 'engine';
      throw invalidInput(field, `${field}: ${issue?.message ?? 'not a valid engine'}`);
    }
    const a = parsed.data;
    const spec = addedEngine(a);
    if (spec.problem) throw new BerthError(spec.problem.code, spec.problem.message, { field: 'url', ...(spec.problem.detail ? { detail: spec.problem.detail } : {}) });
    const taken = this.specs().find((s) => s.name === a.name);
    if (taken) throw invalidInput('name', `An engine is already named "${a.name}" (${taken.source === 'context' ? 'a docker context' : taken.source === 'added' ? 'added earlier' : 'found on this machine'}); choose another name.`);
    await set.call(this.added, [...this.added.get(), a]);
    log.info(`added ${a.name} (${spec.url})`);
    this.changed();
    return this.probeSpec(spec);
  }

  /** Forgets an added engine (found ones come from the machine and cannot be removed here) and closes its connection. */
  async remove(id: string): Promise<void> {
    const set = this.added.set;
    const s = this.spec(id);
    if (s.source !== 'added') {
      const where = s.source === 'context' ? `it is a docker context: remove it with \`docker context rm ${s.name}\`` : 'it is found on this machine, not added';
      throw new BerthError('CONFLICT', `Engine "${s.name}" cannot be removed here: ${where}.`, { field: 'id' });
    }
    if (!set) throw new BerthError('UNSUPPORTED', 'This Berth keeps no settings, so it cannot remove added engines: remove them in the desktop app.');
    await set.call(
      this.added,
      this.added.get().filter((a) => a.name !== s.name),
    );
    this.known.delete(id);
    await this.pool.drop(id);
    log.info(`removed ${s.name}`);
    this.changed();
  }

  /** The list after every change of an engine's state, and after adding or removing one. */
  onChange(cb: (list: EngineEntry[]) => void): Disposer {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const list = this.specs().map((s) => this.entry(s));
    for (const cb of this.listeners) {
      try {
        cb(list);
      } catch (e) {
        log.error('an engines listener failed', e);
      }
    }
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.pool.dispose();
  }
}
