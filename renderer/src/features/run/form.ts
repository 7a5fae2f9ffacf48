// The run form's view model: what the person types (strings and rows), the empty form, and a form from a RunSpec (prefill, paste).
import type { MountSpec, PortMapping, Protocol, RunSpecInput } from '../../../../app/runspec.js';
import { formatEnvLine, parseEnvLine } from '../../../../app/parse/env.js';
import { joinShellWords } from '../../../../app/parse/shellwords.js';
import { formatCpus, formatMemorySwap, formatSize } from '../../../../app/parse/sizes.js';

export interface PortRow {
  hostIp: string;
  /** Blank: any free port. A range (`8000-8010`) is allowed. */
  hostPort: string;
  containerPort: string;
  protocol: Protocol;
}
export interface EnvRow {
  key: string;
  value: string;
}
export interface MountRow {
  type: MountSpec['type'];
  source: string;
  target: string;
  readOnly: boolean;
}
export interface KvRow {
  key: string;
  value: string;
}

export type RestartName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface RunForm {
  image: string;
  name: string;
  /** Arguments after the image, as shell words. */
  command: string;
  /** `-ti`: an interactive terminal attached in the window. */
  terminal: boolean;
  autoRemove: boolean;
  ports: PortRow[];
  publishAll: boolean;
  memory: string;
  memorySwap: string;
  cpus: string;
  cpuShares: string;
  env: EnvRow[];
  mounts: MountRow[];
  network: string;
  networkAliases: string;
  restart: RestartName;
  restartRetries: string;
  /** Blank: Berth's default (json-file, rotated). */
  logDriver: string;
  logOpts: KvRow[];
  labels: KvRow[];
  entrypoint: string;
  pidMode: string;
  ipcMode: string;
  utsMode: string;
  usernsMode: string;
  hostname: string;
  user: string;
  workdir: string;
  privileged: boolean;
  capAdd: string;
  capDrop: string;
  /** `--platform os/arch[/variant]`; blank: the engine's choice. Shown when the image's platform is not the engine's. */
  platform: string;
}

export function emptyForm(image = ''): RunForm {
  return {
    image, name: '', command: '', terminal: false, autoRemove: false, ports: [], publishAll: false,
    memory: '', memorySwap: '', cpus: '', cpuShares: '', env: [], mounts: [], network: '', networkAliases: '',
    restart: 'no', restartRetries: '', logDriver: '', logOpts: [], labels: [], entrypoint: '',
    pidMode: '', ipcMode: '', utsMode: '', usernsMode: '', hostname: '', user: '', workdir: '', privileged: false, capAdd: '', capDrop: '', platform: '',
  };
}

export const emptyPortRow = (containerPort = '', hostPort = ''): PortRow => ({ hostIp: '', hostPort, containerPort, protocol: 'tcp' });

function portRow(p: PortMapping): PortRow {
  const range = (a?: number, b?: number) => (a === undefined ? '' : b !== undefined && b !== a ? `${a}-${b}` : String(a));
  return { hostIp: p.hostIp ?? '', hostPort: range(p.hostPort, p.hostPortEnd), containerPort: range(p.containerPort, p.containerPortEnd), protocol: p.protocol ?? 'tcp' };
}

function envRow(line: string): EnvRow {
  try {
    const e = parseEnvLine(line);
    return { key: e.name, value: e.value ?? '' };
  } catch {
    const eq = line.indexOf('=');
    return eq === -1 ? { key: line, value: '' } : { key: line.slice(0, eq), value: line.slice(eq + 1) };
  }
}

const safe = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback;
  }
};

/** A form showing `spec` (a prefill from an image row, or a pasted `docker run` line). */
export function formFromSpec(spec: Partial<RunSpecInput>): RunForm {
  const f = emptyForm(spec.image ?? '');
  f.name = spec.name ?? '';
  f.command = spec.command ? joinShellWords(spec.command) : '';
  f.terminal = Boolean(spec.tty && spec.interactive);
  f.autoRemove = spec.autoRemove ?? false;
  f.ports = (spec.ports ?? []).map((p) => portRow({ ...p, protocol: p.protocol ?? 'tcp' }));
  f.publishAll = spec.publishAll ?? false;
  if (spec.memory !== undefined) f.memory = safe(() => formatSize(spec.memory as number), String(spec.memory));
  if (spec.memorySwap !== undefined) f.memorySwap = safe(() => formatMemorySwap(spec.memorySwap as number), String(spec.memorySwap));
  if (spec.cpus !== undefined) f.cpus = safe(() => formatCpus(spec.cpus as number), String(spec.cpus));
  if (spec.cpuShares !== undefined) f.cpuShares = String(spec.cpuShares);
  f.env = (spec.env ?? []).map(envRow);
  f.mounts = (spec.mounts ?? []).map((m) => ({ type: m.type, source: m.source ?? '', target: m.target, readOnly: m.readOnly ?? false }));
  f.network = spec.network ?? '';
  f.networkAliases = (spec.networkAliases ?? []).join(', ');
  if (spec.restart) {
    f.restart = spec.restart.name;
    f.restartRetries = spec.restart.maximumRetryCount !== undefined ? String(spec.restart.maximumRetryCount) : '';
  }
  if (spec.log) {
    f.logDriver = spec.log.driver;
    f.logOpts = Object.entries(spec.log.options ?? {}).map(([key, value]) => ({ key, value }));
  }
  f.labels = Object.entries(spec.labels ?? {}).map(([key, value]) => ({ key, value }));
  f.entrypoint = spec.entrypoint ? joinShellWords(spec.entrypoint) : '';
  f.pidMode = spec.pidMode ?? '';
  f.ipcMode = spec.ipcMode ?? '';
  f.utsMode = spec.utsMode ?? '';
  f.usernsMode = spec.usernsMode ?? '';
  f.hostname = spec.hostname ?? '';
  f.user = spec.user ?? '';
  f.workdir = spec.workdir ?? '';
  f.privileged = spec.privileged ?? false;
  f.capAdd = (spec.capAdd ?? []).join(', ');
  f.capDrop = (spec.capDrop ?? []).join(', ');
  f.platform = spec.platform ?? '';
  return f;
}

/** Env rows as `KEY=value` lines (for display). */
export function envLines(rows: readonly EnvRow[]): string[] {
  return rows.filter((r) => r.key !== '').map((r) => safe(() => formatEnvLine({ name: r.key, value: r.value }), `${r.key}=${r.value}`));
}
