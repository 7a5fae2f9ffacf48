// Creates the `berth` docker context (docker CLI, compose, IDEs) pointing at the exported engine socket.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { logger } from './log.js';

const log = logger('vm.context');

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const d = env['DOCKER_CONFIG'];
  return d && d.length > 0 ? d : path.join(os.homedir(), '.docker');
}

/** The docker CLI stores a context under contexts/meta/<sha256 of its name>/meta.json. */
export function contextMetaPath(configDir: string, name: string): string {
  return path.join(configDir, 'contexts', 'meta', crypto.createHash('sha256').update(name).digest('hex'), 'meta.json');
}

export function contextMeta(name: string, socketPath: string): object {
  const host = socketPath.startsWith('\\\\.\\pipe\\') ? `npipe:${socketPath.replace(/\\/g, '/')}` : `unix://${socketPath}`;
  return { Name: name, Metadata: { Description: 'Berth: the Docker engine in the Berth VM' }, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } };
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
