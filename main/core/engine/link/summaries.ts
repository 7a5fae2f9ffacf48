// Pure conversions from the engine's list JSON to the contract's summaries.
import type Docker from 'dockerode';
import type { ContainerState, ContainerSummary, ImageSummary, NetworkSummary, VolumeSummary } from '../../../../app/model.js';

const STATES: ReadonlySet<string> = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

/** The label on what Berth makes for its own work (a volume move's helper image and containers): not a person's, so no list shows it. */
export const HELPER_LABEL = 'berth.helper';

const isHelper = (labels: Record<string, string> | null | undefined): boolean => labels?.[HELPER_LABEL] !== undefined;

/** The engine's container list as the window shows it: Berth's helpers left out. */
export const containerSummaries = (list: Docker.ContainerInfo[]): ContainerSummary[] => list.filter((c) => !isHelper(c.Labels)).map(toContainerSummary);

/** The engine's image list as the window shows it: Berth's helper image left out. */
export const imageSummaries = (list: Docker.ImageInfo[]): ImageSummary[] => list.filter((i) => !isHelper(i.Labels)).map(toImageSummary);

export function toContainerSummary(c: Docker.ContainerInfo): ContainerSummary {
  const labels = c.Labels ?? {};
  const s: ContainerSummary = {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
    image: c.Image,
    imageId: c.ImageID,
    command: c.Command ?? '',
    created: c.Created,
    state: (STATES.has(c.State) ? c.State : 'dead') as ContainerState,
    status: c.Status ?? '',
    ports: (c.Ports ?? []).map((p) => {
      const out: ContainerSummary['ports'][number] = { privatePort: p.PrivatePort, type: p.Type };
      if (p.IP) out.ip = p.IP;
      if (p.PublicPort) out.publicPort = p.PublicPort;
      return out;
    }),
    labels,
    networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
    volumes: (c.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name as string),
  };
  const project = labels['com.docker.compose.project'];
  const service = labels['com.docker.compose.service'];
  if (project) s.composeProject = project;
  if (service) s.composeService = service;
  return s;
}

export function toImageSummary(i: Docker.ImageInfo): ImageSummary {
  const tags = (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  return {
    id: i.Id,
    repoTags: tags,
    repoDigests: (i.RepoDigests ?? []).filter((d) => d !== '<none>@<none>'),
    created: i.Created,
    size: i.Size,
    containers: typeof i.Containers === 'number' ? i.Containers : -1,
    labels: i.Labels ?? {},
    dangling: tags.length === 0,
  };
}

interface RawVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels?: Record<string, string> | null;
  Scope?: string;
}

export function toVolumeSummary(v: RawVolume): VolumeSummary {
  const s: VolumeSummary = { name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint, labels: v.Labels ?? {}, scope: v.Scope ?? 'local' };
  if (v.CreatedAt) s.createdAt = v.CreatedAt;
  return s;
}

interface RawNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  Created?: string;
  IPAM?: { Config?: { Subnet?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
}

export function toNetworkSummary(n: RawNetwork): NetworkSummary {
  const s: NetworkSummary = {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal ?? false,
    subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '').filter(Boolean),
    labels: n.Labels ?? {},
  };
  if (n.Created) s.created = n.Created;
  return s;
}
