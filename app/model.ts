// Domain types the core sends to windows: summaries of containers, images, volumes, networks, engine facts.
import { z } from 'zod';

/** Raw engine JSON (inspect output) passed through unchanged. */
export const Json = z.record(z.string(), z.unknown());
export type Json = z.infer<typeof Json>;

export const ContainerState = z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
export type ContainerState = z.infer<typeof ContainerState>;

export const PublishedPort = z.object({
  ip: z.string().optional(),
  privatePort: z.number(),
  publicPort: z.number().optional(),
  type: z.string(),
});
export type PublishedPort = z.infer<typeof PublishedPort>;

export const ContainerSummary = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  created: z.number(),
  state: ContainerState,
  status: z.string(),
  ports: z.array(PublishedPort),
  labels: z.record(z.string(), z.string()),
  networks: z.array(z.string()),
  /** Named volumes it mounts (binds and tmpfs are not listed). */
  volumes: z.array(z.string()).optional(),
  composeProject: z.string().optional(),
  composeService: z.string().optional(),
});
export type ContainerSummary = z.infer<typeof ContainerSummary>;

export const ImageSummary = z.object({
  id: z.string(),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  created: z.number(),
  size: z.number(),
  /** Number of containers using it (-1 when the engine did not say). */
  containers: z.number(),
  labels: z.record(z.string(), z.string()),
  dangling: z.boolean(),
  /** The image's platform (`linux`, `arm64`, `v8`), from its config; absent until the core has read it. */
  os: z.string().optional(),
  architecture: z.string().optional(),
  variant: z.string().optional(),
});
export type ImageSummary = z.infer<typeof ImageSummary>;

export const VolumeSummary = z.object({
  name: z.string(),
  driver: z.string(),
  mountpoint: z.string(),
  createdAt: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  scope: z.string(),
});
export type VolumeSummary = z.infer<typeof VolumeSummary>;

export const NetworkSummary = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string(),
  internal: z.boolean(),
  subnets: z.array(z.string()),
  created: z.string().optional(),
  labels: z.record(z.string(), z.string()),
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const EngineState = z.enum(['connecting', 'up', 'down']);
export const EngineStatus = z.object({
  state: EngineState,
  endpoint: z.object({ kind: z.enum(['socket', 'pipe', 'vm', 'ssh', 'tcp']), label: z.string(), address: z.string(), remoteHost: z.string().optional() }),
  /** Why the engine is down, in words a person can act on. */
  reason: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional() }).optional(),
  since: z.number(),
  version: z.string().optional(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

export const EngineVersion = z.object({
  version: z.string(),
  apiVersion: z.string(),
  minApiVersion: z.string().optional(),
  os: z.string(),
  arch: z.string(),
  kernelVersion: z.string(),
  goVersion: z.string().optional(),
  gitCommit: z.string().optional(),
});
export const EngineInfo = z.object({
  name: z.string(),
  operatingSystem: z.string(),
  osType: z.string(),
  kernelVersion: z.string(),
  architecture: z.string(),
  cpus: z.number(),
  memTotal: z.number(),
  storageDriver: z.string(),
  driverStatus: z.array(z.tuple([z.string(), z.string()])),
  loggingDriver: z.string(),
  cgroupDriver: z.string(),
  cgroupVersion: z.string(),
  securityOptions: z.array(z.string()),
  dockerRootDir: z.string(),
  containers: z.number(),
  containersRunning: z.number(),
  containersPaused: z.number(),
  containersStopped: z.number(),
  images: z.number(),
  serverVersion: z.string(),
  runtimes: z.array(z.string()),
  defaultRuntime: z.string(),
  warnings: z.array(z.string()),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

const DfRow = z.object({ count: z.number(), active: z.number(), size: z.number(), reclaimable: z.number() });
export const DiskUsage = z.object({ images: DfRow, containers: DfRow, volumes: DfRow, buildCache: DfRow });
export type DiskUsage = z.infer<typeof DiskUsage>;

export const PruneResult = z.object({ deleted: z.array(z.string()), spaceReclaimed: z.number() });
export type PruneResult = z.infer<typeof PruneResult>;

export const LogLine = z.object({
  stream: z.enum(['stdout', 'stderr']),
  text: z.string(),
  /** RFC3339Nano timestamp from the engine, when asked for. */
  ts: z.string().optional(),
});
export type LogLine = z.infer<typeof LogLine>;

export const StatsSample = z.object({
  read: z.string(),
  /** Percent of one CPU times the number of CPUs, as `docker stats` shows. */
  cpuPercent: z.number(),
  memUsage: z.number(),
  memLimit: z.number(),
  netRx: z.number(),
  netTx: z.number(),
  blkRead: z.number(),
  blkWrite: z.number(),
  pids: z.number(),
});
export type StatsSample = z.infer<typeof StatsSample>;

export const TopResult = z.object({ titles: z.array(z.string()), processes: z.array(z.array(z.string())) });
export const Change = z.object({
  path: z.string(),
  kind: z.enum(['modified', 'added', 'deleted']),
  /** A file Berth put there itself (the busybox lent for a shell), not the person's change; gone when the last such shell closes. */
  lent: z.boolean().optional(),
});
export type Change = z.infer<typeof Change>;

export const HistoryEntry = z.object({
  id: z.string(),
  created: z.number(),
  createdBy: z.string(),
  size: z.number(),
  comment: z.string(),
  tags: z.array(z.string()),
});

/** Progress of one layer in a pull or push. */
export const LayerProgress = z.object({
  id: z.string(),
  status: z.string(),
  current: z.number().optional(),
  total: z.number().optional(),
});
export const PullChunk = z.object({ layers: z.array(LayerProgress), status: z.string().optional() });
export type PullChunk = z.infer<typeof PullChunk>;

export const BuildChunk = z.object({ lines: z.array(z.string()) });

export const RegistryAuth = z.object({
  username: z.string().optional(),
  password: z.string().optional(),
  serveraddress: z.string().optional(),
});
export type RegistryAuth = z.infer<typeof RegistryAuth>;

/** The model's change feed: upserts and removals of one resource kind; `engine`: the engine (engines.list id) it describes. */
const delta = <T extends z.ZodType>(item: T) => z.object({ upsert: z.array(item), remove: z.array(z.string()), reset: z.boolean().optional(), engine: z.string().optional() });
export const ContainersDelta = delta(ContainerSummary);
export const ImagesDelta = delta(ImageSummary);
export const VolumesDelta = delta(VolumeSummary);
export const NetworksDelta = delta(NetworkSummary);
export type ContainersDelta = z.infer<typeof ContainersDelta>;

export const EngineEvent = z.object({
  type: z.string(),
  action: z.string(),
  id: z.string(),
  attributes: z.record(z.string(), z.string()),
  time: z.number(),
});
export type EngineEvent = z.infer<typeof EngineEvent>;
