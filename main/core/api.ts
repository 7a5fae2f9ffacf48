// The core: implements the contract on the current engine (the one it started on, or the one chosen since); the only thing the hosts call.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { api, type Api } from '../../app/api.js';
import { EventBus } from './bus.js';
import type { CoreContext } from './context.js';
import { createCredentialHandlers } from './credentials/handlers.js';
import { WindowErrors } from './diagnostics/window-errors.js';
import { noSecretBox, type SecretBox } from './credentials/secret-box.js';
import { openCredentialStore } from './credentials/store.js';
import { EngineConnection, type ConnectionOptions } from './engine/link/connection.js';
import { resolveEndpoint, type Endpoint } from './engine/link/endpoint.js';
import { EngineModel } from './engine/link/model.js';
import { createEngineHandlers } from './engine/system.js';
import { coreCatalog, createCoreEngines } from './engines/handlers.js';
import { launchEngineOf } from './engines/launch.js';
import { EngineSwitch } from './engines/switch.js';
import { createContainerHandlers } from './engine/containers.js';
import { createImageHandlers } from './engine/images/images.js';
import { createNetworkHandlers } from './engine/networks.js';
import { createRegistryHandlers } from './engine/images/registry.js';
import { createVolumeHandlers } from './engine/volumes.js';
import type { HandlerTable, Handlers } from './handlers.js';
import { createLogger } from './log.js';
import { createSettingsHandlers } from './settings/handlers.js';
import type { SettingsStore } from './settings/store.js';
import { createHostTerminal } from './terminals/host-pty.js';
import { createTerminalHandlers } from './terminals/index.js';
import { createVmHandlers } from './vm/handlers.js';
import { createVmSetUpHandlers, VmSetUp } from './vm-setup.js';
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
  /** Manage the Berth VM (true, or its options). Without an explicit endpoint, the engine is then the VM's (see vmEngine). */
  vm?: boolean | VmManagerOptions;
  /**
   * `launch` (default): the VM's engine is the one the core starts on. `offer`: the core starts on the endpoint it
   * resolves (DOCKER_HOST, the local socket, a setting) and keeps the VM at hand: one click sets it up (vm.setUp), and
   * it starts with the core when it is the remembered engine.
   */
  vmEngine?: 'launch' | 'offer';
  /** Boot the VM when the core starts (launch); with `offer`, false keeps even a remembered VM from starting. */
  vmAutostart?: boolean;
  /**
   * Encrypts remembered registry passwords (the desktop host: Electron's safeStorage). Without one, a sign-in is
   * remembered only in clear text, and only when the person accepted that.
   */
  secretBox?: SecretBox;
  /** SSH details for an ssh:// endpoint (keys, known_hosts); ~/.ssh and ssh-agent by default. */
  remote?: Omit<RemoteEngineOptions, 'url' | 'home'>;
  /** The engines.list id of the endpoint (`--engine NAME`); else found by its address. */
  engineId?: string;
}

export interface Core {
  readonly handlers: Partial<Handlers<Api>>;
  /** What windows' error boundaries reported (`app.reportError`), for the diagnostics bundle. */
  readonly windowErrors: WindowErrors;
  readonly bus: EventBus;
  /** The launch engine's context (the CLI prints its endpoint); requests go to the current engine (engines.use). */
  readonly ctx: CoreContext;
  /** The handlers of requests and streams that name an engine (the dispatcher's onEngine). */
  onEngine(id: string): HandlerTable<Api>;
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
    (vm && !opts.endpointSetting && opts.vmEngine !== 'offer' ? { kind: 'vm' as const, label: 'Berth VM', address: vm.socketPath } : resolveEndpoint(opts.endpointSetting ? { setting: opts.endpointSetting } : {}));
  // An ssh:// engine is served on a private local socket; the rest of the core sees a socket.
  const catalog = coreCatalog({ home, vmSocket: vm?.socketPath, settings: opts.settings, remote: opts.remote });
  const launch = launchEngineOf(catalog.specs(), endpoint, opts.engineId);
  const remote = endpoint.kind === 'ssh' && endpoint.address.startsWith('ssh://') ? new RemoteEngine({ ...opts.remote, url: endpoint.address, home }) : undefined;
  if (remote) endpoint = remote.endpoint();
  const bus = new EventBus(api);
  const credentials = openCredentialStore(join(home, 'credentials'), opts.secretBox ?? noSecretBox);
  const conn = new EngineConnection(endpoint, remote ? { ...opts.connection, explain: () => remote.explain() } : opts.connection);
  const model = new EngineModel(conn, EngineSwitch.launchListeners(bus, launch.id));
  /** The context of one engine: the launch one, or a pooled one the window switched to or a request named. */
  const contextOf = (c: EngineConnection, m: EngineModel): CoreContext => ({
    conn: c,
    model: m,
    bus,
    home,
    credentials,
    ...(vm ? { vm } : {}),
    get docker() {
      return c.docker;
    },
  });
  const ctx = contextOf(conn, model);
  credentials.onChange((l) => bus.emit(api.registry.rememberedChanged, l));
  const engines = new EngineSwitch({
    catalog,
    launch: { ...launch, conn, model },
    bus,
    build: (c, m) => {
      const x = c === conn ? ctx : contextOf(c, m);
      return {
        engine: createEngineHandlers(x),
        containers: createContainerHandlers(x),
        terminals: createTerminalHandlers(x),
        images: createImageHandlers(x),
        volumes: createVolumeHandlers(x),
        networks: createNetworkHandlers(x),
      };
    },
    ...(opts.settings ? { remember: async (id: string) => void (await opts.settings?.update({ currentEngine: id })) } : {}),
  });
  const current = engines.handlers();

  const windowErrors = new WindowErrors();
  const handlers: Partial<Handlers<Api>> = {
    ...(current as Pick<Handlers<Api>, 'engine' | 'containers' | 'images' | 'volumes' | 'networks'>),
    terminals: {
      ...current.terminals,
      ...(opts.hostTerminal ? { host: createHostTerminal({ endpoint: () => engines.connection().endpoint }) } : {}),
    } as Handlers<Api>['terminals'],
    registry: { ...createRegistryHandlers(ctx), ...createCredentialHandlers(credentials) },
    engines: {
      ...createCoreEngines({ home, bus, vmSocket: vm?.socketPath, settings: opts.settings, remote: opts.remote, catalog }),
      use: ({ id }) => engines.use(id),
      current: () => Promise.resolve(engines.currentEngine()),
      hold: ({ ids }, sink) => (engines.hold(ids, sink.signal), { close: () => undefined }),
    },
    // The hosts add openExternal and pickFolder; every host's windows report caught errors here.
    app: { reportError: async (e) => windowErrors.report(e) } as Handlers<Api>['app'],
  };
  // The VM's engine in the list (its id), when this core manages the VM.
  const vmEngineId = vm ? catalog.specs().find((s) => s.source === 'vm')?.id : undefined;
  if (vm) {
    const setUp = new VmSetUp({ vm, engineId: vmEngineId ?? 'vm', useEngine: (id) => engines.use(id, 60_000) });
    handlers.vm = { ...createVmHandlers(vm), ...createVmSetUpHandlers(vm, setUp) };
    vm.onStatus((s) => {
      bus.emit(api.vm.changed, s);
      // Once the VM's engine socket is served (not merely the guest running), its engine is tried again at once — the
      // launch connection's, and the pool's when the VM's engine is one the window switched to — not after a backoff.
      if (s.state === 'running' && s.socketPath) {
        conn.retryNow();
        if (vmEngineId) catalog.pool.connection(vmEngineId)?.retryNow();
      }
    });
    vm.onForwards((f) => bus.emit(api.vm.forwards, f));
  }
  if (opts.settings) {
    const store = opts.settings;
    handlers.settings = createSettingsHandlers(store) as Handlers<Api>['settings'];
    store.onChange((s) => bus.emit(api.settings.changed, s));
  }

  // The engine chosen last time, unless this start named one (--endpoint, --engine).
  const remembered = opts.endpoint || opts.engineId ? '' : (opts.settings?.get().currentEngine ?? '');
  const onEngine = (id: string) => engines.on(id) as HandlerTable<Api>;

  return {
    handlers,
    windowErrors,
    bus,
    ctx,
    onEngine,
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
      // A remembered VM engine comes back with its VM (booted or resumed first) when the core only offers the VM.
      const vmRemembered = vm !== undefined && opts.vmEngine === 'offer' && remembered !== '' && remembered === vmEngineId && opts.vmAutostart !== false;
      const vmUp = vm
        ? vm
            .init()
            .then(() => ((opts.vmEngine === 'offer' ? vmRemembered : opts.vmAutostart === true) ? vm.start() : undefined))
            .catch((e: unknown) => log.error('the Berth VM did not start', e))
        : Promise.resolve();
      if (remembered && remembered !== launch.id) {
        void (vmRemembered ? vmUp : Promise.resolve())
          .then(() => engines.use(remembered, 30_000))
          .catch((e: unknown) => log.warn(`stayed on ${launch.name}: the remembered engine ${remembered} is not usable`, e));
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
      engines.dispose();
      void catalog.dispose();
      model.dispose();
      conn.stop();
      void remote?.dispose();
    },
    async shutdown() {
      engines.dispose();
      await catalog.dispose();
      model.dispose();
      conn.stop();
      await remote?.dispose();
      await vm?.dispose();
    },
  };
}
