// The parts of `docker inspect` a person looks for first: ports, mounts, limits, namespaces, logging, restart (pure).
import { shareFor } from '../../../../app/shares.js';
import { bytes } from '../../lib/format.js';

export interface InspectSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  created: string;
  state: string;
  startedAt?: string | undefined;
  exitCode?: number | undefined;
  command: string;
  entrypoint: string;
  workdir: string;
  user: string;
  hostname: string;
  tty: boolean;
  interactive: boolean;
  ports: string[];
  mounts: string[];
  networks: { name: string; ip: string; aliases: string[] }[];
  limits: { label: string; value: string }[];
  namespaces: { label: string; value: string }[];
  log: string;
  restart: string;
  privileged: boolean;
  capAdd: string[];
  capDrop: string[];
  env: string[];
  labels: [string, string][];
}

type J = Record<string, unknown>;
const obj = (v: unknown): J => (v && typeof v === 'object' ? (v as J) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * `shares`: the folders the Berth VM has mounted, when the engine is the VM: each bind then says whether its host path
 * is in one (the host's files) or not (a directory of the VM itself).
 */
export function inspectSummary(j: J, shares?: readonly string[]): InspectSummary {
  const config = obj(j.Config);
  const host = obj(j.HostConfig);
  const state = obj(j.State);
  const net = obj(j.NetworkSettings);
  const ports: string[] = [];
  for (const [key, binds] of Object.entries(obj(net.Ports))) {
    const list = arr(binds).map(obj);
    if (list.length === 0) ports.push(`${key} (not published)`);
    const seen = new Set<string>();
    for (const b of list) {
      const hostPort = str(b.HostPort);
      const ip = str(b.HostIp);
      const shown = `${ip && ip !== '0.0.0.0' && ip !== '::' ? `${ip}:` : ''}${hostPort}→${key}`;
      if (seen.has(shown)) continue;
      seen.add(shown);
      ports.push(shown);
    }
  }
  const mounts = arr(j.Mounts)
    .map(obj)
    .map((m) => `${str(m.Type)} ${str(m.Name) || str(m.Source)} → ${str(m.Destination)}${m.RW === false ? ' (read-only)' : ''}${shares && str(m.Type) === 'bind' ? shareNote(str(m.Source), shares) : ''}`);
  const networks = Object.entries(obj(net.Networks)).map(([name, v]) => ({ name, ip: str(obj(v).IPAddress), aliases: arr(obj(v).Aliases).map(str).filter(Boolean) }));
  const limits: { label: string; value: string }[] = [];
  if (num(host.Memory)) limits.push({ label: 'Memory', value: bytes(num(host.Memory)) });
  if (num(host.MemorySwap)) limits.push({ label: 'Memory + swap', value: num(host.MemorySwap) === -1 ? 'unlimited' : bytes(num(host.MemorySwap)) });
  if (num(host.NanoCpus)) limits.push({ label: 'CPUs', value: String(num(host.NanoCpus) / 1e9) });
  if (num(host.CpuShares)) limits.push({ label: 'CPU shares', value: String(num(host.CpuShares)) });
  if (num(host.PidsLimit)) limits.push({ label: 'PIDs', value: String(num(host.PidsLimit)) });
  if (limits.length === 0) limits.push({ label: 'Limits', value: 'none (the whole machine)' });
  const ns = (label: string, v: unknown, dflt: string) => ({ label, value: str(v) || dflt });
  const logCfg = obj(host.LogConfig);
  const logOpts = Object.entries(obj(logCfg.Config)).map(([k, v]) => `${k}=${str(v)}`);
  const restart = obj(host.RestartPolicy);
  const rname = str(restart.Name) || 'no';
  return {
    id: str(j.Id),
    name: str(j.Name).replace(/^\//, ''),
    image: str(config.Image),
    imageId: str(j.Image),
    created: str(j.Created),
    state: str(state.Status),
    startedAt: str(state.StartedAt) || undefined,
    exitCode: typeof state.ExitCode === 'number' ? state.ExitCode : undefined,
    command: [str(j.Path), ...arr(j.Args).map(str)].filter(Boolean).join(' '),
    entrypoint: arr(config.Entrypoint).map(str).join(' '),
    workdir: str(config.WorkingDir) || '/',
    user: str(config.User) || 'root (image default)',
    hostname: str(config.Hostname),
    tty: config.Tty === true,
    interactive: config.OpenStdin === true,
    ports,
    mounts,
    networks,
    limits,
    namespaces: [
      ns('Network', host.NetworkMode, 'default'),
      ns('PID', host.PidMode, 'private'),
      ns('IPC', host.IpcMode, 'private'),
      ns('UTS', host.UTSMode, 'private'),
      ns('User', host.UsernsMode, 'engine default'),
      ns('Cgroup', host.CgroupnsMode, 'engine default'),
    ],
    log: `${str(logCfg.Type) || 'engine default'}${logOpts.length ? ` (${logOpts.join(', ')})` : ''}`,
    restart: rname === 'on-failure' && num(restart.MaximumRetryCount) ? `on-failure:${num(restart.MaximumRetryCount)}` : rname,
    privileged: host.Privileged === true,
    capAdd: arr(host.CapAdd).map(str),
    capDrop: arr(host.CapDrop).map(str),
    env: arr(config.Env).map(str),
    labels: Object.entries(obj(config.Labels)).map(([k, v]) => [k, str(v)] as [string, string]),
  };
}

function shareNote(source: string, shares: readonly string[]): string {
  const share = shareFor(source, shares);
  return share ? ` — host folder, shared as ${share}` : ' — not in a shared folder: the VM\'s own directory, not your machine\'s';
}
