// Run form -> RunSpec: every value checked with the contract's parsers, each error keyed to the field it concerns.
import { BerthError } from '../../../../app/errors.js';
import { formatRunArgs } from '../../../../app/parse/dockerRun.js';
import { formatEnvLine, parseEnvLine } from '../../../../app/parse/env.js';
import { parseImageRef } from '../../../../app/parse/imageRef.js';
import { isIP } from '../../../../app/parse/ip.js';
import { parseLabel } from '../../../../app/parse/labels.js';
import { formatMountFlag } from '../../../../app/parse/mounts.js';
import { normalizePlatform } from '../../../../app/parse/platform.js';
import { parsePortSpec } from '../../../../app/parse/ports.js';
import { parseCapability, parseContainerName, parseNamespaceMode, parseNetworkAlias, parseWord, parseWorkdir } from '../../../../app/parse/runOptions.js';
import { joinShellWords, splitShellWords } from '../../../../app/parse/shellwords.js';
import { parseCpus, parseMemorySwap, parseSize } from '../../../../app/parse/sizes.js';
import { RunSpec, type MountSpec, type PortMapping } from '../../../../app/runspec.js';
import type { RunForm } from './form.js';

/** Field key (`name`, `ports.0.hostPort`, `env.2`, …) -> message a person can act on. */
export type FormErrors = Record<string, string>;

export interface Built {
  spec?: RunSpec | undefined;
  errors: FormErrors;
  /** The equivalent `docker run` words, when the form is valid. */
  args?: string[] | undefined;
}

const MIN_MEMORY = 6 * 1024 * 1024;

function words(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

/** Builds the spec; collects every error instead of stopping at the first. */
export function toRunSpec(f: RunForm): Built {
  const errors: FormErrors = {};
  const check = <T>(field: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      errors[field] = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  };
  const spec: RunSpec = {
    image: f.image.trim(), tty: false, interactive: false, autoRemove: f.autoRemove, ports: [], publishAll: f.publishAll,
    env: [], envFiles: [], mounts: [], networkAliases: [], labels: {}, privileged: f.privileged, capAdd: [], capDrop: [],
  };

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
  if (f.terminal) {
    spec.tty = true;
    spec.interactive = true;
  }

  const seenHost = new Map<string, number>();
  f.ports.forEach((p, i) => {
    const key = `ports.${i}`;
    if (!p.hostIp.trim() && !p.hostPort.trim() && !p.containerPort.trim()) return;
    const cp = p.containerPort.trim();
    if (cp === '') {
      errors[`${key}.containerPort`] = 'Which port in the container? e.g. 80';
      return;
    }
    if (!/^\d+(-\d+)?$/.test(cp)) {
      errors[`${key}.containerPort`] = `Container port "${cp}" is not a port number (1-65535) or range (8000-8010)`;
      return;
    }
    const hp = p.hostPort.trim();
    if (hp !== '' && !/^\d+(-\d+)?$/.test(hp)) {
      errors[`${key}.hostPort`] = `Host port "${hp}" is not a port number; leave it blank for any free port`;
      return;
    }
    const ip = p.hostIp.trim();
    if (ip !== '' && !isIP(ip.replace(/^\[|\]$/g, ''))) {
      errors[`${key}.hostIp`] = `"${ip}" is not an IP address; leave it blank for all addresses`;
      return;
    }
    const shownIp = ip === '' ? '' : ip.includes(':') && !ip.startsWith('[') ? `[${ip}]:` : `${ip}:`;
    const text = `${shownIp}${hp === '' && ip !== '' ? ':' : hp === '' ? '' : `${hp}:`}${cp}/${p.protocol}`;
    const m = check(`${key}.${hp ? 'hostPort' : 'containerPort'}`, () => parsePortSpec(text, key));
    if (!m) return;
    if (hp !== '') {
      const dupKey = `${ip || '*'}:${hp}/${p.protocol}`;
      const other = seenHost.get(dupKey);
      if (other !== undefined) {
        errors[`${key}.hostPort`] = `Host port ${hp}/${p.protocol} is already used by row ${other + 1}`;
        return;
      }
      seenHost.set(dupKey, i);
    }
    spec.ports.push(m as PortMapping);
  });

  if (f.memory.trim() !== '') {
    const m = check('memory', () => parseSize(f.memory.trim(), 'memory'));
    if (m !== undefined && m > 0 && m < MIN_MEMORY) errors.memory = `${f.memory.trim()} is below the engine's minimum of 6m`;
    else if (m !== undefined) spec.memory = m;
  }
  if (f.memorySwap.trim() !== '') {
    const s = check('memorySwap', () => parseMemorySwap(f.memorySwap.trim()));
    if (s !== undefined) {
      if (s > 0 && spec.memory === undefined) errors.memorySwap = 'Memory + swap needs a memory limit as well';
      else if (s > 0 && spec.memory !== undefined && s < spec.memory) errors.memorySwap = 'Memory + swap counts memory too: make it at least the memory limit';
      else spec.memorySwap = s;
    }
  }
  if (f.cpus.trim() !== '') {
    const c = check('cpus', () => parseCpus(f.cpus.trim()));
    if (c !== undefined) spec.cpus = c;
  }
  if (f.cpuShares.trim() !== '') {
    const v = f.cpuShares.trim();
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) errors.cpuShares = `CPU shares "${v}" is not a whole number (the default weight is 1024)`;
    else if (Number(v) > 0 && Number(v) < 2) errors.cpuShares = 'CPU shares must be at least 2 (the default weight is 1024)';
    else spec.cpuShares = Number(v);
  }

  f.env.forEach((e, i) => {
    if (!e.key.trim() && !e.value) return;
    const line = check(`env.${i}`, () => formatEnvLine(parseEnvLine(`${e.key.trim()}=${e.value}`, `env.${i}`), `env.${i}`));
    if (line !== undefined) spec.env.push(line);
  });

  f.mounts.forEach((m, i) => {
    if (!m.source.trim() && !m.target.trim()) return;
    const key = `mounts.${i}`;
    if (!m.target.trim()) {
      errors[key] = 'Where in the container? e.g. /data';
      return;
    }
    if (m.type === 'bind' && !m.source.trim()) {
      errors[key] = 'A bind mount needs a host folder or file, e.g. /home/me/site';
      return;
    }
    const spec1: MountSpec = { type: m.type, target: m.target.trim(), ...(m.type !== 'tmpfs' && m.source.trim() ? { source: m.source.trim() } : {}), ...(m.readOnly ? { readOnly: true } : {}) };
    if (check(key, () => formatMountFlag(spec1, key)) !== undefined) spec.mounts.push(spec1);
  });

  if (f.network.trim() !== '') {
    if (/\s/.test(f.network.trim())) errors.network = 'A network name has no spaces';
    else spec.network = f.network.trim();
  }
  for (const a of words(f.networkAliases)) {
    const v = check('networkAliases', () => parseNetworkAlias(a));
    if (v) spec.networkAliases.push(v);
  }
  if (spec.networkAliases.length > 0 && (!spec.network || ['bridge', 'host', 'none'].includes(spec.network))) {
    errors.networkAliases = 'Aliases work on a network you created; choose one above';
  }

  if (f.restart !== 'no') {
    const retries = f.restartRetries.trim();
    if (retries !== '' && f.restart !== 'on-failure') errors.restartRetries = 'Only "on failure" takes a retry count';
    else if (retries !== '' && !/^\d+$/.test(retries)) errors.restartRetries = `"${retries}" is not a whole number`;
    spec.restart = { name: f.restart, ...(retries !== '' && /^\d+$/.test(retries) && f.restart === 'on-failure' ? { maximumRetryCount: Number(retries) } : {}) };
    if (f.autoRemove) errors.restart = 'A container that restarts is never removed: turn off "Remove when stopped" or choose "no"';
  } else spec.restart = undefined;
  if (spec.restart === undefined) delete spec.restart;

  const opts: Record<string, string> = {};
  f.logOpts.forEach((o, i) => {
    if (!o.key.trim() && !o.value.trim()) return;
    if (!o.key.trim()) errors[`logOpts.${i}`] = 'Option name missing, e.g. max-size';
    else opts[o.key.trim()] = o.value.trim();
  });
  if (f.logDriver.trim() !== '') {
    const d = check('logDriver', () => parseWord(f.logDriver.trim(), 'logDriver', 'Log driver'));
    if (d) {
      if (d === 'none' && Object.keys(opts).length > 0) errors.logDriver = 'The "none" driver takes no options';
      spec.log = { driver: d, options: opts };
    }
  } else if (Object.keys(opts).length > 0) spec.log = { driver: 'json-file', options: opts };

  f.labels.forEach((l, i) => {
    if (!l.key.trim() && !l.value) return;
    const parsed = check(`labels.${i}`, () => parseLabel(`${l.key.trim()}=${l.value}`, `labels.${i}`));
    if (parsed) spec.labels[parsed.key] = parsed.value;
  });

  const ns = (flag: 'pid' | 'ipc' | 'uts' | 'userns', field: 'pidMode' | 'ipcMode' | 'utsMode' | 'usernsMode') => {
    const v = check(field, () => parseNamespaceMode(flag, f[field].trim()));
    if (v) spec[field] = v;
  };
  ns('pid', 'pidMode');
  ns('ipc', 'ipcMode');
  ns('uts', 'utsMode');
  ns('userns', 'usernsMode');
  const hostname = check('hostname', () => parseWord(f.hostname.trim(), 'hostname', 'Hostname'));
  if (hostname) spec.hostname = hostname;
  const user = check('user', () => parseWord(f.user.trim(), 'user', 'User'));
  if (user) spec.user = user;
  const workdir = check('workdir', () => parseWorkdir(f.workdir.trim()));
  if (workdir) spec.workdir = workdir;
  for (const c of words(f.capAdd)) {
    const v = check('capAdd', () => parseCapability(c, 'capAdd'));
    if (v) spec.capAdd.push(v);
  }
  for (const c of words(f.capDrop)) {
    const v = check('capDrop', () => parseCapability(c, 'capDrop'));
    if (v) spec.capDrop.push(v);
  }

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
