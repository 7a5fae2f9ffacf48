// Engines the core knows at once (the host's, the Berth VM's, docker contexts', added ones): what a window sees and what settings keep.
import { z } from 'zod';

/** How an engine is reached (the same kinds as an engine status's endpoint). */
export const EngineKind = z.enum(['socket', 'pipe', 'vm', 'ssh', 'tcp']);
export type EngineKind = z.infer<typeof EngineKind>;

/** Where the core found it: DOCKER_HOST or the local socket, the Berth VM, a docker CLI context, or added by the person. */
export const EngineSource = z.enum(['host', 'vm', 'context', 'added']);
export type EngineSource = z.infer<typeof EngineSource>;

/** A name a person types (`berth serve --engine NAME`): docker's context name rule. */
export const EngineName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$/, { message: 'Use letters, digits and _ . + - (starting with a letter or digit), like build-box.' });

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), { message: 'Give an absolute path.' });

/** A tcp:// engine's TLS files (DOCKER_CERT_PATH's ca.pem, cert.pem, key.pem): the engine is verified against `ca`. */
export const EngineTlsFiles = z.object({ ca: absolutePath, cert: absolutePath, key: absolutePath }).strict();
export type EngineTlsFiles = z.infer<typeof EngineTlsFiles>;

export const ENGINE_URL_HINT = 'Use a URL like ssh://user@host, unix:///var/run/docker.sock, tcp://host:2376 or npipe:////./pipe/docker_engine.';

/** An engine the person added, as settings keep it. */
export const AddedEngine = z
  .object({
    name: EngineName,
    url: z
      .string()
      .max(1024)
      .regex(/^(unix|npipe|tcp|ssh):\/\/\S+$/, { message: ENGINE_URL_HINT }),
    tls: EngineTlsFiles.optional(),
  })
  .strict()
  .refine((e) => !e.tls || e.url.startsWith('tcp://'), { message: 'TLS files go with a tcp:// engine only.', path: ['tls'] });
export type AddedEngine = z.infer<typeof AddedEngine>;

/** One engine as windows and the CLI see it: no TLS file paths, its state from the last probe. */
export const EngineEntry = z.object({
  /** Stable: `host`, `vm`, `context:<name>`, `added:<name>`. */
  id: z.string(),
  name: z.string(),
  kind: EngineKind,
  source: EngineSource,
  /** The DOCKER_HOST-style URL it is reached at. */
  url: z.string(),
  /** Reached over TLS (its files stay in the core). */
  tls: z.boolean(),
  /** The docker CLI's current context (DOCKER_CONTEXT or config.json's currentContext). */
  current: z.boolean().optional(),
  description: z.string().optional(),
  /** connecting: a probe is under way (or none has run yet); up: it answered /_ping and /version; down: why not. */
  state: z.enum(['connecting', 'up', 'down']),
  since: z.number(),
  version: z.string().optional(),
  apiVersion: z.string().optional(),
  os: z.string().optional(),
  arch: z.string().optional(),
  /** Why it is down, in words a person can act on. */
  reason: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string(), detail: z.string().optional() }).optional(),
});
export type EngineEntry = z.infer<typeof EngineEntry>;

export const EngineRef = z.object({ id: z.string().min(1).max(200) });

/** The engine a window shows now: its id and name. */
export const CurrentEngine = z.object({ id: z.string(), name: z.string() });
export type CurrentEngine = z.infer<typeof CurrentEngine>;

// Moves between engines (issue 15 §4): `from` and `to` are engine ids (engines.list), never the same one.
const engineId = z.string().min(1).max(200);
const objectName = z
  .string()
  .min(2)
  .max(255)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, { message: 'Use letters, digits and _ . - (at least two, starting with a letter or digit).' });

/** An image (name, name:tag or ID) streamed from one engine's save into the other's load. */
export const MoveImageInput = z.object({ from: engineId, to: engineId, image: z.string().min(1).max(512) });
export type MoveImageInput = z.infer<typeof MoveImageInput>;

/** A named volume's files copied into a new volume on the target (`name`, else the same name). */
export const MoveVolumeInput = z.object({ from: engineId, to: engineId, volume: z.string().min(1).max(255), name: objectName.optional() });
export type MoveVolumeInput = z.infer<typeof MoveVolumeInput>;

/** "Recreate on …": the container's run settings on the target (image moved first when missing), the original stopped. */
export const RecreateInput = z.object({
  from: engineId,
  to: engineId,
  container: z.string().min(1).max(512),
  /** Copy its named volumes too (each must not exist on the target); else the target's own (or new, empty) ones are used. */
  copyVolumes: z.boolean().default(false),
  /** Its name on the target; the same name by default. */
  name: objectName.optional(),
});
export type RecreateInput = z.infer<typeof RecreateInput>;

/** Where a move stands: the step, what it works on, the bytes passed so far and, when known beforehand, about how many. */
export const MoveProgress = z.object({
  step: z.enum(['image', 'volume', 'container']),
  what: z.string(),
  bytes: z.number(),
  total: z.number().optional(),
  /** A step done or skipped, in words ("already there: same image ID"). */
  status: z.string().optional(),
});
export type MoveProgress = z.infer<typeof MoveProgress>;

export const MoveImageResult = z.object({
  /** The image ID, the same on both engines. */
  id: z.string(),
  /** The target already had this image ID (its tags were added where missing); nothing was streamed. */
  skipped: z.boolean(),
  bytes: z.number(),
  tags: z.array(z.string()),
});
export type MoveImageResult = z.infer<typeof MoveImageResult>;

export const MoveVolumeResult = z.object({ name: z.string(), bytes: z.number() });
export type MoveVolumeResult = z.infer<typeof MoveVolumeResult>;

export const RecreateResult = z.object({
  /** The new container on the target. */
  id: z.string(),
  name: z.string(),
  /** The image had to be moved first. */
  imageMoved: z.boolean(),
  /** Volumes copied, as `source -> target` names. */
  volumesCopied: z.array(z.string()),
  /** User networks made on the target because it lacked them. */
  networksMade: z.array(z.string()),
  /** The original ran and was stopped. */
  stoppedOriginal: z.boolean(),
  ports: z.array(z.object({ containerPort: z.number(), protocol: z.string(), hostIp: z.string(), hostPort: z.number() })),
  warnings: z.array(z.string()),
});
export type RecreateResult = z.infer<typeof RecreateResult>;
