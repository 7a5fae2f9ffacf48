// Pure: turns a validated RunSpec into the engine's container-create body, rejecting what the engine would refuse.
import { BerthError, invalidInput } from '../../../app/errors.js';
import { parseEnvFile } from '../../../app/parse/env.js';
import { expandPortMapping, portKey } from '../../../app/parse/ports.js';
import { parseContainerName } from '../../../app/parse/runOptions.js';
import { assertRunSpec } from '../../../app/run-rules.js';
import { DEFAULT_LOG_CONFIG, type RunSpec } from '../../../app/runspec.js';

/** One engine port binding value: HostPort '' means "any free port", '8000-8010' a host range. */
export interface EnginePortBinding {
  HostIp: string;
  HostPort: string;
}

interface EngineMount {
  Type: 'bind' | 'volume' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
}

/** The body of POST /containers/create (only what Berth sets). */
export interface CreateBody {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  Env: string[];
  Labels: Record<string, string>;
  Hostname?: string;
  WorkingDir?: string;
  User?: string;
  ExposedPorts: Record<string, Record<string, never>>;
  HostConfig: {
    PortBindings: Record<string, EnginePortBinding[]>;
    PublishAllPorts: boolean;
    Memory?: number;
    MemorySwap?: number;
    CpuShares?: number;
    NanoCpus?: number;
    Binds: string[];
    Mounts: EngineMount[];
    NetworkMode?: string;
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
    LogConfig: { Type: string; Config: Record<string, string> };
    PidMode?: string;
    IpcMode?: string;
    UTSMode?: string;
    UsernsMode?: string;
    Privileged: boolean;
    CapAdd: string[];
    CapDrop: string[];
    AutoRemove: boolean;
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

/** A container name as the engine takes it (also for rename); throws INVALID_INPUT on `field`. */
export function validateName(name: string, field = 'name'): void {
  parseContainerName(name, field);
}

/** An env file's variables, like the docker CLI: `KEY=value` literal, a bare `KEY` taken from `lookup` or dropped. */
export function envFromFile(text: string, lookup: (k: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const e of parseEnvFile(text, 'envFiles')) {
    const value = e.value ?? lookup(e.name);
    if (value !== undefined) out.push(`${e.name}=${value}`);
  }
  return out;
}

/** `-e KEY=v` kept; `-e KEY` takes the core's own value when it has one (docker CLI's ValidateEnv). */
export function resolveEnv(env: readonly string[], lookup: (k: string) => string | undefined): string[] {
  return env.map((e, i) => {
    const eq = e.indexOf('=');
    const key = eq === -1 ? e : e.slice(0, eq);
    if (key === '') throw invalidInput('env', `Environment entry ${i + 1} ("${e}") has no variable name.`);
    if (eq !== -1) return e;
    const v = lookup(key);
    return v === undefined ? e : `${key}=${v}`;
  });
}

function buildPorts(spec: RunSpec, body: CreateBody): void {
  spec.ports.forEach((m) => {
    for (const b of expandPortMapping(m, 'ports')) {
      const key = portKey(b.containerPort, b.protocol);
      body.ExposedPorts[key] = {};
      let hostPort = '';
      if (b.hostPort !== undefined) hostPort = b.hostPortEnd !== undefined ? `${b.hostPort}-${b.hostPortEnd}` : String(b.hostPort);
      (body.HostConfig.PortBindings[key] ??= []).push({ HostIp: b.hostIp ?? '', HostPort: hostPort });
    }
  });
}

/** Mounts into the body. The shared rules (app/run-rules.ts) ran first; a bind source here is what reaches the engine (after WSL translation). */
function buildMounts(spec: RunSpec, body: CreateBody): void {
  spec.mounts.forEach((m, i) => {
    const field = `mounts.${i}`;
    if (m.type === 'bind') {
      const source = m.source ?? '';
      if (!source.startsWith('/')) throw invalidInput(`${field}.source`, `Host path "${source}" must be absolute.`);
      if (source.includes(':') || m.target.includes(':')) throw invalidInput(`${field}.source`, 'Paths of a bind mount may not contain ":".');
      body.HostConfig.Binds.push(`${source}:${m.target}${m.readOnly ? ':ro' : ''}`);
    } else if (m.type === 'volume') {
      const mount: EngineMount = { Type: 'volume', Target: m.target };
      if (m.source) mount.Source = m.source;
      if (m.readOnly) mount.ReadOnly = true;
      body.HostConfig.Mounts.push(mount);
    } else {
      body.HostConfig.Mounts.push(m.readOnly ? { Type: 'tmpfs', Target: m.target, ReadOnly: true } : { Type: 'tmpfs', Target: m.target });
    }
  });
}

/** Checks what the engine would refuse (the run rules, app/run-rules.ts), naming the field; throws INVALID_INPUT. */
export function validateRunSpec(spec: RunSpec): void {
  assertRunSpec(spec, 'run');
}

/** The create body for a spec; `env` is the final environment (env files, then `env`, already resolved). */
export function buildCreateBody(spec: RunSpec, env: string[]): CreateBody {
  validateRunSpec(spec);
  const log = spec.log ?? DEFAULT_LOG_CONFIG;
  const body: CreateBody = {
    Image: spec.image,
    Tty: spec.tty,
    OpenStdin: spec.interactive,
    StdinOnce: spec.interactive,
    AttachStdin: spec.interactive,
    AttachStdout: spec.interactive,
    AttachStderr: spec.interactive,
    Env: env,
    Labels: { ...spec.labels },
    ExposedPorts: {},
    HostConfig: {
      PortBindings: {},
      PublishAllPorts: spec.publishAll,
      Binds: [],
      Mounts: [],
      LogConfig: { Type: log.driver, Config: { ...log.options } },
      Privileged: spec.privileged,
      CapAdd: [...spec.capAdd],
      CapDrop: [...spec.capDrop],
      AutoRemove: spec.autoRemove,
    },
  };
  if (spec.command !== undefined) body.Cmd = [...spec.command];
  if (spec.entrypoint !== undefined) body.Entrypoint = [...spec.entrypoint];
  if (spec.hostname) body.Hostname = spec.hostname;
  if (spec.workdir) body.WorkingDir = spec.workdir;
  if (spec.user) body.User = spec.user;
  const hc = body.HostConfig;
  if (spec.memory !== undefined) hc.Memory = spec.memory;
  if (spec.memorySwap !== undefined) hc.MemorySwap = spec.memorySwap;
  if (spec.cpuShares !== undefined) hc.CpuShares = spec.cpuShares;
  if (spec.cpus !== undefined) hc.NanoCpus = Math.round(spec.cpus * 1e9);
  if (spec.network) hc.NetworkMode = spec.network;
  if (spec.restart) {
    hc.RestartPolicy = { Name: spec.restart.name };
    if (spec.restart.name === 'on-failure' && spec.restart.maximumRetryCount !== undefined) hc.RestartPolicy.MaximumRetryCount = spec.restart.maximumRetryCount;
  }
  if (spec.pidMode) hc.PidMode = spec.pidMode;
  if (spec.ipcMode) hc.IpcMode = spec.ipcMode;
  if (spec.utsMode) hc.UTSMode = spec.utsMode;
  if (spec.usernsMode) hc.UsernsMode = spec.usernsMode;
  buildPorts(spec, body);
  buildMounts(spec, body);
  if (spec.network && spec.networkAliases.length > 0) {
    body.NetworkingConfig = { EndpointsConfig: { [spec.network]: { Aliases: [...spec.networkAliases] } } };
  }
  return body;
}

/** The fixed host ports a body asks for (dynamic ones and host ranges excluded): what a pre-flight check can test. */
export function fixedHostPorts(body: CreateBody): { hostIp: string; hostPort: number; protocol: 'tcp' | 'udp' | 'sctp' }[] {
  const out: { hostIp: string; hostPort: number; protocol: 'tcp' | 'udp' | 'sctp' }[] = [];
  for (const [key, list] of Object.entries(body.HostConfig.PortBindings)) {
    const protocol = (key.split('/')[1] ?? 'tcp') as 'tcp' | 'udp' | 'sctp';
    for (const b of list) if (/^\d+$/.test(b.HostPort)) out.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort), protocol });
  }
  return out;
}

/** The engine's 400 messages name no field; guess it from the words so the form can point at it. */
export function guessField(detail: string): string | undefined {
  const rules: [RegExp, string][] = [
    [/memory.?swap|memoryswap/i, 'memorySwap'],
    [/memory/i, 'memory'],
    [/nanocpus|range of cpus|cpus/i, 'cpus'],
    [/cpu.?shares/i, 'cpuShares'],
    [/port/i, 'ports'],
    [/capabilit/i, 'capAdd'],
    [/log(ging)? ?(driver|opt)|logger|log-opt|max-size|max-file/i, 'log'],
    [/restart/i, 'restart'],
    [/alias/i, 'networkAliases'],
    [/network/i, 'network'],
    [/mount|bind|volume|tmpfs/i, 'mounts'],
    [/hostname/i, 'hostname'],
    [/working dir/i, 'workdir'],
    [/pid mode|pidmode/i, 'pidMode'],
    [/ipc/i, 'ipcMode'],
    [/uts/i, 'utsMode'],
    [/userns/i, 'usernsMode'],
    [/invalid reference format|image/i, 'image'],
  ];
  return rules.find(([re]) => re.test(detail))?.[1];
}

/** Re-labels an INVALID_INPUT from the engine with the field it most likely concerns. */
export function withGuessedField(e: BerthError): BerthError {
  if (e.code !== 'INVALID_INPUT' || e.field) return e;
  const field = guessField(e.detail ?? e.message);
  if (!field) return e;
  const opts: { field: string; detail?: string } = { field };
  if (e.detail !== undefined) opts.detail = e.detail;
  return new BerthError('INVALID_INPUT', e.message, opts);
}
