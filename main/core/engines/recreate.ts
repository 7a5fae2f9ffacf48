// "Recreate on …": a container's run settings on another engine (image, volumes and user network brought first); the original stopped, kept.
import type Docker from 'dockerode';
import type { RunResult } from '../../../app/api.js';
import type { RecreateInput, RecreateResult } from '../../../app/engines.js';
import { BerthError } from '../../../app/errors.js';
import type { RunSpec } from '../../../app/runspec.js';
import { engineCall } from '../engine/link/errors.js';
import { createLogger } from '../log.js';
import { findImage, moveImage, unlessAbsent, type MoveEnds } from './move-image.js';
import type { MoveReporter } from './move-progress.js';
import { checkVolumeFree, moveVolume } from './move-volume.js';
import { runSpecOf, type ContainerInspect, type ImageConfig } from './run-spec-of.js';

const log = createLogger('engines.recreate');

/** Creates and starts a container from a RunSpec on the target (the core's Runner there: its checks and error words). */
export type RunOnTarget = (spec: RunSpec) => Promise<RunResult>;

type Inspected = ContainerInspect & { Id: string; State?: { Running?: boolean; Paused?: boolean } };

async function inspectContainer(docker: Docker, ref: string, engine: string): Promise<Inspected> {
  const c = await unlessAbsent(docker.getContainer(ref).inspect() as Promise<unknown> as Promise<Inspected>, `Container ${ref}`);
  if (!c) throw new BerthError('NOT_FOUND', `There is no container ${ref} on ${engine}.`, { field: 'container' });
  return c;
}

const exists = async (lookup: Promise<unknown>, what: string): Promise<boolean> => (await unlessAbsent(lookup, what)) !== undefined;

/** Another container's namespace cannot follow to another engine. */
function refuseShared(c: Inspected, to: string): void {
  const hc = c.HostConfig;
  for (const [what, mode] of [['network', hc.NetworkMode], ['PID namespace', hc.PidMode], ['IPC namespace', hc.IpcMode]] as const) {
    if (mode?.startsWith('container:')) {
      throw new BerthError('INVALID_INPUT', `${c.Name.replace(/^\//, '')} shares the ${what} of ${mode.slice(10)}, which is not on ${to}: recreate that one first, or run this one there by hand.`, { field: 'container' });
    }
  }
}

/** The user network the container is on, made on the target when missing (a bridge, same labels and internal flag). */
async function bringNetwork(ends: MoveEnds, name: string | undefined): Promise<string | undefined> {
  if (!name || name === 'host' || name === 'none' || name === 'default' || name === 'bridge') return undefined;
  if (await exists(ends.to.docker.getNetwork(name).inspect(), `Network ${name}`)) return undefined;
  const net = (await engineCall(() => ends.from.docker.getNetwork(name).inspect(), { what: `Network ${name}` })) as { Driver?: string; Internal?: boolean; Labels?: Record<string, string> | null };
  if (net.Driver !== 'bridge') {
    throw new BerthError('INVALID_INPUT', `${ends.to.name} has no network ${name}, and Berth makes only bridge networks (this one is ${net.Driver ?? 'unknown'}): create it there first.`, { field: 'container' });
  }
  return name;
}

/**
 * Recreates `input.container` of the source on the target. Everything that could refuse is checked before anything
 * changes (the name on the target, volumes to copy, shared namespaces, networks); then the image is moved when the
 * target lacks its ID, the original is stopped (its ports, volumes are free and quiet), volumes copied when asked, and
 * the container created and started there. When that fails the original is started again.
 */
export async function recreateContainer(ends: MoveEnds, run: RunOnTarget, input: RecreateInput, report: MoveReporter, signal: AbortSignal): Promise<RecreateResult> {
  const c = await inspectContainer(ends.from.docker, input.container, ends.from.name);
  const name = input.name ?? c.Name.replace(/^\//, '');
  report.step('container', name);
  if (await exists(ends.to.docker.getContainer(name).inspect(), `Container ${name}`)) {
    throw new BerthError('NAME_CONFLICT', `${ends.to.name} already has a container named ${name}: give the new one another name.`, { field: 'name' });
  }
  refuseShared(c, ends.to.name);
  const img = await findImage(ends.from.docker, c.Image);
  const config = ((img as { Config?: ImageConfig } | undefined)?.Config ?? {}) as ImageConfig;
  // The reference it was run with, while it still names the same image; else the image ID.
  const named = c.Config.Image && (await findImage(ends.from.docker, c.Config.Image))?.Id === c.Image ? c.Config.Image : c.Image;
  const spec = runSpecOf(c, config, named);
  spec.name = name;
  const volumes = input.copyVolumes ? spec.mounts.filter((m) => m.type === 'volume' && m.source).map((m) => m.source as string) : [];
  for (const v of volumes) await checkVolumeFree(ends.to.docker, ends.to.name, v, 'copyVolumes');
  const network = await bringNetwork(ends, spec.network);
  const warnings: string[] = [];
  if (spec.mounts.some((m) => m.type === 'bind')) warnings.push(`Its bind mounts name folders of the machine ${ends.to.name} runs on.`);
  if (spec.restart?.name === 'always' && c.State?.Running) {
    warnings.push(`The original (restart policy always) starts again when ${ends.from.name} restarts: remove it there, or change its policy, once the new one serves.`);
  }
  if (!spec.network && spec.ports.length > 0 && !(await exists(ends.to.docker.getNetwork('bridge').inspect(), 'Network bridge'))) {
    warnings.push(`${ends.to.name} has no default bridge network: the container runs without a network, and its ports are not published.`);
  }

  const image = await moveImage(ends, c.Image, report, signal);
  if (network) {
    const src = (await ends.from.docker.getNetwork(network).inspect()) as { Internal?: boolean; Labels?: Record<string, string> | null };
    await engineCall(() => ends.to.docker.createNetwork({ Name: network, Driver: 'bridge', Internal: src.Internal ?? false, Labels: { ...(src.Labels ?? {}) }, CheckDuplicate: true }), { what: `Network ${network}` });
  }
  const wasRunning = Boolean(c.State?.Running);
  if (wasRunning) {
    report.step('container', `stopping ${c.Name.replace(/^\//, '')} on ${ends.from.name}`);
    await engineCall(() => ends.from.docker.getContainer(c.Id).stop(), { what: `Container ${name}` });
  }
  try {
    for (const v of volumes) await moveVolume(ends, v, undefined, report, signal);
    report.step('container', `starting ${name} on ${ends.to.name}`);
    const r = await run(spec);
    report.done(`running on ${ends.to.name}`);
    log.info(`recreated ${name} from ${ends.from.name} on ${ends.to.name}`);
    return { id: r.id, name: r.name, imageMoved: !image.skipped, volumesCopied: volumes, networksMade: network ? [network] : [], stoppedOriginal: wasRunning, ports: r.ports, warnings: [...warnings, ...r.warnings] };
  } catch (e) {
    if (wasRunning) await ends.from.docker.getContainer(c.Id).start().catch((err: unknown) => log.warn(`could not start ${name} again on ${ends.from.name}`, err));
    throw signal.aborted ? new BerthError('CANCELLED', `Recreating ${name} on ${ends.to.name} was cancelled.`) : e;
  }
}
