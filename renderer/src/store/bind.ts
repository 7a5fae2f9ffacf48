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

  const load = <K extends Kind>(kind: K, list: () => Promise<Kinds[K][]>) => {
    if (inflight.has(kind)) return;
    const buffered: Delta<unknown>[] = [];
    inflight.set(kind, buffered);
    list()
      .then((items) => {
        act().setList(kind, items);
        for (const d of buffered) act().applyDelta(kind, d as Delta<Kinds[K]>);
      })
      .catch((e: unknown) => {
        if (!isUnsupported(e)) console.warn(`berth: listing ${kind} failed`, e);
      })
      .finally(() => inflight.delete(kind));
  };

  const loadAll = () => {
    load('containers', () => c.containers.list({ all: true }));
    load('images', () => c.images.list());
    load('volumes', () => c.volumes.list());
    load('networks', () => c.networks.list());
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
    c.vm.changed((s) => act().setVmStatus(s)),
    c.vm.forwards(onForwards),
    c.settings.changed((s) => act().setSettings(s)),
    // The host's menu or tray asks for a page (`#/settings`).
    c.app.navigate(({ route }) => act().navigate(parseRoute(route))),
    conn.onState((l) => {
      act().setLink(l);
      if (l === 'open') {
        void loadStatus();
        loadAll();
        loadHost();
      }
    }),
  ];
  act().setLink(conn.state());
  void loadStatus();
  loadAll();
  loadHost();
  return () => {
    for (const off of offs) off();
  };
}
