// Port specs as typed after `-p`: parse, format, expand ranges (docker/go-connections nat.ParsePortSpec grammar).
import { invalidInput } from '../errors.js';
import type { PortMapping, Protocol } from '../runspec.js';
import { isIP, isIPv6 } from './ip.js';

const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];
const FIELD = 'ports';

/**
 * One port number as typed: plain decimal digits (leading zeros allowed, like Go's strconv.ParseUint(s, 10, 16))
 * from 1 to 65535; otherwise what is wrong with it. Shared by `-p` and the VM's host-access port list.
 */
export function readPort(text: string): number | 'not a number' | 'out of range' {
  if (!/^[0-9]+$/.test(text)) return 'not a number';
  const n = Number(text);
  return n < 1 || n > 65535 ? 'out of range' : n;
}

function parsePort(part: string, whole: string, field: string): number {
  const n = readPort(part);
  if (typeof n !== 'number') throw invalidInput(field, `Port "${part}" in "${whole}" is not a number between 1 and 65535`);
  return n;
}

/** `"80"` -> [80, 80]; `"80-90"` -> [80, 90]. */
function parseRange(part: string, whole: string, field: string, what: string): [number, number] {
  const dash = part.indexOf('-');
  if (dash === -1) {
    const p = parsePort(part, whole, field);
    return [p, p];
  }
  const start = parsePort(part.slice(0, dash), whole, field);
  const end = parsePort(part.slice(dash + 1), whole, field);
  if (end < start) {
    throw invalidInput(field, `${what} range "${part}" in "${whole}" ends before it starts`);
  }
  return [start, end];
}

function parseProtocol(raw: string, whole: string, field: string): Protocol {
  const p = raw.toLowerCase();
  const found = PROTOCOLS.find((x) => x === p);
  if (found === undefined) {
    throw invalidInput(field, `"${raw}" in "${whole}" is not a protocol; use tcp, udp or sctp`);
  }
  return found;
}

/**
 * The long `-p` syntax (`target=80,published=8080,protocol=udp`), rewritten to the short one the
 * way the docker CLI does (`published:target/protocol`). `mode` is accepted and ignored (swarm only).
 */
function longSyntaxToShort(s: string, field: string): string {
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of s.split(',')) {
    const eq = param.indexOf('=');
    const key = eq === -1 ? '' : param.slice(0, eq);
    if (key === '') {
      throw invalidInput(field, `"${param}" in "${s}" is not a name=value pair (use target=, published=, protocol=)`);
    }
    if (!['target', 'published', 'protocol', 'mode'].includes(key)) {
      throw invalidInput(field, `"${key}" in "${s}" is not a port option; use target, published or protocol`);
    }
    params[key] = param.slice(eq + 1);
  }
  if (params['target'] === undefined || params['target'] === '') {
    throw invalidInput(field, `"${s}" has no target= (the container port)`);
  }
  return `${params['published'] ?? ''}:${params['target']}/${params['protocol'] ?? 'tcp'}`;
}

/**
 * Parses one `-p` value: `80`, `8080:80`, `127.0.0.1:8080:80`, `127.0.0.1::80`, `[::1]:8080:80`,
 * `8000-8010:80-90`, `8000-8010:80` (the engine picks a free port in the host range), `80-90`,
 * `53:53/udp`, `9/sctp`, and the long form `target=80,published=8080`. A range whose two ends are
 * equal (`80-80`) is kept as a single port; the protocol is lower-cased.
 */
export function parsePortSpec(input: string, field: string = FIELD): PortMapping {
  if (input.trim() === '') {
    throw invalidInput(field, 'A port mapping is empty; write it as [ip:][hostPort:]containerPort[/protocol], e.g. 8080:80');
  }
  const s = input.includes('=') ? longSyntaxToShort(input, field) : input;
  let ip = '';
  let rest = s;
  if (s.startsWith('[')) {
    // Bracketed IPv6: `[::1]:8080:80` or `[::1]::80`.
    const close = s.indexOf(']');
    if (close === -1) throw invalidInput(field, `IP address in "${input}" is missing its closing "]"`);
    ip = s.slice(1, close);
    rest = s.slice(close + 1);
    if (!rest.startsWith(':') || rest.split(':').length !== 3) {
      throw invalidInput(field, `After the IP address in "${input}" write hostPort:containerPort, or :containerPort for any free host port`);
    }
    rest = rest.slice(1);
  }
  const parts = rest.split(':');
  const n = parts.length;
  const last = parts[n - 1] ?? '';
  if (n >= 3) ip = parts.slice(0, n - 2).join(':');
  const hostPart = n >= 2 ? (parts[n - 2] ?? '') : '';

  const slash = last.indexOf('/');
  const containerPart = slash === -1 ? last : last.slice(0, slash);
  const protoPart = slash === -1 ? '' : last.slice(slash + 1);
  if (containerPart === '') {
    throw invalidInput(field, `No container port in "${input}"; write it as [ip:][hostPort:]containerPort[/protocol]`);
  }
  if (protoPart.includes('/')) {
    throw invalidInput(field, `"${protoPart}" in "${input}" has more than one "/"; write the protocol once, e.g. 53/udp`);
  }
  const protocol = protoPart === '' ? 'tcp' : parseProtocol(protoPart, input, field);

  if ((ip !== '' || s.startsWith('[')) && !isIP(ip)) {
    throw invalidInput(field, `IP address "${ip}" in "${input}" is not a valid IPv4 or IPv6 address`);
  }

  const [cStart, cEnd] = parseRange(containerPart, input, field, 'Container port');
  const out: PortMapping = { containerPort: cStart, protocol };
  if (ip !== '') out.hostIp = ip;
  if (hostPart !== '') {
    const [hStart, hEnd] = parseRange(hostPart, input, field, 'Host port');
    if (cEnd !== cStart && hEnd - hStart !== cEnd - cStart) {
      throw invalidInput(
        field,
        `Host ports "${hostPart}" and container ports "${containerPart}" in "${input}" must cover the same number of ports ` +
          `(${hEnd - hStart + 1} and ${cEnd - cStart + 1})`,
      );
    }
    out.hostPort = hStart;
    if (hEnd !== hStart) out.hostPortEnd = hEnd;
  }
  if (cEnd !== cStart) out.containerPortEnd = cEnd;
  return ordered(out);
}

/** Key order of a PortMapping, so parsed and hand-built values print the same. */
function ordered(m: PortMapping): PortMapping {
  const o: PortMapping = { containerPort: m.containerPort, protocol: m.protocol };
  if (m.hostIp !== undefined) o.hostIp = m.hostIp;
  if (m.hostPort !== undefined) o.hostPort = m.hostPort;
  if (m.hostPortEnd !== undefined) o.hostPortEnd = m.hostPortEnd;
  if (m.containerPortEnd !== undefined) o.containerPortEnd = m.containerPortEnd;
  return o;
}

function checkMapping(m: PortMapping, field: string): void {
  const bad = (msg: string): never => {
    throw invalidInput(field, msg);
  };
  const okPort = (p: number | undefined): boolean => p === undefined || (Number.isInteger(p) && p >= 1 && p <= 65535);
  for (const p of [m.hostPort, m.hostPortEnd, m.containerPort, m.containerPortEnd]) {
    if (!okPort(p)) bad(`Port ${String(p)} is not a number between 1 and 65535`);
  }
  if (!PROTOCOLS.includes(m.protocol)) bad(`"${String(m.protocol)}" is not a protocol; use tcp, udp or sctp`);
  if (m.hostPortEnd !== undefined && m.hostPort === undefined) bad('A host port range needs its first port');
  if (m.hostPortEnd !== undefined && m.hostPort !== undefined && m.hostPortEnd < m.hostPort) {
    bad(`Host port range ${m.hostPort}-${m.hostPortEnd} ends before it starts`);
  }
  if (m.containerPortEnd !== undefined && m.containerPortEnd < m.containerPort) {
    bad(`Container port range ${m.containerPort}-${m.containerPortEnd} ends before it starts`);
  }
  const cLen = (m.containerPortEnd ?? m.containerPort) - m.containerPort;
  if (m.hostPort !== undefined && cLen !== 0 && (m.hostPortEnd ?? m.hostPort) - m.hostPort !== cLen) {
    bad('Host and container port ranges must cover the same number of ports');
  }
  if (m.hostIp !== undefined && m.hostIp !== '' && !isIP(m.hostIp)) bad(`IP address "${m.hostIp}" is not a valid IPv4 or IPv6 address`);
}

function range(start: number, end: number | undefined): string {
  return end === undefined || end === start ? String(start) : `${start}-${end}`;
}

/** The canonical `-p` string: `[ip:][hostPort[-end]]:containerPort[-end][/proto]`, IPv6 in brackets, `/tcp` left out. */
export function formatPortSpec(m: PortMapping, field: string = FIELD): string {
  checkMapping(m, field);
  const container = range(m.containerPort, m.containerPortEnd) + (m.protocol === 'tcp' ? '' : `/${m.protocol}`);
  const host = m.hostPort === undefined ? '' : range(m.hostPort, m.hostPortEnd);
  if (m.hostIp !== undefined && m.hostIp !== '') {
    const ip = isIPv6(m.hostIp) ? `[${m.hostIp}]` : m.hostIp;
    return `${ip}:${host}:${container}`;
  }
  return host === '' ? container : `${host}:${container}`;
}

/** One engine port binding. `hostPort` undefined: any free port; `hostPortEnd`: the engine picks a free port in hostPort..hostPortEnd. */
export interface PortBinding {
  hostIp?: string;
  hostPort?: number;
  hostPortEnd?: number;
  containerPort: number;
  protocol: Protocol;
}

/**
 * Expands ranges into one binding per container port, like nat.ParsePortSpec: `8000-8001:80-81`
 * gives 8000->80 and 8001->81; `8000-8010:80` gives one binding whose host port is the range.
 */
export function expandPortMapping(m: PortMapping, field: string = FIELD): PortBinding[] {
  checkMapping(m, field);
  const end = m.containerPortEnd ?? m.containerPort;
  const out: PortBinding[] = [];
  for (let i = 0; i <= end - m.containerPort; i++) {
    const b: PortBinding = { containerPort: m.containerPort + i, protocol: m.protocol };
    if (m.hostIp !== undefined && m.hostIp !== '') b.hostIp = m.hostIp;
    if (m.hostPort !== undefined) {
      b.hostPort = m.hostPort + i;
      if (end === m.containerPort && m.hostPortEnd !== undefined && m.hostPortEnd !== m.hostPort) b.hostPortEnd = m.hostPortEnd;
    }
    out.push(b);
  }
  return out;
}

/** The engine's key for a container port: `portKey(80, 'tcp')` -> `"80/tcp"`. */
export function portKey(containerPort: number, protocol: Protocol = 'tcp'): string {
  return `${containerPort}/${protocol}`;
}

/** Parses an engine port key (`"80/tcp"`, `"53/udp"`; a bare `"80"` means tcp) as found in ExposedPorts. */
export function parseExposedPortKey(key: string, field = 'exposedPorts'): { containerPort: number; protocol: Protocol } {
  const slash = key.indexOf('/');
  const portPart = slash === -1 ? key : key.slice(0, slash);
  const protoPart = slash === -1 ? '' : key.slice(slash + 1);
  if (portPart === '') throw invalidInput(field, `No port number in "${key}"; expected e.g. 80/tcp`);
  const containerPort = parsePort(portPart, key, field);
  return { containerPort, protocol: protoPart === '' ? 'tcp' : parseProtocol(protoPart, key, field) };
}
