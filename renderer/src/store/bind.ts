// Binds the core's events and the link state to store actions, and (re)loads full lists whenever the link or engine comes up.
import type { Disposer } from '../../../app/contract.js';
import type { VmPortForward } from '../../../app/vm.js';
import type { Delta } from '../lib/delta.js';
import { isUnsupported } from '../lib/errors.js';
import { parseRoute } from '../lib/route.js';
import type { Connection } from '../transport/index.js';
import type { Store } from './index.js';
import type { Kind, Kinds } from './resources.js';

export function bindStore(conn: Connection, store: Store): Disposer {
  const c = conn.client;
  const act = () => store.getState();
  /** Deltas that arrive while a full list is in flight are replayed on top of it. */
  const inflight = new Map<Kind, Delta<unknown>[]>();

  const onDelta = <K extends Kind>(kind: K) => (d: Delta<Kinds[K]>) => {
    inflight.get(kind)?.push(d as Delta<unknown>);
    act().applyDelta(kind, d);
  };

  /** Lists in flight, by kind, with the engine they were asked of: a switch asks again and drops the older answer. */
  const asked = new Map<Kind, string | undefined>();
  const load = <K extends Kind>(kind: K, list: () => Promise<Kinds[K][]>) => {
    const engine = act().currentEngine?.id;
    if (inflight.has(kind) && asked.get(kind) === engine) return;
    const buffered: Delta<unknown>[] = [];
    inflight.set(kind, buffered);
    asked.set(kind, engine);
    list()
      .then((items) => {
        if (inflight.get(kind) !== buffered) return;
        act().setList(kind, items);
        for (const d of buffered) act().applyDelta(kind, d as Delta<Kinds[K]>);
      })
      .catch((e: unknown) => {
        if (!isUnsupported(e)) console.warn(`berth: listing ${kind} failed`, e);
      })
      .finally(() => {
        if (inflight.get(kind) === buffered) inflight.delete(kind);
      });
  };

  const loadAll = () => {
    // Asked of the current engine by name: an answer can only be that engine's objects.
    const id = act().currentEngine?.id;
    const e = id ? conn.on(id) : c;
    load('containers', () => e.containers.list({ all: true }));
    load('images', () => e.images.list());
    load('volumes', () => e.volumes.list());
    load('networks', () => e.networks.list());
  };
  const loadEngines = () => {
    c.engines
      .list()
      .then((l) => act().setEngines(l))
      .catch(() => undefined);
    c.engines
      .current()
      .then((cur) => {
        const before = act().currentEngine?.id;
        act().setCurrentEngine(cur);
        if (before && before !== cur.id) loadAll();
      })
      .catch(() => undefined);
  };
  const onSwitched = (cur: { id: string; name: string }) => {
    const before = act().currentEngine?.id;
    act().setCurrentEngine(cur);
    if (before !== cur.id) {
      void loadStatus();
      loadAll();
    }
  };
  const loadStatus = () =>
    c.engine
      .status()
      .then((s) => act().setEngineStatus(s))
      .catch(() => undefined);

  /** The VM and the desktop settings: each endpoint either has them or answers UNSUPPORTED (then the pages say so). */
  const loadHost = () => {
    c.vm
      .status()
      .then((s) => act().setVmStatus(s))
      .catch((e: unknown) => {
        if (isUnsupported(e)) act().setVmSupport('no');
      });
    c.vm
      .forwardList()
      .then((f) => act().setVmForwards(f))
      .catch(() => undefined);
    c.settings
      .get()
      .then((s) => act().setSettings(s))
      .catch((e: unknown) => {
        if (isUnsupported(e)) act().setSettingsSupport('no');
      });
  };

  /** A port that could not be forwarded is never silent: one notification each time a forward fails. */
  let failedBefore = new Set<string>();
  const onForwards = (f: VmPortForward[]) => {
    act().setVmForwards(f);
    const failed = new Set<string>();
    for (const x of f) {
      if (x.status !== 'failed') continue;
      const key = `${x.protocol}:${x.hostIp}:${x.hostPort}`;
      failed.add(key);
      if (!failedBefore.has(key)) {
        act().notify({ level: 'error', title: `Port ${x.hostPort}/${x.protocol}${x.containerName ? ` of ${x.containerName}` : ''} could not be forwarded to this computer`, detail: x.error?.message });
      }
    }
    failedBefore = failed;
  };

  let lastEngine = act().engineStatus?.state;
  const offs: Disposer[] = [
    c.engine.changed((s) => {
      act().setEngineStatus(s);
      if (s.state === 'up' && lastEngine !== 'up') loadAll();
      lastEngine = s.state;
    }),
    c.containers.changed(onDelta('containers')),
    c.images.changed(onDelta('images')),
    c.volumes.changed(onDelta('volumes')),
    c.networks.changed(onDelta('networks')),
    c.engines.changed((l) => act().setEngines(l)),
    c.engines.switched(onSwitched),
    c.vm.changed((s) => act().setVmStatus(s)),
    c.vm.forwards(onForwards),
    c.settings.changed((s) => act().setSettings(s)),
    // The host's menu or tray asks for a page (`#/settings`).
    c.app.navigate(({ route }) => act().navigate(parseRoute(route))),
    conn.onState((l) => {
      act().setLink(l);
      if (l === 'open') {
        void loadStatus();
        loadEngines();
        loadAll();
        loadHost();
      }
    }),
  ];
  act().setLink(conn.state());
  void loadStatus();
  loadEngines();
  loadAll();
  loadHost();
  return () => {
    for (const off of offs) off();
  };
}
