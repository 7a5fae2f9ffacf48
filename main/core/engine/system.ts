// Engine-wide requests: status, version, info (drivers, cgroups, security options), disk usage, prune.
import type { Api } from '../../../app/api.js';
import type { DiskUsage, EngineInfo } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { engineCall } from './link/errors.js';

interface RawInfo {
  Name?: string; OperatingSystem?: string; OSType?: string; KernelVersion?: string; Architecture?: string; NCPU?: number; MemTotal?: number;
  Driver?: string; DriverStatus?: [string, string][]; LoggingDriver?: string; CgroupDriver?: string; CgroupVersion?: string;
  SecurityOptions?: string[]; DockerRootDir?: string; Containers?: number; ContainersRunning?: number; ContainersPaused?: number;
  ContainersStopped?: number; Images?: number; ServerVersion?: string; Runtimes?: Record<string, unknown>; DefaultRuntime?: string; Warnings?: string[] | null;
}

export function toEngineInfo(i: RawInfo): EngineInfo {
  return {
    name: i.Name ?? '',
    operatingSystem: i.OperatingSystem ?? '',
    osType: i.OSType ?? '',
    kernelVersion: i.KernelVersion ?? '',
    architecture: i.Architecture ?? '',
    cpus: i.NCPU ?? 0,
    memTotal: i.MemTotal ?? 0,
    storageDriver: i.Driver ?? '',
    driverStatus: i.DriverStatus ?? [],
    loggingDriver: i.LoggingDriver ?? '',
    cgroupDriver: i.CgroupDriver ?? '',
    cgroupVersion: i.CgroupVersion ?? '1',
    securityOptions: i.SecurityOptions ?? [],
    dockerRootDir: i.DockerRootDir ?? '',
    containers: i.Containers ?? 0,
    containersRunning: i.ContainersRunning ?? 0,
    containersPaused: i.ContainersPaused ?? 0,
    containersStopped: i.ContainersStopped ?? 0,
    images: i.Images ?? 0,
    serverVersion: i.ServerVersion ?? '',
    runtimes: Object.keys(i.Runtimes ?? {}),
    defaultRuntime: i.DefaultRuntime ?? '',
    warnings: i.Warnings ?? [],
  };
}

interface RawDf {
  LayersSize?: number;
  Images?: { Size: number; SharedSize: number; Containers: number }[] | null;
  Containers?: { SizeRw?: number; State: string }[] | null;
  Volumes?: { UsageData?: { Size: number; RefCount: number } | null }[] | null;
  BuildCache?: { Size: number; InUse: boolean; Shared: boolean }[] | null;
}

/** The same arithmetic as `docker system df`. */
export function toDiskUsage(df: RawDf): DiskUsage {
  const images = df.Images ?? [];
  const activeImages = images.filter((i) => i.Containers > 0);
  const imagesSize = df.LayersSize ?? images.reduce((n, i) => n + i.Size, 0);
  const activeImageBytes = activeImages.reduce((n, i) => n + (i.Size - i.SharedSize), 0);
  const sharedActive = activeImages.length > 0 ? Math.max(...activeImages.map((i) => i.SharedSize)) : 0;
  const containers = df.Containers ?? [];
  const running = containers.filter((c) => c.State === 'running' || c.State === 'paused');
  const csize = containers.reduce((n, c) => n + (c.SizeRw ?? 0), 0);
  const volumes = df.Volumes ?? [];
  const vsize = volumes.reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0);
  const vactive = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0);
  const cache = df.BuildCache ?? [];
  const cacheSize = cache.filter((b) => !b.Shared).reduce((n, b) => n + b.Size, 0);
  return {
    images: { count: images.length, active: activeImages.length, size: imagesSize, reclaimable: Math.max(0, imagesSize - activeImageBytes - sharedActive) },
    containers: { count: containers.length, active: running.length, size: csize, reclaimable: containers.filter((c) => !running.includes(c)).reduce((n, c) => n + (c.SizeRw ?? 0), 0) },
    volumes: { count: volumes.length, active: vactive.length, size: vsize, reclaimable: volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + Math.max(0, v.UsageData?.Size ?? 0), 0) },
    buildCache: { count: cache.length, active: cache.filter((b) => b.InUse).length, size: cacheSize, reclaimable: cache.filter((b) => !b.InUse && !b.Shared).reduce((n, b) => n + b.Size, 0) },
  };
}

export function createEngineHandlers(ctx: CoreContext): Handlers<Api>['engine'] {
  const d = () => ctx.conn.docker;
  return {
    status: async () => ctx.conn.getStatus(),
    version: () =>
      engineCall(async () => {
        const v = await d().version();
        return { version: v.Version, apiVersion: v.ApiVersion, minApiVersion: v.MinAPIVersion, os: v.Os, arch: v.Arch, kernelVersion: v.KernelVersion, goVersion: v.GoVersion, gitCommit: v.GitCommit };
      }),
    info: () => engineCall(async () => toEngineInfo((await d().info()) as RawInfo)),
    df: () => engineCall(async () => toDiskUsage((await d().df()) as RawDf)),
    prune: (input) =>
      engineCall(async () => {
        let space = 0;
        const deleted: string[] = [];
        if (input.containers) {
          const r = await d().pruneContainers();
          space += r.SpaceReclaimed ?? 0;
          deleted.push(...(r.ContainersDeleted ?? []));
        }
        if (input.images || input.allImages) {
          const r = await d().pruneImages({ filters: JSON.stringify({ dangling: [input.allImages ? 'false' : 'true'] }) });
          space += r.SpaceReclaimed ?? 0;
          deleted.push(...(r.ImagesDeleted ?? []).map((x) => x.Deleted ?? x.Untagged ?? '').filter(Boolean));
        }
        if (input.volumes) {
          const r = await d().pruneVolumes();
          space += r.SpaceReclaimed ?? 0;
          deleted.push(...(r.VolumesDeleted ?? []));
        }
        if (input.networks) {
          const r = await d().pruneNetworks();
          deleted.push(...(r.NetworksDeleted ?? []));
        }
        if (input.buildCache) {
          const r = (await d().pruneBuilder()) as { SpaceReclaimed?: number; CachesDeleted?: string[] | null };
          space += r.SpaceReclaimed ?? 0;
          deleted.push(...(r.CachesDeleted ?? []));
        }
        return { spaceReclaimed: space, deleted };
      }),
  };
}
