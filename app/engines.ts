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
