// Pure presentation of containers: rows grouped by compose project, port links, state words, allowed actions, filtering.
import type { ContainerState, ContainerSummary, PublishedPort } from '../../../../app/model.js';
import { ago, shortId } from '../../lib/format.js';

export interface PortLink {
  label: string;
  /** The host port, when published. */
  hostPort?: number | undefined;
  /** http URL on the host, for TCP ports published on a host port. */
  url?: string | undefined;
}

export type Action = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove' | 'forceRemove';

export interface ContainerVM {
  id: string;
  shortId: string;
  name: string;
  image: string;
  state: ContainerState;
  stateWord: string;
  status: string;
  created: string;
  ports: PortLink[];
  project?: string | undefined;
  service?: string | undefined;
  actions: Action[];
}

export type Row =
  | { kind: 'group'; project: string; count: number; running: number; collapsed: boolean }
  | { kind: 'container'; vm: ContainerVM; inGroup: boolean };

const WORDS: Record<ContainerState, string> = {
  created: 'Created',
  running: 'Running',
  paused: 'Paused',
  restarting: 'Restarting',
  removing: 'Removing',
  exited: 'Exited',
  dead: 'Dead',
};

export function stateWord(c: Pick<ContainerSummary, 'state' | 'status'>): string {
  if (c.state === 'exited') {
    const m = /Exited \((-?\d+)\)/.exec(c.status);
    return m ? `Exited (${m[1]})` : 'Exited';
  }
  if (c.state === 'running' && /\(unhealthy\)/.test(c.status)) return 'Running (unhealthy)';
  return WORDS[c.state];
}

export function allowedActions(state: ContainerState): Action[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'kill', 'pause', 'forceRemove'];
    case 'paused':
      return ['unpause', 'stop', 'kill', 'forceRemove'];
    case 'restarting':
      return ['stop', 'kill', 'forceRemove'];
    case 'removing':
      return [];
    default:
      return ['start', 'restart', 'remove', 'forceRemove'];
  }
}

const WILDCARD = new Set(['', '0.0.0.0', '::']);

const bracket = (ip: string): string => (ip.includes(':') ? `[${ip}]` : ip);

/** Host address to open a published port on: for wildcard binds, loopback, or the remote engine's host (ssh://). */
function hostFor(ip: string | undefined, portHost: string | undefined): string {
  if (!ip || WILDCARD.has(ip)) return portHost ? bracket(portHost) : '127.0.0.1';
  // A loopback bind on a remote engine is only reachable there.
  return bracket(ip);
}

/** `8080→80/tcp` links, one per host port (the IPv4 and IPv6 binds of one port are one link); `portHost`: a remote engine's host. */
export function portLinks(ports: readonly PublishedPort[], portHost?: string): PortLink[] {
  const seen = new Set<string>();
  const out: (PortLink & { sort: number })[] = [];
  for (const p of ports) {
    const wildcard = WILDCARD.has(p.ip ?? '');
    const key = p.publicPort ? `${wildcard ? '*' : p.ip}:${p.publicPort}:${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (p.publicPort) {
      const shownIp = wildcard ? '' : `${p.ip}:`;
      out.push({
        label: `${shownIp}${p.publicPort}→${p.privatePort}/${p.type}`,
        hostPort: p.publicPort,
        url: p.type === 'tcp' ? `http://${hostFor(p.ip, portHost)}:${p.publicPort}` : undefined,
        sort: p.publicPort,
      });
    } else {
      out.push({ label: `${p.privatePort}/${p.type}`, sort: 100000 + p.privatePort });
    }
  }
  // Drop an unpublished entry when the same port is also published.
  const published = new Set(out.filter((l) => l.url !== undefined || l.label.includes('→')).map((l) => l.label.split('→')[1]));
  return out
    .filter((l) => l.label.includes('→') || !published.has(l.label))
    .sort((a, b) => a.sort - b.sort)
    .map(({ label, url, hostPort }) => ({ label, url, ...(hostPort !== undefined ? { hostPort } : {}) }));
}

export function toContainerVM(c: ContainerSummary, now = Date.now(), portHost?: string): ContainerVM {
  return {
    id: c.id,
    shortId: shortId(c.id),
    name: c.name,
    image: c.image.startsWith('sha256:') ? shortId(c.image) : c.image,
    state: c.state,
    stateWord: stateWord(c),
    status: c.status,
    created: ago(c.created, now),
    ports: portLinks(c.ports, portHost),
    project: c.composeProject,
    service: c.composeService,
    actions: allowedActions(c.state),
  };
}

export function matchesFilter(c: ContainerSummary, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  return f
    .split(/\s+/)
    .every(
      (w) =>
        c.name.toLowerCase().includes(w) ||
        c.image.toLowerCase().includes(w) ||
        c.id.startsWith(w) ||
        c.state === w ||
        (c.composeProject ?? '').toLowerCase().includes(w) ||
        c.ports.some((p) => String(p.publicPort ?? '') === w || String(p.privatePort) === w),
    );
}

/** Newest first; compose projects fold into a group row placed where their newest container would be. */
export function containerRows(list: readonly ContainerSummary[], opts: { filter?: string; collapsed?: ReadonlySet<string>; now?: number; portHost?: string } = {}): Row[] {
  const now = opts.now ?? Date.now();
  const shown = list.filter((c) => matchesFilter(c, opts.filter ?? '')).sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  const groups = new Map<string, ContainerSummary[]>();
  const order: (string | ContainerSummary)[] = [];
  for (const c of shown) {
    const p = c.composeProject;
    if (!p) {
      order.push(c);
      continue;
    }
    let g = groups.get(p);
    if (!g) {
      groups.set(p, (g = []));
      order.push(p);
    }
    g.push(c);
  }
  const rows: Row[] = [];
  for (const item of order) {
    if (typeof item !== 'string') {
      rows.push({ kind: 'container', vm: toContainerVM(item, now, opts.portHost), inGroup: false });
      continue;
    }
    const members = (groups.get(item) ?? []).sort((a, b) => (a.composeService ?? a.name).localeCompare(b.composeService ?? b.name));
    const collapsed = opts.collapsed?.has(item) ?? false;
    rows.push({ kind: 'group', project: item, count: members.length, running: members.filter((c) => c.state === 'running').length, collapsed });
    if (!collapsed) for (const c of members) rows.push({ kind: 'container', vm: toContainerVM(c, now, opts.portHost), inGroup: true });
  }
  return rows;
}

/** Counts for the rail. */
export function containerCounts(list: readonly ContainerSummary[]): { total: number; running: number } {
  let running = 0;
  for (const c of list) if (c.state === 'running') running++;
  return { total: list.length, running };
}
