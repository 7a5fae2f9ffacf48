// Moves between engines, purely: the engines a thing can go to, its progress in words, the answer's lines, errors' fields.
import type { EngineEntry, MoveImageResult, MoveProgress, MoveVolumeResult, RecreateResult } from '../../../../app/engines.js';
import type { ContainerState } from '../../../../app/model.js';
import { bytes, shortId } from '../../lib/format.js';
import type { ShownError } from '../../lib/errors.js';

/** The engines a thing on `from` can be moved to: every other engine that is up, in the list's order. */
export function targetsOf(engines: readonly EngineEntry[], from: string | undefined): EngineEntry[] {
  return engines.filter((e) => e.state === 'up' && e.id !== from);
}

/** The words of "Recreate on engine…", wherever a container offers it (its page, a row's menu). */
export const RECREATE_WORDS = 'Recreate on engine…';

/** Whether a container in this state can be recreated on another engine: one being removed, or dead, has nothing to bring. */
export const canRecreate = (state: ContainerState): boolean => state !== 'removing' && state !== 'dead';

/** Where a move stands in words: the bytes passed of about how many, after the step's own status (done, skipped) when it has one. */
export function progressLine(p: MoveProgress): string {
  if (p.status) return `${p.step} ${p.what}: ${p.status}${p.bytes > 0 ? ` (${bytes(p.bytes)} copied)` : ''}`;
  const of = p.total !== undefined && p.total > 0 ? ` of about ${bytes(p.total)}` : '';
  return `${p.step} ${p.what}: ${bytes(p.bytes)}${of} copied`;
}

/** The share done, when the size was known beforehand (capped: the archive may be a little larger than the estimate). */
export function progressFraction(p: MoveProgress | undefined): number | undefined {
  if (!p || p.total === undefined || p.total <= 0) return undefined;
  return Math.min(1, p.bytes / p.total);
}

export function imageResultLine(r: MoveImageResult, target: string): string {
  const tags = r.tags.length ? ` as ${r.tags.join(', ')}` : '';
  if (r.skipped) return `Skipped: ${target} already has image ${shortId(r.id)}${tags ? ` (tags added where missing${tags})` : ''}.`;
  return `Copied image ${shortId(r.id)}${tags} to ${target} (${bytes(r.bytes)}).`;
}

export function volumeResultLine(r: MoveVolumeResult, target: string): string {
  return `Copied into volume ${r.name} on ${target} (${bytes(r.bytes)}).`;
}

/** What "Recreate on …" did, line by line; the core's warnings are kept apart so the dialog shows them as such. */
export function recreateResultLines(r: RecreateResult, target: string, original: string): { lines: string[]; warnings: string[] } {
  const lines = [`${r.name} runs on ${target} (${shortId(r.id)}).`];
  if (r.imageMoved) lines.push('Its image was copied first.');
  if (r.volumesCopied.length) lines.push(`Volumes copied: ${r.volumesCopied.join(', ')}.`);
  if (r.networksMade.length) lines.push(`Networks made: ${r.networksMade.join(', ')}.`);
  if (r.ports.length) lines.push(`Ports: ${r.ports.map((p) => `${p.hostIp}:${p.hostPort}→${p.containerPort}/${p.protocol}`).join(', ')}.`);
  lines.push(r.stoppedOriginal ? `The original ${original} was stopped and kept.` : `The original ${original} was not running; it is kept.`);
  return { lines, warnings: r.warnings };
}

export type MoveField = 'to' | 'name' | 'form';

/** Which field of a move dialog an error belongs to: a taken or bad name on the name field, the engine on the target. */
export function fieldOf(e: ShownError, hasName: boolean): MoveField {
  if (hasName && (e.field === 'name' || e.code === 'NAME_CONFLICT')) return 'name';
  if (e.field === 'to') return 'to';
  return 'form';
}

/** A new name typed in a move dialog: blank keeps the same name; else what the engine accepts. */
export function checkNewName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return undefined;
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(n) ? undefined : 'Use letters, digits and _ . - (at least two, starting with a letter or digit).';
}
