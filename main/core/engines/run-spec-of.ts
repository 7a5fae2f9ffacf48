// Pure: the RunSpec a container was made with, read back from its inspect (what its image gives anyway left out), for "Recreate on …".
import type { MountSpec, PortMapping, RunSpec } from '../../../app/runspec.js';

/** What of `GET /containers/{id}/json` this reads. */
export interface ContainerInspect {
  Name: string;
  Image: string;
  Config: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
    Hostname?: string;
    WorkingDir?: string;
    User?: string;
  };
  HostConfig: {
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    PublishAllPorts?: boolean;
    Memory?: number;
    MemorySwap?: number;
    CpuShares?: number;
    NanoCpus?: number;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    LogConfig?: { Type?: string; Config?: Record<string, string> | null } | null;
    PidMode?: string;
    IpcMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    Privileged?: boolean;
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
    AutoRemove?: boolean;
    Tmpfs?: Record<string, string> | null;
  };
  Mounts?: { Type: string; Name?: string; Source?: string; Destination: string; RW?: boolean }[] | null;
  NetworkSettings?: { Networks?: Record<string, { Aliases?: string[] | null }> | null } | null;
}

/** What of the image's config the container inherited. */
export interface ImageConfig {
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
  WorkingDir?: string;
  User?: string;
  Volumes?: Record<string, unknown> | null;
}

/** A volume the engine named itself (64 hex digits): an anonymous one. */
export const isAnonymousVolume = (name: string): boolean => /^[0-9a-f]{64}$/.test(name);

const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

function ports(hc: ContainerInspect['HostConfig']): PortMapping[] {
  const out: PortMapping[] = [];
  for (const [key, list] of Object.entries(hc.PortBindings ?? {})) {
    const [port = '0', proto = 'tcp'] = key.split('/');
    for (const b of list ?? []) {
      const m: PortMapping = { containerPort: Number(port), protocol: proto as PortMapping['protocol'] };
      if (b.HostIp) m.hostIp = b.HostIp;
      const range = /^(\d+)(?:-(\d+))?$/.exec(b.HostPort ?? '');
      if (range?.[1] && Number(range[1]) > 0) m.hostPort = Number(range[1]);
      if (range?.[2]) m.hostPortEnd = Number(range[2]);
      out.push(m);
    }
  }
  return out.sort((a, b) => a.containerPort - b.containerPort);
}

function mounts(c: ContainerInspect, image: ImageConfig): MountSpec[] {
  const out: MountSpec[] = [];
  for (const m of c.Mounts ?? []) {
    const readOnly = m.RW === false ? { readOnly: true } : {};
    if (m.Type === 'bind') out.push({ type: 'bind', source: m.Source ?? '', target: m.Destination, ...readOnly });
    else if (m.Type === 'tmpfs') out.push({ type: 'tmpfs', target: m.Destination, ...readOnly });
    else if (m.Type === 'volume') {
      const anonymous = !m.Name || isAnonymousVolume(m.Name);
      // The image's own VOLUME makes an anonymous one again on the target.
      if (anonymous && image.Volumes && m.Destination in image.Volumes) continue;
      out.push(anonymous ? { type: 'volume', target: m.Destination, ...readOnly } : { type: 'volume', source: m.Name as string, target: m.Destination, ...readOnly });
    }
  }
  for (const target of Object.keys(c.HostConfig.Tmpfs ?? {})) if (!out.some((m) => m.target === target)) out.push({ type: 'tmpfs', target });
  return out;
}

/** Network, aliases and namespaces: what the engine takes by default is left out. */
function networking(c: ContainerInspect): Partial<RunSpec> {
  const hc = c.HostConfig;
  const out: Partial<RunSpec> = {};
  const net = hc.NetworkMode ?? 'default';
  if (net !== 'default' && net !== 'bridge') out.network = net;
  const aliases = (out.network && c.NetworkSettings?.Networks?.[out.network]?.Aliases) || [];
  // The engine adds the short ID as an alias of its own.
  const own = aliases.filter((a) => !/^[0-9a-f]{12}$/.test(a));
  if (own.length > 0) out.networkAliases = own;
  if (hc.PidMode) out.pidMode = hc.PidMode;
  if (hc.IpcMode && hc.IpcMode !== 'private' && hc.IpcMode !== 'shareable') out.ipcMode = hc.IpcMode;
  if (hc.UTSMode) out.utsMode = hc.UTSMode;
  if (hc.UsernsMode) out.usernsMode = hc.UsernsMode;
  return out;
}

/**
 * The run settings of a container as `docker run` would have been given them: command, entrypoint, environment,
 * labels, working directory and user only where they differ from the image's; ports (dynamic ones stay dynamic),
 * mounts (anonymous volumes the image declares left to it), limits, restart policy, log config, namespaces.
 * `image` is the reference to create from on the target.
 */
export function runSpecOf(c: ContainerInspect, img: ImageConfig, image: string): RunSpec {
  const cfg = c.Config;
  const hc = c.HostConfig;
  const imageEnv = new Set(img.Env ?? []);
  const imageLabels = img.Labels ?? {};
  const labels = Object.fromEntries(Object.entries(cfg.Labels ?? {}).filter(([k, v]) => imageLabels[k] !== v));
  const spec: RunSpec = {
    image,
    name: c.Name.replace(/^\//, ''),
    tty: cfg.Tty ?? false,
    interactive: cfg.OpenStdin ?? false,
    autoRemove: hc.AutoRemove ?? false,
    ports: ports(hc),
    publishAll: hc.PublishAllPorts ?? false,
    env: (cfg.Env ?? []).filter((e) => !imageEnv.has(e)),
    envFiles: [],
    mounts: mounts(c, img),
    networkAliases: [],
    labels,
    privileged: hc.Privileged ?? false,
    capAdd: [...(hc.CapAdd ?? [])],
    capDrop: [...(hc.CapDrop ?? [])],
    ...networking(c),
  };
  if (!sameList(cfg.Cmd, img.Cmd) || !sameList(cfg.Entrypoint, img.Entrypoint)) {
    // Docker drops the image's CMD when the entrypoint is replaced, so both go together.
    if (cfg.Cmd) spec.command = [...cfg.Cmd];
    if (!sameList(cfg.Entrypoint, img.Entrypoint)) spec.entrypoint = [...(cfg.Entrypoint ?? [])];
  }
  if (cfg.WorkingDir && cfg.WorkingDir !== (img.WorkingDir ?? '')) spec.workdir = cfg.WorkingDir;
  if (cfg.User && cfg.User !== (img.User ?? '')) spec.user = cfg.User;
  // A hostname the engine made from the ID (or the host's, with the host network) is not carried.
  if (cfg.Hostname && !/^[0-9a-f]{12}$/.test(cfg.Hostname) && hc.NetworkMode !== 'host') spec.hostname = cfg.Hostname;
  if (hc.Memory) spec.memory = hc.Memory;
  if (hc.MemorySwap) spec.memorySwap = hc.MemorySwap;
  if (hc.CpuShares) spec.cpuShares = hc.CpuShares;
  if (hc.NanoCpus) spec.cpus = hc.NanoCpus / 1e9;
  const rp = hc.RestartPolicy;
  if (rp?.Name && rp.Name !== 'no') {
    spec.restart = { name: rp.Name as NonNullable<RunSpec['restart']>['name'], ...(rp.Name === 'on-failure' && rp.MaximumRetryCount ? { maximumRetryCount: rp.MaximumRetryCount } : {}) };
  }
  if (hc.LogConfig?.Type) spec.log = { driver: hc.LogConfig.Type, options: { ...(hc.LogConfig.Config ?? {}) } };
  return spec;
}
