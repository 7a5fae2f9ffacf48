// The core: implements the contract on one engine endpoint; the only thing the hosts (Electron, serve, CLI) call.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { api, type Api } from '../../app/api.js';
import { EventBus } from './bus.js';
import type { CoreContext } from './context.js';
import { createCredentialHandlers } from './credentials/handlers.js';
import { WindowErrors } from './diagnostics/window-errors.js';
import { noSecretBox, type SecretBox } from './credentials/secret-box.js';
import { openCredentialStore } from './credentials/store.js';
import { EngineConnection, type ConnectionOptions } from './engine/connection.js';
import { resolveEndpoint, type Endpoint } from './engine/endpoint.js';
import { EngineModel } from './engine/model.js';
import { createEngineHandlers } from './engine/system.js';
import { createCoreEngines } from './engines/handlers.js';
import { createContainerHandlers } from './engine/containers.js';
import { createImageHandlers } from './engine/images.js';
import { createNetworkHandlers } from './engine/networks.js';
import { createRegistryHandlers } from './engine/registry.js';
import { createVolumeHandlers } from './engine/volumes.js';
import type { Handlers } from './handlers.js';
import { createLogger } from './log.js';
import { createSettingsHandlers } from './settings/handlers.js';
import type { SettingsStore } from './settings/store.js';
import { createHostTerminal } from './terminals/host-pty.js';
import { createTerminalHandlers } from './terminals/index.js';
import { createVmHandlers } from './vm/handlers.js';
import { createVmManager, type VmManager, type VmManagerOptions } from './vm/index.js';
import { RemoteEngine, type RemoteEngineOptions } from './remote/remote-engine.js';

export { api };
/** `berth vm stop` in another terminal: asks the process running the VM to stop it. */
export { stopVmFromOutside } from './vm/stop-request.js';

const log = createLogger('core');
export type { Api };

export interface CoreOptions {
  /** Explicit endpoint; else the setting/DOCKER_HOST/default resolution. */
  endpoint?: Endpoint;
  endpointSetting?: string;
  home?: string;
  connection?: ConnectionOptions;
  /** Offer `terminals.host` (a shell on this machine): the desktop app only, never `berth serve`. */
  hostTerminal?: boolean;
  /** Persisted settings (desktop app); without it `settings.*` is unavailable. */
  settings?: SettingsStore;
  /** Manage the Berth VM (true, or its options). Without an explicit endpoint, the engine is then the VM's. */
  vm?: boolean | VmManagerOptions;
  /** Boot the VM when the core starts. */
  vmAutostart?: boolean;
  /**
   * Encrypts remembered registry passwords (the desktop host: Electron's safeStorage). Without one, a sign-in is
   * remembered only in clear text, and only when the person accepted that.
   */
  secretBox?: SecretBox;
  /** SSH details for an ssh:// endpoint (keys, known_hosts); ~/.ssh and ssh-agent by default. */
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'>;
}

export interface Core {
  readonly handlers: Partial<Handlers<Api>>;
  /** What windows' error boundaries reported (`app.reportError`), for the diagnostics bundle. */
  readonly windowErrors: WindowErrors;
  readonly bus: EventBus;
  readonly ctx: CoreContext;
  start(): void;
  /** Resolves once the engine answers (or rejects after `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  dispose(): void;
  /** Like dispose, and stops the VM cleanly (app quit). */
  shutdown(): Promise<void>;
}

export function berthHome(): string {
  return process.env.BERTH_HOME ?? join(homedir(), '.berth');
}

export function createCore(opts: CoreOptions = {}): Core {
  const home = opts.home ?? berthHome();
  const vm: VmManager | undefined = opts.vm ? createVmManager({ home, ...(typeof opts.vm === 'object' ? opts.vm : {}) }) : undefined;
  let endpoint: Endpoint =
    opts.endpoint ??
    (vm && !opts.endpointSetting ? { kind: 'vm' as const, label: 'Berth VM', address: vm.socketPath } : resolveEndpoint(opts.endpointSetting ? { setting: opts.endpointSetting } : {}));
  // An ssh:// engine is served on a private local socket; the rest of the core sees a socket.
  const remote = endpoint.kind === 'ssh' && endpoint.address.startsWith('ssh://') ? new RemoteEngine({ ...opts.remote, url: endpoint.address, home }) : undefined;
  if (remote) endpoint = remote.endpoint();
  const bus = new EventBus(api);
  const credentials = openCredentialStore(join(home, 'credentials'), opts.secretBox ?? noSecretBox);
  const conn = new EngineConnection(endpoint, remote ? { ...opts.connection, explain: () => remote.explain() } : opts.connection);
  const model = new EngineModel(conn, {
    containers: (d) => bus.emit(api.containers.changed, d),
    images: (d) => bus.emit(api.images.changed, d),
    volumes: (d) => bus.emit(api.volumes.changed, d),
    networks: (d) => bus.emit(api.networks.changed, d),
  });
  const ctx: CoreContext = {
    conn,
    model,
    bus,
    home,
    credentials,
    ...(vm ? { vm } : {}),
    get docker() {
      return conn.docker;
    },
  };
  conn.onStatus((s) => bus.emit(api.engine.changed, s));
  conn.onEvent((e) => bus.emit(api.engine.events, e));
  credentials.onChange((l) => bus.emit(api.registry.rememberedChanged, l));

  const windowErrors = new WindowErrors();
  const handlers: Partial<Handlers<Api>> = {
    engine: createEngineHandlers(ctx),
    containers: createContainerHandlers(ctx),
    terminals: {
      ...createTerminalHandlers(ctx),
      ...(opts.hostTerminal ? { host: createHostTerminal({ endpoint: () => conn.endpoint }) } : {}),
    } as Handlers<Api>['terminals'],
    images: createImageHandlers(ctx),
    registry: { ...createRegistryHandlers(ctx), ...createCredentialHandlers(credentials) },
    volumes: createVolumeHandlers(ctx),
    networks: createNetworkHandlers(ctx),
    engines: createCoreEngines({ home, bus, vmSocket: vm?.socketPath, settings: opts.settings, remote: opts.remote }),
    // The hosts add openExternal and pickFolder; every host's windows report caught errors here.
    app: { reportError: async (e) => windowErrors.report(e) } as Handlers<Api>['app'],
  };
  if (vm) {
    handlers.vm = createVmHandlers(vm);
    vm.onStatus((s) => {
      bus.emit(api.vm.changed, s);
      if (s.state === 'running') conn.retryNow();
    });
    vm.onForwards((f) => bus.emit(api.vm.forwards, f));
  }
  if (opts.settings) {
    const store = opts.settings;
    handlers.settings = createSettingsHandlers(store) as Handlers<Api>['settings'];
    store.onChange((s) => bus.emit(api.settings.changed, s));
  }

  return {
    handlers,
    windowErrors,
    bus,
    ctx,
    start: () => {
      if (remote) {
        remote.start().then(
          () => conn.start(),
          (e: unknown) => {
            log.error('could not serve the remote engine locally', e);
            conn.start();
          },
        );
      } else conn.start();
      if (vm) {
        void vm
          .init()
          .then(() => (opts.vmAutostart ? vm.start() : undefined))
          .catch((e: unknown) => log.error('the Berth VM did not start', e));
      }
    },
    ready(timeoutMs = 15_000) {
      if (conn.getStatus().state === 'up') return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`engine not ready after ${timeoutMs} ms: ${conn.getStatus().reason ?? conn.getStatus().state}`));
        }, timeoutMs);
        const off = conn.onStatus((s) => {
          if (s.state !== 'up') return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
    dispose() {
      model.dispose();
      conn.stop();
      void remote?.dispose();
    },
    async shutdown() {
      model.dispose();
      conn.stop();
      await remote?.dispose();
      await vm?.dispose();
    },
  };
}
