// Whether a host name or address is this machine's loopback, read the way the system reads it (one rule for serve, engines, registries).
import { isIP } from 'node:net';

/** The host as the system will read it: brackets dropped, IPv4 shorthand (`0`, `127.1`) and IPv6 forms normalised. */
export function normalizeHost(host: string): string {
  const h = host.trim().replace(/^\[(.*)\]$/, '$1');
  if (h === '') return '';
  try {
    const u = new URL(`http://${isIP(h) === 6 ? `[${h}]` : h}/`);
    return u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  } catch {
    return h.toLowerCase();
  }
}

/** This machine only: 127.0.0.0/8, ::1 (and its IPv4-mapped form), localhost. */
export function isLoopback(host: string): boolean {
  const h = normalizeHost(host);
  return h === 'localhost' || h === 'localhost.' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}
