// Whether containers on the Berth VM may reach services on the host's loopback: the setting, its guest argument, the host alias.
import { z } from 'zod';
import { readPort } from './parse/ports.js';

/** The name containers use for the host when the setting lets them reach it (as on Docker Desktop). */
export const HOST_ALIAS = 'host.docker.internal';

/**
 * none: containers reach only what they publish (the default; the host's loopback services stay private);
 * ports: only these host ports; all: every service listening on the host's loopback.
 */
export const HostAccess = z
  .object({
    mode: z.enum(['none', 'ports', 'all']),
    ports: z.array(z.number().int().min(1).max(65535)).max(64).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.mode === 'ports' && !a.ports?.length) ctx.addIssue({ code: 'custom', path: ['ports'], message: 'Name at least one host port, or choose "none" or "all".' });
  });
export type HostAccess = z.infer<typeof HostAccess>;

export const DEFAULT_HOST_ACCESS: HostAccess = { mode: 'none' };

/** The argument of the guest's `berth-host-access` for a setting: none, all, or a comma-separated port list. */
export function hostAccessArg(a: HostAccess | undefined): string {
  if (!a || a.mode === 'none') return 'none';
  if (a.mode === 'all') return 'all';
  return [...new Set(a.ports ?? [])].sort((x, y) => x - y).join(',') || 'none';
}

/** One line for the window and the CLI. */
export function describeHostAccess(a: HostAccess | undefined): string {
  const arg = hostAccessArg(a);
  if (arg === 'none') return 'Containers cannot reach services on this computer (only what they publish is reachable, from here to them).';
  if (arg === 'all') return `Containers reach every service on this computer's loopback as ${HOST_ALIAS}.`;
  return `Containers reach ${HOST_ALIAS} on port${arg.includes(',') ? 's' : ''} ${arg.replaceAll(',', ', ')} only.`;
}

/**
 * "80, 5432 6379" -> [80, 5432, 6379], or the words saying what is wrong with the first bad entry.
 * Used by the window's field; the settings schema checks the result again.
 */
export function parseHostPorts(text: string): number[] | { error: string } {
  const out: number[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const n = readPort(part);
    if (n === 'not a number') return { error: `"${part}" is not a port number.` };
    if (n === 'out of range') return { error: `${part} is not a port: ports go from 1 to 65535.` };
    if (!out.includes(n)) out.push(n);
  }
  if (out.length > 64) return { error: 'At most 64 ports; choose "all" to open every port.' };
  return out;
}

/**
 * A container create body with `host.docker.internal` pointing at the host, when the setting opens the host and the
 * request does not name the alias itself; undefined when nothing changes. A container sharing another's network
 * (`container:…`) cannot have its own hosts entries, so it is left alone.
 */
export function withHostAlias(body: unknown, a: HostAccess | undefined, hostAddress: string): unknown {
  if (hostAccessArg(a) === 'none' || !body || typeof body !== 'object') return undefined;
  const hc = ((body as { HostConfig?: unknown }).HostConfig ?? {}) as { ExtraHosts?: unknown; NetworkMode?: unknown };
  if (typeof hc.NetworkMode === 'string' && hc.NetworkMode.startsWith('container:')) return undefined;
  const extra = Array.isArray(hc.ExtraHosts) ? hc.ExtraHosts.filter((h): h is string => typeof h === 'string') : [];
  if (extra.some((h) => h.split(/[:=]/)[0] === HOST_ALIAS)) return undefined;
  return { ...(body as object), HostConfig: { ...hc, ExtraHosts: [...extra, `${HOST_ALIAS}:${hostAddress}`] } };
}
