// Finds the engines there are now: DOCKER_HOST or the local socket, the Berth VM's socket, docker contexts, added ones.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddedEngine, EngineKind, EngineSource } from '../../../app/engines.js';
import { BerthError } from '../../../app/errors.js';
import { DEFAULT_PIPE, DEFAULT_UNIX_SOCKET, parseDockerHost, type Endpoint } from '../engine/link/endpoint.js';
import { tlsFromEnv, type EngineTls } from '../engine/link/engine-tls.js';
import { readDockerContexts, type DockerContext } from './contexts.js';

/** One engine as the core knows it: how to reach it (TLS paths included: never sent to windows). */
export interface EngineSpec {
  /** `host`, `vm`, `context:<name>`, `added:<name>`. */
  id: string;
  name: string;
  kind: EngineKind;
  source: EngineSource;
  /** The DOCKER_HOST-style URL. */
  url: string;
  endpoint?: Endpoint;
  description?: string;
  current?: boolean;
  /** Why it cannot be used as found (a URL that does not parse, a context without a CA): its down reason. */
  problem?: BerthError;
  /** Whose TLS files these are and how to change them, for the checks' messages. */
  tlsOwner?: { whose: string; fix: string };
  /** What to say when its socket is not there (the VM not running). */
  absent?: string;
}

/**
 * Where an ssh:// engine's link is served locally, per engine (a context and an added engine may name the same URL,
 * and the socket is named after the URL): `<base>/<8 hex of the id>`, under which RemoteEngine makes run/.
 */
export function remoteHomeOf(base: string, id: string): string {
  return path.join(base, crypto.createHash('sha256').update(id).digest('hex').slice(0, 8));
}

export const HOST_ENGINE_NAME = 'default';
export const VM_ENGINE_NAME = 'berth-vm';

type Env = Record<string, string | undefined>;

/** The URL an endpoint is reached at, DOCKER_HOST style. */
export function urlOf(ep: Endpoint): string {
  switch (ep.kind) {
    case 'socket':
    case 'vm':
      return ep.address.startsWith('\\\\') ? `npipe://${ep.address.replace(/\\/g, '/')}` : `unix://${ep.address}`;
    case 'pipe':
      return `npipe://${ep.address.replace(/\\/g, '/')}`;
    case 'tcp':
      return `tcp://${ep.address}`;
    case 'ssh':
      return ep.address;
  }
}

function fromUrl(base: Omit<EngineSpec, 'kind' | 'endpoint' | 'url'>, url: string, tls?: EngineTls): EngineSpec {
  try {
    const endpoint = parseDockerHost(url, tls);
    return { ...base, kind: endpoint.kind, url: urlOf(endpoint), endpoint };
  } catch (e) {
    const kind: EngineKind = url.startsWith('ssh:') ? 'ssh' : url.startsWith('tcp:') ? 'tcp' : url.startsWith('npipe:') ? 'pipe' : 'socket';
    const problem = e instanceof BerthError ? e : new BerthError('INVALID_INPUT', String(e));
    return { ...base, kind, url, problem };
  }
}

/**
 * The engine docker itself would use without a context: DOCKER_HOST (with DOCKER_TLS_VERIFY's files), else the
 * platform's socket — listed only when the socket is there (a machine without Docker has no such engine).
 */
export function hostEngine(opts: { env?: Env; platform?: string; home?: string; exists?: (p: string) => boolean } = {}): EngineSpec | undefined {
  const env = opts.env ?? process.env;
  const base = { id: 'host', name: HOST_ENGINE_NAME, source: 'host' as const };
  if (env.DOCKER_HOST) {
    const tls = tlsFromEnv(env, opts.home ?? os.homedir());
    return {
      ...fromUrl({ ...base, description: 'DOCKER_HOST' }, env.DOCKER_HOST, env.DOCKER_HOST.startsWith('tcp://') ? tls : undefined),
      ...(tls ? { tlsOwner: { whose: 'DOCKER_HOST', fix: 'Set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem.' } } : {}),
    };
  }
  if ((opts.platform ?? process.platform) === 'win32') return fromUrl({ ...base, description: 'Docker named pipe' }, `npipe://${DEFAULT_PIPE}`);
  if (!(opts.exists ?? fs.existsSync)(DEFAULT_UNIX_SOCKET)) return undefined;
  return fromUrl({ ...base, description: 'Local socket' }, `unix://${DEFAULT_UNIX_SOCKET}`);
}

/** The Berth VM's exported engine socket (it answers while the VM runs). */
export function vmEngine(socketPath: string): EngineSpec {
  const endpoint: Endpoint = { kind: 'vm', label: 'Berth VM', address: socketPath };
  return {
    id: 'vm',
    name: VM_ENGINE_NAME,
    kind: 'vm',
    source: 'vm',
    url: urlOf(endpoint),
    endpoint,
    description: 'Berth VM',
    absent: 'The Berth VM is not running: start it from the VM page or with `berth vm start`.',
  };
}

/** A docker context as an engine: its TLS files go with a tcp:// endpoint; skipping verification is refused. */
export function contextEngine(c: DockerContext): EngineSpec {
  const base = { id: `context:${c.name}`, name: c.name, source: 'context' as const, current: c.current, ...(c.description ? { description: c.description } : {}) };
  if (c.problem || !c.host) return { ...base, kind: 'socket', url: c.host ?? '', problem: c.problem ?? new BerthError('INVALID_INPUT', `Docker context "${c.name}" has no docker endpoint.`) };
  const tcp = c.host.startsWith('tcp://');
  const spec = fromUrl(base, c.host, tcp && c.tls ? { ca: c.tls.ca, cert: c.tls.cert, key: c.tls.key, certPath: c.tls.dir } : undefined);
  if (tcp && c.skipTlsVerify && !spec.problem) {
    spec.problem = new BerthError(
      'UNSUPPORTED',
      `Docker context "${c.name}" skips verifying the engine's certificate (SkipTLSVerify), and Berth verifies every engine it reaches over TLS. Give the context the engine's CA: docker context update ${c.name} --docker "host=${c.host},ca=/path/to/ca.pem,cert=…,key=…".`,
      { field: 'tls' },
    );
  }
  if (spec.endpoint?.tls) spec.tlsOwner = { whose: `Docker context "${c.name}"`, fix: `Fix its files in ${c.tls?.dir ?? 'its TLS folder'}, or run docker context update ${c.name} --docker "host=…,ca=…,cert=…,key=…".` };
  return spec;
}

/** An engine the person added. */
export function addedEngine(a: AddedEngine): EngineSpec {
  const spec = fromUrl({ id: `added:${a.name}`, name: a.name, source: 'added' }, a.url, a.tls);
  if (a.tls) spec.tlsOwner = { whose: `Engine "${a.name}"`, fix: 'Remove it and add it again with the right CA, certificate and key.' };
  return spec;
}

export interface DiscoverOptions {
  env?: Env;
  platform?: string;
  /** The person's home (DOCKER_TLS_VERIFY's default ~/.docker). */
  userHome?: string;
  /** DOCKER_CONFIG or ~/.docker. */
  dockerConfig: string;
  /** The Berth VM's socket, when this core knows one. */
  vmSocket?: string | undefined;
  added: readonly AddedEngine[];
  exists?: (p: string) => boolean;
}

/** Every engine there is now, in a stable order: host, VM, contexts (by name), added (as added). */
export function discoverEngines(o: DiscoverOptions): EngineSpec[] {
  const out: EngineSpec[] = [];
  const host = hostEngine({ ...(o.env ? { env: o.env } : {}), ...(o.platform ? { platform: o.platform } : {}), ...(o.userHome ? { home: o.userHome } : {}), ...(o.exists ? { exists: o.exists } : {}) });
  if (host) out.push(host);
  if (o.vmSocket) out.push(vmEngine(o.vmSocket));
  for (const c of readDockerContexts(o.dockerConfig, o.env)) out.push(contextEngine(c));
  for (const a of o.added) out.push(addedEngine(a));
  return out;
}
