// RunSpec: everything `docker run` users reach for, as one validated object (the run form's model).
import { z } from 'zod';
import { parsePlatform } from './parse/platform.js';

export const Protocol = z.enum(['tcp', 'udp', 'sctp']);
export type Protocol = z.infer<typeof Protocol>;

const port = z.number().int().min(1).max(65535);

/**
 * One published port or port range, as typed in `-p`: `[ip:][hostPort[-end]:]containerPort[-end][/proto]`.
 * No hostPort means "any free port" (dynamic); a range is kept as a range so it round-trips.
 */
export const PortMapping = z.object({
  hostIp: z.string().optional(),
  hostPort: port.optional(),
  hostPortEnd: port.optional(),
  containerPort: port,
  containerPortEnd: port.optional(),
  protocol: Protocol.default('tcp'),
});
export type PortMapping = z.infer<typeof PortMapping>;

/** A bind mount, a named (or anonymous) volume, or a tmpfs, as in `-v`/`--mount`/`--tmpfs`. */
export const MountSpec = z.object({
  type: z.enum(['bind', 'volume', 'tmpfs']),
  /** Host path for bind, volume name for volume (absent = anonymous volume), unused for tmpfs. */
  source: z.string().optional(),
  target: z.string().min(1),
  readOnly: z.boolean().optional(),
});
export type MountSpec = z.infer<typeof MountSpec>;

export const RestartPolicy = z.object({
  name: z.enum(['no', 'always', 'unless-stopped', 'on-failure']),
  maximumRetryCount: z.number().int().min(0).optional(),
});
export type RestartPolicy = z.infer<typeof RestartPolicy>;

export const LogConfig = z.object({
  driver: z.string().min(1),
  options: z.record(z.string(), z.string()).default({}),
});
export type LogConfig = z.infer<typeof LogConfig>;

/** The default log config Berth applies when none is given: json-file, rotated (FIELD.md #6). */
export const DEFAULT_LOG_CONFIG: LogConfig = { driver: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } };

export const RunSpec = z.object({
  /** Image reference: `[registry/]repo[:tag][@digest]`. */
  image: z.string().min(1),
  name: z.string().optional(),
  /** Arguments after the image (replaces the image's CMD). */
  command: z.array(z.string()).optional(),
  /** Replaces the image's ENTRYPOINT (`--entrypoint`); `[]` clears it. */
  entrypoint: z.array(z.string()).optional(),
  /** `-t`: allocate a pseudo-TTY. */
  tty: z.boolean().default(false),
  /** `-i`: keep STDIN open. */
  interactive: z.boolean().default(false),
  /** `--rm`: remove when stopped. */
  autoRemove: z.boolean().default(false),
  ports: z.array(PortMapping).default([]),
  /** `-P`: publish all EXPOSEd ports to dynamic host ports. */
  publishAll: z.boolean().default(false),
  /** Bytes; `--memory`. */
  memory: z.number().int().min(0).optional(),
  /** Bytes, or -1 for unlimited swap; `--memory-swap`. */
  memorySwap: z.number().int().min(-1).optional(),
  /** Relative weight; `--cpu-shares`. */
  cpuShares: z.number().int().min(0).optional(),
  /** Number of CPUs, fractional; `--cpus`. */
  cpus: z.number().min(0).optional(),
  /** `KEY=value` or `KEY` (take from the host environment of the core). */
  env: z.array(z.string()).default([]),
  /** Host paths of env files (`--env-file`), read by the core. */
  envFiles: z.array(z.string()).default([]),
  mounts: z.array(MountSpec).default([]),
  /** `bridge`, `host`, `none`, `container:<id|name>`, or a user network's name. */
  network: z.string().optional(),
  networkAliases: z.array(z.string()).default([]),
  restart: RestartPolicy.optional(),
  log: LogConfig.optional(),
  /** `host` or `container:<id|name>`. */
  pidMode: z.string().optional(),
  /** `host`, `private`, `shareable`, `none` or `container:<id|name>`. */
  ipcMode: z.string().optional(),
  /** `host`. */
  utsMode: z.string().optional(),
  /** `host`. */
  usernsMode: z.string().optional(),
  hostname: z.string().optional(),
  workdir: z.string().optional(),
  user: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
  privileged: z.boolean().default(false),
  capAdd: z.array(z.string()).default([]),
  capDrop: z.array(z.string()).default([]),
  /** `--platform os/arch[/variant]`: which of the image's platforms to run (an image of another one runs under emulation). */
  platform: z
    .string()
    .superRefine((p, ctx) => {
      try {
        parsePlatform(p);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) });
      }
    })
    .optional(),
});
export type RunSpec = z.infer<typeof RunSpec>;
/** What callers may pass: defaults filled in by the schema. */
export type RunSpecInput = z.input<typeof RunSpec>;
