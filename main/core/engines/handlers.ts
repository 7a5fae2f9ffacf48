// Contract handlers for engines.*: the catalog of every engine (list, probe, add, remove), its changes sent on the bus, moves between engines.
import fs from 'node:fs';
import { api, type Api } from '../../../app/api.js';
import type { EventBus } from '../bus.js';
import type { Handlers } from '../handlers.js';
import type { RemoteEngineOptions } from '../remote/remote-engine.js';
import type { SettingsStore } from '../settings/store.js';
import { vmPaths } from '../vm/paths.js';
import { EngineCatalog, settingsEngineStore, type AddedEngineStore } from './catalog.js';
import { createMoveHandlers, type MoveOptions } from './moves.js';

const OK = { ok: true as const };

/** engines.* but what the core's switch answers (use, current, hold). */
export type CatalogHandlers = Omit<Handlers<Api>['engines'], 'use' | 'current' | 'hold'>;

export function createEnginesHandlers(catalog: EngineCatalog, moves: MoveOptions): CatalogHandlers {
  return {
    list: () => Promise.resolve(catalog.list()),
    probe: ({ id }) => catalog.probe(id),
    add: (input) => catalog.add(input),
    remove: async ({ id }) => (await catalog.remove(id), OK),
    ...createMoveHandlers(catalog, moves),
  };
}

export interface CoreEnginesOptions {
  home: string;
  bus: EventBus;
  /** The Berth VM's socket when this core manages the VM; else the default VM's, while it is there. */
  vmSocket?: string | undefined;
  settings?: SettingsStore | undefined;
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'> | undefined;
  /** DOCKER_HOST, DOCKER_CONFIG and the person's home, when not this process's (tests). */
  env?: Record<string, string | undefined>;
  userHome?: string;
  /** The catalog the core already made (its pool serves the current engine); else one is made here. */
  catalog?: EngineCatalog;
}

/** The VM engine of a core without a VM of its own: the default VM's socket, when it exists (another Berth runs it). */
export function existingVmSocket(home: string, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  const sock = vmPaths('default', home).dockerSocket;
  return exists(sock) ? sock : undefined;
}

/** The core's catalog: over the settings (when the host keeps any), the VM's socket, this process's environment. */
export function coreCatalog(o: Omit<CoreEnginesOptions, 'bus' | 'catalog'>): EngineCatalog {
  // Without settings (berth serve) the added engines are none, and adding one answers UNSUPPORTED.
  const added: AddedEngineStore = o.settings ? settingsEngineStore(o.settings) : { get: () => [] };
  const vmSocket = o.vmSocket ?? (() => existingVmSocket(o.home));
  return new EngineCatalog({ home: o.home, vmSocket, added, ...(o.remote ? { remote: o.remote } : {}), ...(o.env ? { env: o.env } : {}), ...(o.userHome ? { userHome: o.userHome } : {}) });
}

/** The core's engines group: a catalog over the settings (when the host keeps any), its changes on the bus. */
export function createCoreEngines(o: CoreEnginesOptions): CatalogHandlers {
  const catalog = o.catalog ?? coreCatalog(o);
  catalog.onChange((list) => o.bus.emit(api.engines.changed, list));
  return createEnginesHandlers(catalog, { bus: o.bus, home: o.home });
}
