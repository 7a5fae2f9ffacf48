// The smaller `docker run` values: restart policy, container name, namespace modes, network, capabilities.
import { invalidInput } from '../errors.js';
import type { RestartPolicy } from '../runspec.js';

const POLICIES: readonly RestartPolicy['name'][] = ['no', 'always', 'unless-stopped', 'on-failure'];

/** `--restart`: `no`, `always`, `unless-stopped`, `on-failure[:max-retries]` (docker's opts.ParseRestartPolicy plus the engine's checks). */
export function parseRestartPolicy(s: string, field = 'restart'): RestartPolicy {
  if (s === '') return { name: 'no' };
  const colon = s.indexOf(':');
  const name = colon === -1 ? s : s.slice(0, colon);
  const count = colon === -1 ? '' : s.slice(colon + 1);
  if (name === '') throw invalidInput(field, `Restart policy "${s}" has no policy before ":"; write e.g. on-failure:3`);
  const policy = POLICIES.find((p) => p === name);
  if (policy === undefined) {
    throw invalidInput(field, `Restart policy "${name}" is not one of no, always, unless-stopped, on-failure[:max-retries]`);
  }
  if (count === '') return { name: policy };
  if (!/^[0-9]+$/.test(count) || !Number.isSafeInteger(Number(count))) {
    throw invalidInput(field, `Maximum retry count "${count}" in "${s}" is not a whole number of 0 or more`);
  }
  if (policy !== 'on-failure') {
    throw invalidInput(field, `Restart policy "${s}": only on-failure takes a maximum retry count`);
  }
  return { name: policy, maximumRetryCount: Number(count) };
}

export function formatRestartPolicy(r: RestartPolicy, field = 'restart'): string {
  if (!POLICIES.includes(r.name)) throw invalidInput(field, `Restart policy "${String(r.name)}" is not one of ${POLICIES.join(', ')}`);
  if (r.maximumRetryCount === undefined) return r.name;
  if (r.name !== 'on-failure') throw invalidInput(field, `Restart policy "${r.name}": only on-failure takes a maximum retry count`);
  if (!Number.isSafeInteger(r.maximumRetryCount) || r.maximumRetryCount < 0) {
    throw invalidInput(field, `Maximum retry count ${r.maximumRetryCount} is not a whole number of 0 or more`);
  }
  return `${r.name}:${r.maximumRetryCount}`;
}

/** The engine's container-name rule (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`, an optional leading `/` dropped). */
export function parseContainerName(s: string, field = 'name'): string {
  const name = s.startsWith('/') ? s.slice(1) : s;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
    throw invalidInput(field, `Container name "${s}" is not valid: use 2 or more letters, digits, "_", "." or "-", starting with a letter or digit`);
  }
  return name;
}

/** `--cpu-shares`/`-c`: a whole number of 0 or more (a relative weight; the engine's default is 1024). */
export function parseCpuShares(s: string, field = 'cpuShares'): number {
  if (!/^[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) {
    throw invalidInput(field, `CPU shares "${s}" is not a whole number of 0 or more (the default weight is 1024)`);
  }
  return Number(s);
}

export type NamespaceFlag = 'pid' | 'ipc' | 'uts' | 'userns';
const MODES: Record<NamespaceFlag, { field: string; what: string; plain: readonly string[]; container: boolean }> = {
  pid: { field: 'pidMode', what: 'PID', plain: ['host'], container: true },
  ipc: { field: 'ipcMode', what: 'IPC', plain: ['host', 'private', 'shareable', 'none'], container: true },
  uts: { field: 'utsMode', what: 'UTS', plain: ['host'], container: false },
  userns: { field: 'usernsMode', what: 'user namespace', plain: ['host'], container: false },
};

/** The plain (not `container:…`) modes a namespace flag takes, for a form's suggestions. */
export function namespaceModes(flag: NamespaceFlag): readonly string[] {
  return MODES[flag].plain;
}

/** `--pid`, `--ipc`, `--uts`, `--userns` values as the docker CLI validates them; `''` means "not set". */
export function parseNamespaceMode(flag: NamespaceFlag, s: string): string | undefined {
  const { field, what, plain, container } = MODES[flag];
  if (s === '') return undefined;
  if (plain.includes(s)) return s;
  if (container && s.startsWith('container:') && s.length > 'container:'.length) return s;
  const choices = [...plain, ...(container ? ['container:<name|id>'] : [])].join(', ');
  throw invalidInput(field, `--${flag} "${s}" is not a ${what} mode; use ${choices}`);
}

/**
 * `--network`: a name (`bridge`, `host`, `none`, `container:<name|id>`, a user network), or the
 * long form `name=mynet,alias=web` whose aliases join `--network-alias`.
 */
export function parseNetworkFlag(s: string, field = 'network'): { network: string; aliases: string[] } {
  if (s.trim() === '') throw invalidInput(field, 'The network name is empty; use bridge, host, none or a network name');
  if (!s.includes('=')) {
    if (/\s/.test(s)) throw invalidInput(field, `Network name "${s}" contains whitespace`);
    return { network: s, aliases: [] };
  }
  let network = '';
  const aliases: string[] = [];
  for (const item of s.split(',')) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    const val = eq === -1 ? '' : item.slice(eq + 1);
    if (key === 'name') network = val;
    else if (key === 'alias') aliases.push(parseNetworkAlias(val, field));
    else if (['driver-opt', 'ip', 'ip6', 'link-local-ip', 'mac-address', 'gw-priority'].includes(key)) {
      throw invalidInput(field, `Network option "${key}" in "${s}" is valid for docker, but Berth cannot apply it yet; remove it`);
    } else throw invalidInput(field, `"${key}" in "${s}" is not a network option; use name= and alias=`);
  }
  if (network === '') throw invalidInput(field, `"${s}" has no name=; write e.g. name=mynet,alias=web`);
  return { network, aliases };
}

export function parseNetworkAlias(s: string, field = 'networkAliases'): string {
  if (s === '' || /\s/.test(s)) throw invalidInput(field, `Network alias "${s}" must be a non-empty name without spaces`);
  return s;
}

/** `--cap-add`/`--cap-drop`: `ALL` or a capability name, with or without `CAP_`, kept as typed. */
export function parseCapability(s: string, field: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(s)) throw invalidInput(field, `Capability "${s}" is not a capability name such as NET_ADMIN or ALL`);
  return s;
}

/** A value that must be one word: hostname, user. */
export function parseWord(s: string, field: string, what: string): string | undefined {
  if (s === '') return undefined;
  if (/\s/.test(s)) throw invalidInput(field, `${what} "${s}" contains whitespace`);
  return s;
}

/** `-w`: the engine needs an absolute path. */
export function parseWorkdir(s: string, field = 'workdir'): string | undefined {
  if (s === '') return undefined;
  if (!s.startsWith('/')) throw invalidInput(field, `Working directory "${s}" must be an absolute path in the container, e.g. /app`);
  return s;
}
