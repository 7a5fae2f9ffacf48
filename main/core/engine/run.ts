// `containers.create` and `containers.run`: RunSpec -> engine create (+ start), typed errors, nothing half-made left behind.
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { RunResult } from '../../../app/api.js';
import { BerthError, invalidInput } from '../../../app/errors.js';
import { toWslPath } from '../../../app/shares.js';
import { normalizePlatform } from '../../../app/parse/platform.js';
import type { RunSpec } from '../../../app/runspec.js';
import type { CoreContext } from '../context.js';
import { createLogger } from '../log.js';
import { dial } from '../streams/dial.js';
import { mapEngineError } from './link/errors.js';
import { buildCreateBody, envFromFile, fixedHostPorts, resolveEnv, withGuessedField, type CreateBody, type EnginePortBinding } from './run-spec.js';

const log = createLogger('run');

const lookupHostEnv = (k: string): string | undefined => process.env[k];

/** Env files (read here, on the core's host) first, then `env`, as the docker CLI orders them. */
export async function resolveSpecEnv(spec: RunSpec): Promise<string[]> {
  const out: string[] = [];
  for (const [i, path] of spec.envFiles.entries()) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw invalidInput(`envFiles.${i}`, `Cannot read env file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`, (e as Error).message);
    }
    const fromFile = envFromFile(text, lookupHostEnv);
    out.push(...fromFile);
  }
  out.push(...resolveEnv(spec.env, lookupHostEnv));
  return out;
}

/** Tries to bind a host port the way the engine's proxy would; true when something already holds it. */
export async function hostPortTaken(hostIp: string, port: number, protocol: 'tcp' | 'udp'): Promise<boolean> {
  const host = hostIp === '' ? '0.0.0.0' : hostIp;
  const inUse = (e: unknown) => (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
  if (protocol === 'udp') {
    const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    return new Promise((resolve) => {
      sock.once('error', (e) => {
        sock.close();
        resolve(inUse(e));
      });
      sock.bind({ address: host, port, exclusive: true }, () => sock.close(() => resolve(false)));
    });
  }
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', (e) => resolve(inUse(e)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

function portInUse(port: number | string, detail?: string): BerthError {
  return new BerthError('PORT_IN_USE', `Port ${port} is in use by another program — choose another or leave the host port blank.`, detail === undefined ? { field: 'ports' } : { field: 'ports', detail });
}

/** The engine's port errors rarely name the port where Berth's generic mapping finds it; find it among those asked for. */
export function portError(e: BerthError, asked: readonly number[]): BerthError {
  if (e.code !== 'PORT_IN_USE') return e;
  const text = e.detail ?? e.message;
  const found = [...text.matchAll(/(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]*\]|::):(\d+)/g)].map((m) => Number(m[1]));
  const port = found.find((p) => asked.includes(p)) ?? found[0] ?? asked[0];
  return port === undefined ? e : portInUse(port, e.detail);
}

/** Maps a create/start failure to what the run form can show next to the right field. */
function runError(err: unknown, spec: RunSpec, asked: readonly number[]): BerthError {
  const e = mapEngineError(err, { what: spec.name ?? spec.image });
  // The engine has the image, but for another platform than the one asked for.
  const platform = /does not match the specified platform: wanted ([^,\s]+), actual: (\S+)/.exec(e.detail ?? e.message);
  if (platform) {
    const [, wanted = '', actual = ''] = platform;
    return new BerthError('INVALID_INPUT', `Image ${spec.image} here is ${actual}, not ${wanted}: pull it for ${wanted} first (docker pull --platform ${wanted} ${spec.image}), or leave Platform blank to run ${actual}.`, { field: 'platform', detail: e.detail ?? e.message });
  }
  if (e.code === 'IMAGE_NOT_FOUND' || (e.code === 'NOT_FOUND' && /no such image/i.test(e.detail ?? ''))) {
    return new BerthError('IMAGE_NOT_FOUND', `Image ${spec.image} is not on this engine — pull it first (Run does not pull).`, { field: 'image', detail: e.detail ?? e.message });
  }
  if (e.code === 'NAME_CONFLICT') {
    return new BerthError('NAME_CONFLICT', `The name ${spec.name ?? ''} is already used by another container — pick another or leave it blank.`, { field: 'name', detail: e.detail ?? e.message });
  }
  return programError(e, spec.entrypoint?.[0]) ?? withGuessedField(portError(e, asked));
}

/** "exec: "/x": stat /x: no such file or directory" -> INVALID_INPUT on command (or entrypoint). */
function programError(e: BerthError, entrypoint?: string): BerthError | undefined {
  const exec = /exec: "([^"]+)": (?:stat [^:]*: )?([^:]+)/.exec(e.detail ?? '');
  if (!exec || (e.code !== 'INVALID_INPUT' && e.code !== 'INTERNAL')) return undefined;
  const [, program = '', why = ''] = exec;
  const field = entrypoint === program ? 'entrypoint' : 'command';
  return new BerthError('INVALID_INPUT', `The container could not start "${program}": ${why.trim()}.`, { field, detail: e.detail ?? e.message });
}

interface Inspected {
  Id: string;
  Name: string;
  HostConfig?: { PortBindings?: Record<string, EnginePortBinding[] | null> | null };
  NetworkSettings?: { Ports?: Record<string, EnginePortBinding[] | null> | null };
}

/** Bound ports from inspect: actual ones once running, else what was asked (0 = dynamic, not yet chosen). */
export function boundPorts(info: Inspected): RunResult['ports'] {
  const live = info.NetworkSettings?.Ports;
  const source = live && Object.values(live).some((v) => v && v.length > 0) ? live : (info.HostConfig?.PortBindings ?? {});
  const out: RunResult['ports'] = [];
  const seen = new Set<string>();
  for (const [key, list] of Object.entries(source)) {
    const [port = '0', protocol = 'tcp'] = key.split('/');
    for (const b of list ?? []) {
      const hostPort = /^\d+$/.test(b.HostPort) ? Number(b.HostPort) : 0;
      const row = { containerPort: Number(port), protocol, hostIp: b.HostIp, hostPort };
      const k = JSON.stringify(row);
      if (!seen.has(k)) out.push(row);
      seen.add(k);
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => a.containerPort - b.containerPort || cmp(a.protocol, b.protocol) || cmp(a.hostIp, b.hostIp));
}

/** Whether the engine's host ports are this machine's ports (so a pre-flight bind test means something). */
function portsAreLocal(ctx: CoreContext): boolean {
  const kind = ctx.conn.endpoint.kind;
  return kind === 'socket' || kind === 'pipe' || kind === 'vm';
}

export class Runner {
  constructor(private readonly ctx: CoreContext) {}

  /** Under WSL2 the window may name a bind by its Windows path: it becomes /mnt/<drive>/… as WSL mounts it. */
  private forWsl(spec: RunSpec): RunSpec {
    if (!this.ctx.vm?.translatesWindowsPaths || this.ctx.conn.endpoint.kind !== 'vm') return spec;
    return { ...spec, mounts: spec.mounts.map((m) => (m.type === 'bind' && m.source ? { ...m, source: toWslPath(m.source) } : m)) };
  }

  /** On the Berth VM a bind of a host folder the VM does not share would mount an empty guest directory: refuse it on its field. */
  private refuseUnsharedBinds(spec: RunSpec): void {
    const vm = this.ctx.vm;
    if (!vm || this.ctx.conn.endpoint.kind !== 'vm') return;
    spec.mounts.forEach((m, i) => {
      const refused = m.type === 'bind' && m.source ? vm.unsharedBind([m.source]) : undefined;
      if (refused) throw invalidInput(`mounts.${i}.source`, refused.message);
    });
  }

  async create(spec: RunSpec): Promise<RunResult> {
    const { id, warnings } = await this.createOnly(spec, false);
    const info = (await this.ctx.docker.getContainer(id).inspect()) as unknown as Inspected;
    return { id, name: info.Name.replace(/^\//, ''), warnings, ports: boundPorts(info) };
  }

  async run(spec: RunSpec): Promise<RunResult> {
    const { id, warnings, asked, body } = await this.createOnly(spec, true);
    const c = this.ctx.docker.getContainer(id);
    // The name is read before start only when it may be gone after: an unnamed --rm container that exits at once.
    let name = spec.name?.replace(/^\//, '');
    try {
      if (name === undefined && spec.autoRemove) name = ((await c.inspect()) as unknown as Inspected).Name.replace(/^\//, '');
      await c.start();
    } catch (err) {
      await c.remove({ force: true, v: true }).catch((e: unknown) => log.warn(`could not remove ${id.slice(0, 12)} after a failed start`, e));
      throw runError(err, spec, asked);
    }
    try {
      const info = (await c.inspect()) as unknown as Inspected;
      return { id, name: name ?? info.Name.replace(/^\//, ''), warnings, ports: boundPorts(info) };
    } catch {
      // --rm and already gone: report what was asked.
      const shown = name ?? id.slice(0, 12);
      return { id, name: shown, warnings, ports: boundPorts({ Id: id, Name: shown, HostConfig: { PortBindings: body.HostConfig.PortBindings } }) };
    }
  }

  private async createOnly(asked0: RunSpec, preflight: boolean): Promise<{ id: string; warnings: string[]; asked: number[]; body: CreateBody }> {
    const spec = this.forWsl(asked0);
    this.refuseUnsharedBinds(spec);
    const env = await resolveSpecEnv(spec);
    const body = buildCreateBody(spec, env);
    const fixed = fixedHostPorts(body);
    const asked = fixed.map((p) => p.hostPort);
    if (preflight && portsAreLocal(this.ctx)) {
      for (const p of fixed) {
        if (p.protocol !== 'sctp' && (await hostPortTaken(p.hostIp, p.hostPort, p.protocol))) throw portInUse(p.hostPort);
      }
    }
    const query: Record<string, unknown> = {};
    if (spec.name) query.name = spec.name.replace(/^\//, '');
    if (spec.platform) query.platform = normalizePlatform(spec.platform);
    try {
      const res = await dial<{ Id: string; Warnings?: string[] | null }>(this.ctx.docker, {
        path: '/containers/create',
        method: 'POST',
        query,
        body,
        statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such image', 409: 'conflict', 500: 'server error' },
      });
      log.info(`created ${res.Id.slice(0, 12)} from ${spec.image}${spec.name ? ` as ${spec.name}` : ''}`);
      return { id: res.Id, warnings: res.Warnings ?? [], asked, body };
    } catch (err) {
      throw runError(err, spec, asked);
    }
  }
}

/** For `containers.start`: the same port wording as run. */
export function startError(err: unknown, what: string): BerthError {
  const e = mapEngineError(err, { what });
  return programError(e) ?? withGuessedField(portError(e, []));
}
