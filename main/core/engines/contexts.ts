// The docker CLI's contexts (DOCKER_CONFIG or ~/.docker: contexts/meta/*/meta.json, TLS files in contexts/tls/<id>/docker/).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BerthError } from '../../../app/errors.js';

export interface DockerContext {
  name: string;
  /** The folder name under meta/ and tls/ (the sha256 of the name, as the docker CLI writes it). */
  id: string;
  /** The docker endpoint's host URL (unix://, ssh://, tcp://, npipe://); absent when the context has none. */
  host?: string;
  description?: string;
  /** ca.pem, cert.pem, key.pem of the docker endpoint, when its TLS folder exists (paths; each may be absent). */
  tls?: { ca: string; cert: string; key: string; dir: string };
  skipTlsVerify: boolean;
  current: boolean;
  /** Why this context cannot be used as found (meta.json unreadable or without a docker endpoint). */
  problem?: BerthError;
}

type Env = Record<string, string | undefined>;

/** DOCKER_CONFIG, else ~/.docker: where config.json and contexts/ live. */
export function dockerConfigDir(env: Env = process.env, home: string = os.homedir()): string {
  return env.DOCKER_CONFIG || path.join(home, '.docker');
}

/** The context the docker CLI uses now: DOCKER_CONTEXT, else config.json's currentContext, else "default". */
export function currentContextName(configDir: string, env: Env = process.env): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof cfg.currentContext === 'string' && cfg.currentContext ? cfg.currentContext : 'default';
  } catch {
    return 'default';
  }
}

interface Meta {
  Name?: unknown;
  Metadata?: { Description?: unknown } | null;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } | null } | null;
}

function readOne(configDir: string, id: string, current: string): DockerContext | undefined {
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  let meta: Meta;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    const why = e instanceof Error ? e.message : String(e);
    return { name: id.slice(0, 12), id, skipTlsVerify: false, current: false, problem: new BerthError('INVALID_INPUT', `The docker context in ${metaFile} cannot be read (${why}); remove it with \`docker context rm\` or fix the file.`) };
  }
  const name = typeof meta.Name === 'string' && meta.Name ? meta.Name : id.slice(0, 12);
  const docker = meta.Endpoints?.docker;
  const host = typeof docker?.Host === 'string' && docker.Host ? docker.Host : undefined;
  const description = typeof meta.Metadata?.Description === 'string' && meta.Metadata.Description ? meta.Metadata.Description : undefined;
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  const ctx: DockerContext = {
    name,
    id,
    skipTlsVerify: docker?.SkipTLSVerify === true,
    current: name === current,
    ...(host ? { host } : {}),
    ...(description ? { description } : {}),
    ...(fs.existsSync(tlsDir) ? { tls: { ca: path.join(tlsDir, 'ca.pem'), cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem'), dir: tlsDir } } : {}),
  };
  if (!host) ctx.problem = new BerthError('INVALID_INPUT', `Docker context "${name}" has no docker endpoint (${metaFile}); give it one with \`docker context update ${name} --docker host=…\`.`);
  return ctx;
}

/** Every context under `configDir`/contexts/meta, sorted by name; none when the folder is absent. */
export function readDockerContexts(configDir: string, env: Env = process.env): DockerContext[] {
  const metaDir = path.join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = fs.readdirSync(metaDir);
  } catch {
    return [];
  }
  const current = currentContextName(configDir, env);
  return ids
    .map((id) => readOne(configDir, id, current))
    .filter((c): c is DockerContext => c !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}
