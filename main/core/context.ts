// What every resource module of the core gets: the engine connection, its model, and the event bus.
import type Docker from 'dockerode';
import type { EventBus } from './bus.js';
import type { CredentialStore } from './credentials/store.js';
import type { EngineConnection } from './engine/link/connection.js';
import type { EngineModel } from './engine/link/model.js';
import type { VmManager } from './vm/manager.js';

export interface CoreContext {
  readonly conn: EngineConnection;
  readonly model: EngineModel;
  readonly bus: EventBus;
  /** The current engine client (shorthand for conn.docker). */
  readonly docker: Docker;
  /** Berth's own data folder (~/.berth by default): sockets, keys, settings, caches. */
  readonly home: string;
  /** The Berth VM, when this core manages one. */
  readonly vm?: VmManager;
  /** Remembered registry sign-ins (pull, push and browse use them when no credentials are typed). */
  readonly credentials?: CredentialStore;
}
