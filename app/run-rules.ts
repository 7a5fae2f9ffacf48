// The rules of a run, once: what a RunSpec must meet, as field-level errors in one wording, for the run form, the `docker run` parser and the core.
import { invalidInput } from './errors.js';
import { mountProblem } from './parse/mounts.js';
import { formatRestartPolicy, parseContainerName, parseNamespaceMode, parseWorkdir, type NamespaceFlag } from './parse/runOptions.js';
import { formatSize } from './parse/sizes.js';
import type { RunSpec } from './runspec.js';

/** One broken rule: the RunSpec field at fault (`memory`, `mounts.1.target`, …) and words a person can act on. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * `command`: the rules every `docker run` line Berth reads must meet. `run`: those, plus what the engine refuses at
 * create; a line may still say them (docker itself accepts `--network host -p 80` with a warning), a run may not.
 */
export type RuleScope = 'command' | 'run';

/** The engine refuses memory limits below 6 MiB. */
export const MIN_MEMORY = 6 * 1024 * 1024;
/** The engine refuses fewer CPUs than this. */
export const MIN_CPUS = 0.01;
/** The networks every engine has (the form offers them first); `default` is another name for bridge. */
export const STANDARD_NETWORKS: readonly string[] = ['bridge', 'host', 'none'];
const BUILTIN_NETWORKS = new Set([...STANDARD_NETWORKS, 'default']);

const NAMESPACES: readonly [NamespaceFlag, 'pidMode' | 'ipcMode' | 'utsMode' | 'usernsMode'][] = [
  ['pid', 'pidMode'],
  ['ipc', 'ipcMode'],
  ['uts', 'utsMode'],
  ['userns', 'usernsMode'],
];

/** A network that is another's (`host`, `none`, `container:<name|id>`): the container has none of its own. */
export function sharesNetwork(network: string | undefined): boolean {
  const net = network ?? '';
  return net === 'host' || net === 'none' || net.startsWith('container:');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function restartShown(spec: RunSpec): string {
  try {
    return spec.restart ? formatRestartPolicy(spec.restart) : 'no';
  } catch {
    return spec.restart?.name ?? 'no';
  }
}

function checkValues(spec: RunSpec, add: (field: string, message: string) => void): void {
  const check = (field: string, fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      add(field, messageOf(e));
    }
  };
  if (spec.name !== undefined && spec.name !== '') check('name', () => parseContainerName(spec.name ?? '', 'name'));
  if (spec.workdir !== undefined && spec.workdir !== '') check('workdir', () => parseWorkdir(spec.workdir ?? ''));
  for (const [flag, field] of NAMESPACES) check(field, () => parseNamespaceMode(flag, spec[field] ?? ''));
  const net = spec.network ?? '';
  if (/\s/.test(net)) add('network', `Network name "${net}" contains whitespace`);
  else if (net === 'container:') add('network', 'Name the container whose network to share: container:<name|id>');
  const retries = spec.restart?.maximumRetryCount;
  if (spec.restart && retries !== undefined && retries > 0 && spec.restart.name !== 'on-failure') {
    check('restart', () => formatRestartPolicy(spec.restart ?? { name: 'no' }));
  }
  if (spec.log && spec.log.driver.trim() === '') add('log', 'The log driver is empty; name one such as json-file or local');
}

function checkAcross(spec: RunSpec, add: (field: string, message: string) => void): void {
  if (spec.log?.driver === 'none' && Object.keys(spec.log.options).length > 0) add('log', 'The "none" log driver takes no --log-opt options');
  if (spec.autoRemove && spec.restart !== undefined && spec.restart.name !== 'no') {
    add('restart', `--rm cannot be combined with --restart ${restartShown(spec)}: a container that restarts is never removed`);
  }
  const { memory, memorySwap } = spec;
  if (memory !== undefined && memory > 0 && memory < MIN_MEMORY) {
    add('memory', `Memory limit ${formatSize(memory)} is below the engine's minimum of 6m`);
  }
  if (memorySwap !== undefined && memorySwap > 0) {
    if (memory === undefined || memory === 0) add('memorySwap', '--memory-swap needs --memory as well (it counts memory plus swap)');
    else if (memorySwap < memory) {
      add('memorySwap', `--memory-swap ${formatSize(memorySwap)} is below --memory ${formatSize(memory)}; it counts memory plus swap`);
    }
  }
}

/** What only the engine refuses: a pasted line may say it, a run may not. */
function checkEngine(spec: RunSpec, add: (field: string, message: string) => void): void {
  if (spec.cpus !== undefined && spec.cpus > 0 && spec.cpus < MIN_CPUS) add('cpus', `${spec.cpus} CPUs is below the engine's minimum of ${MIN_CPUS}`);
  if (spec.cpuShares === 1) add('cpuShares', 'CPU shares must be at least 2 (the default weight is 1024)');
  const net = spec.network ?? '';
  if (sharesNetwork(net) && (spec.ports.length > 0 || spec.publishAll)) {
    add('ports', `Ports cannot be published with network "${net}": the container has no network of its own`);
  }
  if (spec.networkAliases.length > 0 && (net === '' || BUILTIN_NETWORKS.has(net) || sharesNetwork(net))) {
    add('networkAliases', `Network aliases work only on a network you created, not on "${net || 'bridge'}"; choose one`);
  }
  const targets = new Map<string, number>();
  spec.mounts.forEach((m, i) => {
    const problem = mountProblem(m, m.target);
    if (problem !== undefined) add(problem.part === 'type' ? `mounts.${i}` : `mounts.${i}.${problem.part}`, problem.message);
    const first = targets.get(m.target);
    if (first !== undefined) add(`mounts.${i}.target`, `Mounts ${first + 1} and ${i + 1} both use the target ${m.target}; a path takes one mount`);
    else targets.set(m.target, i);
  });
}

/** Every rule `spec` breaks, in a fixed order (values, then rules across fields, then the engine's); [] when it meets them all. */
export function checkRunSpec(spec: RunSpec, scope: RuleScope = 'run'): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });
  checkValues(spec, add);
  checkAcross(spec, add);
  if (scope === 'run') checkEngine(spec, add);
  return errors;
}

/** Throws INVALID_INPUT, on its field, for the first rule `spec` breaks. */
export function assertRunSpec(spec: RunSpec, scope: RuleScope = 'run'): void {
  const first = checkRunSpec(spec, scope)[0];
  if (first !== undefined) throw invalidInput(first.field, first.message);
}
