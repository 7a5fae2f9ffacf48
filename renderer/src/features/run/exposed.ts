// The image's EXPOSE ports from its inspect JSON, as chips the run form can publish with one click (pure).
import type { Protocol } from '../../../../app/runspec.js';
import type { PortRow } from './form.js';

export interface ExposedPort {
  containerPort: number;
  protocol: Protocol;
  label: string;
}

export function exposedPorts(inspect: Record<string, unknown> | undefined): ExposedPort[] {
  const config = (inspect?.Config ?? inspect?.ContainerConfig) as { ExposedPorts?: Record<string, unknown> | null } | undefined;
  const out: ExposedPort[] = [];
  for (const key of Object.keys(config?.ExposedPorts ?? {})) {
    const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(key);
    if (!m) continue;
    const protocol = (m[2] ?? 'tcp') as Protocol;
    out.push({ containerPort: Number(m[1]), protocol, label: `${m[1]}/${protocol}` });
  }
  return out.sort((a, b) => a.containerPort - b.containerPort);
}

/** Chips not yet published by a row. */
export function unpublished(exposed: readonly ExposedPort[], rows: readonly PortRow[]): ExposedPort[] {
  return exposed.filter((e) => !rows.some((r) => r.containerPort.trim() === String(e.containerPort) && r.protocol === e.protocol));
}
