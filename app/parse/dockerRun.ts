// A pasted `docker run …` line to a RunSpec and back (the canonical command shown under the run form).
import { invalidInput } from '../errors.js';
import { assertRunSpec } from '../run-rules.js';
import { RunSpec } from '../runspec.js';
import { formatEnvLine, parseEnvLine } from './env.js';
import { parseImageRef } from './imageRef.js';
import { formatLabels, parseLabel } from './labels.js';
import { formatMountFlag, parseMountSpec, parseTmpfsSpec, parseVolumeSpec } from './mounts.js';
import { normalizePlatform } from './platform.js';
import { formatPortSpec, parsePortSpec } from './ports.js';
import { lookupLong, lookupShort, type RunFlag } from './runFlags.js';
import {
  formatRestartPolicy,
  parseCapability,
  parseContainerName,
  parseCpuShares,
  parseNamespaceMode,
  parseNetworkAlias,
  parseNetworkFlag,
  parseRestartPolicy,
  parseWord,
  parseWorkdir,
} from './runOptions.js';
import { joinShellWords, splitShellWords } from './shellwords.js';
import { formatCpus, formatMemorySwap, formatSize, parseCpus, parseMemorySwap, parseSize } from './sizes.js';

function parseBool(flag: string, v: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw invalidInput('command', `${flag}=${v}: "${v}" is not true or false`);
}

/** A RunSpec with every default filled in, as the run form starts. */
function emptySpec(image: string): RunSpec {
  return {
    image, tty: false, interactive: false, autoRemove: false, ports: [], publishAll: false, env: [], envFiles: [],
    mounts: [], networkAliases: [], labels: {}, privileged: false, capAdd: [], capDrop: [],
  };
}

interface Draft {
  spec: RunSpec;
  labels: Map<string, string>;
  logOpts: Map<string, string>;
  logDriver?: string;
  networkSeen?: string;
}

function apply(d: Draft, flag: RunFlag, value: string): void {
  const s = d.spec;
  switch (flag) {
    case 'detach': return; // RunSpec has no detach: see formatRunArgs.
    case 'tty': s.tty = parseBool('--tty', value); return;
    case 'interactive': s.interactive = parseBool('--interactive', value); return;
    case 'rm': s.autoRemove = parseBool('--rm', value); return;
    case 'publish-all': s.publishAll = parseBool('--publish-all', value); return;
    case 'privileged': s.privileged = parseBool('--privileged', value); return;
    case 'name': if (value === '') delete s.name; else s.name = parseContainerName(value); return;
    case 'publish': s.ports.push(parsePortSpec(value)); return;
    case 'memory': s.memory = parseSize(value, 'memory'); return;
    case 'memory-swap': s.memorySwap = parseMemorySwap(value); return;
    case 'cpu-shares': s.cpuShares = parseCpuShares(value); return;
    case 'cpus': s.cpus = parseCpus(value); return;
    case 'env': s.env.push(formatEnvLine(parseEnvLine(value))); return;
    case 'env-file':
      if (value === '') throw invalidInput('envFiles', '--env-file needs the path of a file');
      s.envFiles.push(value);
      return;
    case 'volume': s.mounts.push(parseVolumeSpec(value)); return;
    case 'mount': s.mounts.push(parseMountSpec(value)); return;
    case 'tmpfs': s.mounts.push(parseTmpfsSpec(value)); return;
    case 'network': {
      const n = parseNetworkFlag(value);
      if (d.networkSeen !== undefined) {
        throw invalidInput('network', `Berth connects a container to one network at start; got --network ${d.networkSeen} and --network ${value}`);
      }
      d.networkSeen = value;
      s.network = n.network;
      s.networkAliases.push(...n.aliases);
      return;
    }
    case 'network-alias': s.networkAliases.push(parseNetworkAlias(value)); return;
    case 'restart': s.restart = parseRestartPolicy(value); return;
    case 'log-driver':
      if (value === '') d.logDriver = undefined;
      else d.logDriver = parseWord(value, 'log', 'Log driver');
      return;
    case 'log-opt': {
      const eq = value.indexOf('=');
      const key = eq === -1 ? value : value.slice(0, eq);
      if (key === '') throw invalidInput('log', `Log option "${value}" has no name before "="; write e.g. max-size=10m`);
      d.logOpts.set(key, eq === -1 ? '' : value.slice(eq + 1));
      return;
    }
    case 'pid': setOptional(s, 'pidMode', parseNamespaceMode('pid', value)); return;
    case 'ipc': setOptional(s, 'ipcMode', parseNamespaceMode('ipc', value)); return;
    case 'uts': setOptional(s, 'utsMode', parseNamespaceMode('uts', value)); return;
    case 'userns': setOptional(s, 'usernsMode', parseNamespaceMode('userns', value)); return;
    case 'hostname': setOptional(s, 'hostname', parseWord(value, 'hostname', 'Hostname')); return;
    case 'workdir': setOptional(s, 'workdir', parseWorkdir(value)); return;
    case 'user': setOptional(s, 'user', parseWord(value, 'user', 'User')); return;
    case 'label': {
      const { key, value: v } = parseLabel(value);
      d.labels.set(key, v);
      return;
    }
    case 'cap-add': s.capAdd.push(parseCapability(value, 'capAdd')); return;
    case 'cap-drop': s.capDrop.push(parseCapability(value, 'capDrop')); return;
    // docker passes --entrypoint as one executable (never split); "" clears the image's entrypoint.
    case 'entrypoint': s.entrypoint = value === '' ? [] : [value]; return;
    case 'platform': if (value === '') delete s.platform; else s.platform = normalizePlatform(value); return;
  }
}

type OptionalKey = 'pidMode' | 'ipcMode' | 'utsMode' | 'usernsMode' | 'hostname' | 'workdir' | 'user';
function setOptional(s: RunSpec, key: OptionalKey, v: string | undefined): void {
  if (v === undefined) Reflect.deleteProperty(s, key);
  else s[key] = v;
}

/** Checks across flags, as the CLI and engine make them, then the schema itself. */
function finish(d: Draft): RunSpec {
  const s = d.spec;
  if (d.labels.size > 0) s.labels = Object.fromEntries(d.labels);
  if (d.logDriver !== undefined || d.logOpts.size > 0) {
    // Options without --log-driver are read as json-file options: Berth's engine default (DEFAULT_LOG_CONFIG).
    s.log = { driver: d.logDriver ?? 'json-file', options: Object.fromEntries(d.logOpts) };
  }
  assertRunSpec(s, 'command');
  const checked = RunSpec.safeParse(s);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw invalidInput(String(issue?.path[0] ?? 'command'), `The command does not make a valid container: ${issue?.message ?? 'invalid'}`);
  }
  return s;
}

/** Parses the words after `docker run`: flags, then IMAGE, then the command and its arguments. */
export function parseRunArgs(args: readonly string[]): RunSpec {
  const d: Draft = { spec: emptySpec(''), labels: new Map(), logOpts: new Map() };
  let i = 0;
  const valueFor = (shown: string): string => {
    const v = args[++i];
    if (v === undefined) throw invalidInput('command', `Flag ${shown} needs a value`);
    return v;
  };
  for (; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const def = lookupLong(name, arg);
      if (def.bool) apply(d, def.flag, eq === -1 ? 'true' : arg.slice(eq + 1));
      else apply(d, def.flag, eq === -1 ? valueFor(`--${name}`) : arg.slice(eq + 1));
    } else if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of shorthands (-it, -dp 80:80, -p8080:80, -e=A=1), read like spf13/pflag.
      for (let j = 1; j < arg.length; j++) {
        const def = lookupShort(arg[j] ?? '', arg);
        const rest = arg.slice(j + 1);
        const attached = rest.startsWith('=') ? rest.slice(1) : rest;
        if (def.bool) {
          if (rest.startsWith('=')) {
            apply(d, def.flag, attached);
            break;
          }
          apply(d, def.flag, 'true');
        } else {
          apply(d, def.flag, rest !== '' ? attached : valueFor(`-${arg[j] ?? ''}`));
          break;
        }
      }
    } else break;
  }
  const image = args[i];
  if (image === undefined) throw invalidInput('image', 'No image given: write the image after the flags, e.g. docker run -d nginx');
  parseImageRef(image, 'image');
  d.spec.image = image;
  const command = args.slice(i + 1);
  if (command.length > 0) d.spec.command = command;
  return finish(d);
}

/**
 * Parses a pasted `docker run …` or `docker container run …` line (also with a leading `$ ` prompt
 * or `sudo`, and spread over lines with `\`). Flags covered are listed in runFlags.ts; others are
 * refused by name.
 */
export function parseDockerRun(line: string): RunSpec {
  const words = splitShellWords(line, 'command');
  let k = 0;
  if (words[k] === '$') k++;
  if (words[k] === 'sudo') k++;
  const start = words.slice(k, k + 3);
  if (start[0] === 'docker' && start[1] === 'run') k += 2;
  else if (start[0] === 'docker' && start[1] === 'container' && start[2] === 'run') k += 3;
  else {
    const shown = start.slice(0, 2).join(' ');
    throw invalidInput('command', `The command must start with "docker run" (or "docker container run"), not "${shown}"`);
  }
  return parseRunArgs(words.slice(k));
}

/**
 * The canonical words after `docker run` for a spec. Detach: RunSpec has no `detach` field, so a
 * container is shown with `-d` unless it is an interactive terminal session (`-it`), which is how
 * Berth runs it (attached to an embedded terminal). Multi-word entrypoints cannot be said with
 * `--entrypoint` and are refused.
 */
export function formatRunArgs(spec: RunSpec): string[] {
  const out: string[] = [];
  const add = (flag: string, value?: string): void => {
    out.push(flag);
    if (value !== undefined) out.push(value);
  };
  if (spec.tty && spec.interactive) add('-it');
  else {
    add('-d');
    if (spec.interactive) add('-i');
    if (spec.tty) add('-t');
  }
  if (spec.autoRemove) add('--rm');
  if (spec.name !== undefined && spec.name !== '') add('--name', parseContainerName(spec.name));
  if (spec.platform !== undefined && spec.platform !== '') add('--platform', normalizePlatform(spec.platform));
  if (spec.hostname !== undefined && spec.hostname !== '') add('--hostname', spec.hostname);
  if (spec.user !== undefined && spec.user !== '') add('--user', spec.user);
  if (spec.workdir !== undefined && spec.workdir !== '') add('--workdir', spec.workdir);
  if (spec.entrypoint !== undefined) {
    if (spec.entrypoint.length > 1) {
      throw invalidInput('entrypoint', '--entrypoint takes a single executable; put its arguments at the start of the command');
    }
    add('--entrypoint', spec.entrypoint[0] ?? '');
  }
  for (const p of spec.ports) add('-p', formatPortSpec(p));
  if (spec.publishAll) add('-P');
  for (const e of spec.env) add('-e', formatEnvLine(parseEnvLine(e)));
  for (const f of spec.envFiles) add('--env-file', f);
  for (const m of spec.mounts) {
    const { flag, value } = formatMountFlag(m);
    add(flag, value);
  }
  if (spec.network !== undefined && spec.network !== '') add('--network', spec.network);
  for (const a of spec.networkAliases) add('--network-alias', parseNetworkAlias(a));
  if (spec.restart !== undefined) add('--restart', formatRestartPolicy(spec.restart));
  if (spec.memory !== undefined) add('--memory', formatSize(spec.memory, 'memory'));
  if (spec.memorySwap !== undefined) add('--memory-swap', formatMemorySwap(spec.memorySwap));
  if (spec.cpus !== undefined) add('--cpus', formatCpus(spec.cpus));
  if (spec.cpuShares !== undefined) add('--cpu-shares', String(spec.cpuShares));
  for (const l of formatLabels(spec.labels)) add('--label', l);
  if (spec.log !== undefined) {
    add('--log-driver', spec.log.driver);
    for (const k of Object.keys(spec.log.options).sort()) add('--log-opt', `${k}=${spec.log.options[k] ?? ''}`);
  }
  if (spec.pidMode !== undefined && spec.pidMode !== '') add('--pid', spec.pidMode);
  if (spec.ipcMode !== undefined && spec.ipcMode !== '') add('--ipc', spec.ipcMode);
  if (spec.utsMode !== undefined && spec.utsMode !== '') add('--uts', spec.utsMode);
  if (spec.usernsMode !== undefined && spec.usernsMode !== '') add('--userns', spec.usernsMode);
  if (spec.privileged) add('--privileged');
  for (const c of spec.capAdd) add('--cap-add', c);
  for (const c of spec.capDrop) add('--cap-drop', c);
  out.push(spec.image, ...(spec.command ?? []));
  // Reading the words back checks every value and the rules across flags (e.g. --rm with --restart).
  parseRunArgs(out);
  return out;
}

/** The equivalent canonical `docker run …` line, quoted for a POSIX shell. parseDockerRun reads it back to the same spec. */
export function formatDockerRun(spec: RunSpec): string {
  return joinShellWords(['docker', 'run', ...formatRunArgs(spec)]);
}
