// The `docker run` flags Berth understands, their shorthands, and the docker flags it knows but cannot apply yet.
import { invalidInput } from '../errors.js';

/** Canonical (long) names of the flags parseDockerRun applies to a RunSpec. */
export type RunFlag =
  | 'detach' | 'tty' | 'interactive' | 'rm' | 'publish-all' | 'privileged'
  | 'name' | 'publish' | 'memory' | 'memory-swap' | 'cpu-shares' | 'cpus' | 'env' | 'env-file' | 'volume' | 'mount'
  | 'tmpfs' | 'network' | 'network-alias' | 'restart' | 'log-driver' | 'log-opt' | 'pid' | 'ipc' | 'uts' | 'userns'
  | 'hostname' | 'workdir' | 'user' | 'label' | 'cap-add' | 'cap-drop' | 'entrypoint' | 'platform';

interface FlagDef {
  flag: RunFlag;
  bool: boolean;
}

const BOOL: readonly RunFlag[] = ['detach', 'tty', 'interactive', 'rm', 'publish-all', 'privileged'];
const VALUE: readonly RunFlag[] = [
  'name', 'publish', 'memory', 'memory-swap', 'cpu-shares', 'cpus', 'env', 'env-file', 'volume', 'mount', 'tmpfs', 'network',
  'network-alias', 'restart', 'log-driver', 'log-opt', 'pid', 'ipc', 'uts', 'userns', 'hostname', 'workdir', 'user', 'label',
  'cap-add', 'cap-drop', 'entrypoint', 'platform',
];
/** Other spellings docker accepts for the same flag. */
const ALIASES: Readonly<Record<string, RunFlag>> = { net: 'network', 'net-alias': 'network-alias' };
const SHORT: Readonly<Record<string, RunFlag>> = {
  d: 'detach', t: 'tty', i: 'interactive', P: 'publish-all', p: 'publish', m: 'memory', c: 'cpu-shares', e: 'env',
  v: 'volume', h: 'hostname', w: 'workdir', u: 'user', l: 'label',
};

/** `docker run` flags (docker CLI 27/28) that Berth's RunSpec cannot carry yet: refused by name, not as unknown. */
const UNSUPPORTED = new Set([
  'add-host', 'annotation', 'attach', 'blkio-weight', 'blkio-weight-device', 'cgroup-parent', 'cgroupns', 'cidfile',
  'cpu-count', 'cpu-percent', 'cpu-period', 'cpu-quota', 'cpu-rt-period', 'cpu-rt-runtime', 'cpuset-cpus', 'cpuset-mems',
  'detach-keys', 'device', 'device-cgroup-rule', 'device-read-bps', 'device-read-iops', 'device-write-bps',
  'device-write-iops', 'disable-content-trust', 'dns', 'dns-opt', 'dns-option', 'dns-search', 'domainname', 'expose',
  'gpus', 'group-add', 'health-cmd', 'health-interval', 'health-retries', 'health-start-interval', 'health-start-period',
  'health-timeout', 'help', 'init', 'io-maxbandwidth', 'io-maxiops', 'ip', 'ip6', 'isolation', 'kernel-memory',
  'label-file', 'link', 'link-local-ip', 'mac-address', 'memory-reservation', 'memory-swappiness', 'no-healthcheck',
  'oom-kill-disable', 'oom-score-adj', 'pids-limit', 'pull', 'quiet', 'read-only', 'runtime', 'security-opt',
  'shm-size', 'sig-proxy', 'stop-signal', 'stop-timeout', 'storage-opt', 'sysctl', 'ulimit', 'use-api-socket',
  'volume-driver', 'volumes-from',
]);
const UNSUPPORTED_SHORT: Readonly<Record<string, string>> = { a: 'attach', q: 'quiet' };

function unsupported(shown: string): never {
  throw invalidInput('command', `docker run flag ${shown} is valid, but Berth's run form cannot apply it yet; remove it`);
}

/** Looks up `--name` (without the dashes); `arg` is the word as typed, for messages. */
export function lookupLong(name: string, arg: string): FlagDef {
  const flag = ALIASES[name] ?? [...BOOL, ...VALUE].find((f) => f === name);
  if (flag !== undefined) return { flag, bool: BOOL.includes(flag) };
  if (UNSUPPORTED.has(name)) unsupported(`--${name}`);
  throw invalidInput('command', `Unknown flag --${name}${arg === `--${name}` ? '' : ` in "${arg}"`}; it is not a docker run flag`);
}

/** Looks up a one-letter shorthand; `arg` is the cluster it came from (`-it`), for messages. */
export function lookupShort(letter: string, arg: string): FlagDef {
  const flag = SHORT[letter];
  if (flag !== undefined) return { flag, bool: BOOL.includes(flag) };
  const long = UNSUPPORTED_SHORT[letter];
  if (long !== undefined) unsupported(`-${letter} (--${long})`);
  throw invalidInput('command', `Unknown flag -${letter}${arg === `-${letter}` ? '' : ` in "${arg}"`}; it is not a docker run flag`);
}

/** `true` for a flag name (long, without dashes) that parseDockerRun applies, e.g. for the UI's hints. */
export function isSupportedRunFlag(name: string): boolean {
  return ALIASES[name] !== undefined || BOOL.includes(name as RunFlag) || VALUE.includes(name as RunFlag);
}
