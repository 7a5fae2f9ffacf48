// Creates the `berth` docker context (docker CLI, compose, IDEs) pointing at the exported engine socket.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../log.js';

const log = createLogger('vm.context');

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const d = env['DOCKER_CONFIG'];
  return d && d.length > 0 ? d : path.join(os.homedir(), '.docker');
}

/** The docker CLI stores a context under contexts/meta/<sha256 of its name>/meta.json. */
export function contextMetaPath(configDir: string, name: string): string {
  return path.join(configDir, 'contexts', 'meta', crypto.createHash('sha256').update(name).digest('hex'), 'meta.json');
}

/**
 * The context's Host for a socket path: `npipe:////./pipe/<name>` for a Windows named pipe (the docker CLI dials what
 * follows `npipe://`, which must be `//./pipe/<name>`; `npipe://./pipe/…` would be a relative path), unix:// otherwise.
 */
export function contextHost(socketPath: string): string {
  return socketPath.startsWith('\\\\.\\pipe\\') ? `npipe://${socketPath.replace(/\\/g, '/')}` : `unix://${socketPath}`;
}

export function contextMeta(name: string, socketPath: string): object {
  return { Name: name, Metadata: { Description: 'Berth: the Docker engine in the Berth VM' }, Endpoints: { docker: { Host: contextHost(socketPath), SkipTLSVerify: false } } };
}

/** Writes (or refreshes) the context; it does not switch the current context — `docker context use berth` does. */
export async function ensureDockerContext(socketPath: string, opts: { name?: string; configDir?: string } = {}): Promise<string> {
  const name = opts.name ?? 'berth';
  const file = contextMetaPath(opts.configDir ?? dockerConfigDir(), name);
  const body = `${JSON.stringify(contextMeta(name, socketPath))}\n`;
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current !== body) {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    await fs.writeFile(file, body, { mode: 0o644 });
    log.info('docker context written', { name, file });
  }
  return name;
}

/** Removes the context, but only while it still points at `socketPath` (a context the person changed is left alone). */
export async function forgetDockerContext(socketPath: string, opts: { name?: string; configDir?: string } = {}): Promise<boolean> {
  const name = opts.name ?? 'berth';
  const file = contextMetaPath(opts.configDir ?? dockerConfigDir(), name);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === undefined) return false;
  let host: unknown;
  try {
    host = (JSON.parse(current) as { Endpoints?: { docker?: { Host?: unknown } } }).Endpoints?.docker?.Host;
  } catch {
    return false;
  }
  if (host !== contextHost(socketPath)) return false;
  await fs.rm(path.dirname(file), { recursive: true, force: true });
  log.warn('docker context removed', { name, file });
  return true;
}
