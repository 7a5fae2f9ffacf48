// Create-network form -> request with field errors; which containers sit on a network (pure).
import { isIP } from '../../../../app/parse/ip.js';
import type { ContainerSummary, NetworkSummary } from '../../../../app/model.js';

export interface NetworkForm {
  name: string;
  driver: string;
  internal: boolean;
  subnet: string;
  gateway: string;
  labels: { key: string; value: string }[];
}

export interface NetworkRequest {
  name: string;
  driver: string;
  internal: boolean;
  subnet?: string;
  gateway?: string;
  labels: Record<string, string>;
}

function isCidr(s: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(s);
  if (!m) return false;
  const bits = Number(m[2]);
  const ip = m[1] as string;
  return isIP(ip) && bits <= (ip.includes(':') ? 128 : 32);
}

export function checkNetworkForm(f: NetworkForm): { req?: NetworkRequest; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = f.name.trim();
  if (!name) errors.name = 'Give the network a name, e.g. appnet';
  else if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) errors.name = 'Use letters, digits, "_", "." or "-", starting with a letter or digit';
  const subnet = f.subnet.trim();
  if (subnet && !isCidr(subnet)) errors.subnet = `"${subnet}" is not a subnet like 172.28.0.0/16`;
  const gateway = f.gateway.trim();
  if (gateway && !isIP(gateway)) errors.gateway = `"${gateway}" is not an IP address`;
  if (gateway && !subnet) errors.gateway = 'A gateway needs a subnet';
  const labels: Record<string, string> = {};
  f.labels.forEach((l, i) => {
    if (!l.key.trim() && !l.value) return;
    if (!l.key.trim()) errors[`labels.${i}`] = 'Label name missing';
    else labels[l.key.trim()] = l.value;
  });
  if (Object.keys(errors).length) return { errors };
  return { req: { name, driver: f.driver.trim() || 'bridge', internal: f.internal, ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}), labels }, errors };
}

/** Containers attached to `n` (the summaries name networks by name). */
export function attached(n: NetworkSummary, containers: readonly ContainerSummary[]): ContainerSummary[] {
  return containers.filter((c) => c.networks.includes(n.name)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Built-in networks cannot be removed. */
export function isBuiltIn(n: Pick<NetworkSummary, 'name'>): boolean {
  return n.name === 'bridge' || n.name === 'host' || n.name === 'none';
}
