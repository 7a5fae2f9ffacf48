// Run form -> RunSpec: every value checked with the contract's parsers, each error keyed to the field it concerns.
import { BerthError } from '../../../../app/errors.js';
import { formatRunArgs } from '../../../../app/parse/dockerRun.js';
import { parseImageRef } from '../../../../app/parse/imageRef.js';
import { normalizePlatform } from '../../../../app/parse/platform.js';
import { parseCapability, parseContainerName, parseCpuShares, parseNetworkAlias, parseWord } from '../../../../app/parse/runOptions.js';
import { joinShellWords, splitShellWords } from '../../../../app/parse/shellwords.js';
import { parseCpus, parseMemorySwap, parseSize } from '../../../../app/parse/sizes.js';
import { checkRunSpec } from '../../../../app/run-rules.js';
import { RunSpec } from '../../../../app/runspec.js';
import { formFieldOf, type SpecRows } from './fields.js';
import type { RunForm } from './form.js';
import { addPorts, addRows, type Check } from './toRequestRows.js';

/** Field key (`name`, `ports.0.hostPort`, `env.2`, …) -> message a person can act on. */
export type FormErrors = Record<string, string>;

export interface Built {
  spec?: RunSpec | undefined;
  errors: FormErrors;
  /** The equivalent `docker run` words, when the form is valid. */
  args?: string[] | undefined;
}

function words(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

function addResources(f: RunForm, spec: RunSpec, check: Check): void {
  const memory = f.memory.trim() === '' ? undefined : check('memory', () => parseSize(f.memory.trim(), 'memory'));
  if (memory !== undefined) spec.memory = memory;
  const swap = f.memorySwap.trim() === '' ? undefined : check('memorySwap', () => parseMemorySwap(f.memorySwap.trim()));
  if (swap !== undefined) spec.memorySwap = swap;
  const cpus = f.cpus.trim() === '' ? undefined : check('cpus', () => parseCpus(f.cpus.trim()));
  if (cpus !== undefined) spec.cpus = cpus;
  const shares = f.cpuShares.trim() === '' ? undefined : check('cpuShares', () => parseCpuShares(f.cpuShares.trim()));
  if (shares !== undefined) spec.cpuShares = shares;
}

function addAdvanced(f: RunForm, spec: RunSpec, check: Check): void {
  for (const field of ['pidMode', 'ipcMode', 'utsMode', 'usernsMode'] as const) {
    const v = f[field].trim();
    if (v) spec[field] = v;
  }
  const hostname = check('hostname', () => parseWord(f.hostname.trim(), 'hostname', 'Hostname'));
  if (hostname) spec.hostname = hostname;
  const user = check('user', () => parseWord(f.user.trim(), 'user', 'User'));
  if (user) spec.user = user;
  if (f.workdir.trim()) spec.workdir = f.workdir.trim();
  for (const c of words(f.capAdd)) {
    const v = check('capAdd', () => parseCapability(c, 'capAdd'));
    if (v) spec.capAdd.push(v);
  }
  for (const c of words(f.capDrop)) {
    const v = check('capDrop', () => parseCapability(c, 'capDrop'));
    if (v) spec.capDrop.push(v);
  }
}

/** Builds the spec; collects every error instead of stopping at the first. */
export function toRunSpec(f: RunForm): Built {
  const errors: FormErrors = {};
  const check: Check = (field, fn) => {
    try {
      return fn();
    } catch (e) {
      errors[field] = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  };
  const spec: RunSpec = {
    image: f.image.trim(), tty: f.terminal, interactive: f.terminal, autoRemove: f.autoRemove, ports: [], publishAll: f.publishAll,
    env: [], envFiles: [], mounts: [], networkAliases: [], labels: {}, privileged: f.privileged, capAdd: [], capDrop: [],
  };
  const rows: SpecRows = { ports: [], mounts: [], env: [] };

  if (spec.image === '') errors.image = 'Choose an image to run, e.g. busybox or nginx:1.27';
  else check('image', () => parseImageRef(spec.image, 'image'));
  if (f.name.trim() !== '') {
    const n = check('name', () => parseContainerName(f.name.trim()));
    if (n) spec.name = n;
  }
  if (f.command.trim() !== '') {
    const c = check('command', () => splitShellWords(f.command, 'command'));
    if (c && c.length > 0) spec.command = c;
  }
  if (f.entrypoint.trim() !== '') {
    const ep = check('entrypoint', () => splitShellWords(f.entrypoint, 'entrypoint'));
    if (ep && ep.length > 1) errors.entrypoint = 'The entrypoint is one executable; put its arguments at the start of the command';
    else if (ep) spec.entrypoint = ep;
  }
  if (f.platform.trim() !== '') {
    const p = check('platform', () => normalizePlatform(f.platform, 'platform'));
    if (p) spec.platform = p;
  }
  addPorts(f, spec, rows, errors, check);
  addResources(f, spec, check);
  if (f.network.trim() !== '') spec.network = f.network.trim();
  for (const a of words(f.networkAliases)) {
    const v = check('networkAliases', () => parseNetworkAlias(a));
    if (v) spec.networkAliases.push(v);
  }
  if (f.restart !== 'no') {
    const retries = f.restartRetries.trim();
    if (retries !== '' && f.restart !== 'on-failure') errors.restartRetries = 'Only "on failure" takes a retry count';
    else if (retries !== '' && !/^\d+$/.test(retries)) errors.restartRetries = `"${retries}" is not a whole number`;
    const counted = retries !== '' && /^\d+$/.test(retries) && f.restart === 'on-failure';
    spec.restart = { name: f.restart, ...(counted ? { maximumRetryCount: Number(retries) } : {}) };
  }
  addRows(f, spec, rows, errors, check);
  addAdvanced(f, spec, check);
  // The rules of a run (app/run-rules.ts), each on the form field it concerns; a field's own error comes first.
  for (const e of checkRunSpec(spec)) errors[formFieldOf(e.field, f, rows)] ??= e.message;

  if (Object.keys(errors).length > 0) return { errors };
  const parsed = RunSpec.safeParse(spec);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { errors: { [String(issue?.path.join('.') || 'form')]: issue?.message ?? 'Invalid' } };
  }
  try {
    return { spec: parsed.data, errors, args: formatRunArgs(parsed.data) };
  } catch (e) {
    const field = e instanceof BerthError && e.field ? e.field : 'form';
    return { errors: { [field]: e instanceof Error ? e.message : String(e) } };
  }
}

/** The live `docker run …` line under the form. */
export function commandLine(b: Built): string | undefined {
  return b.args ? joinShellWords(['docker', 'run', ...b.args]) : undefined;
}
