// Forwards a host port with the engine's own docker-proxy (kernel splice, no copy through JavaScript) when it is installed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, isIPv6, type AddressInfo } from 'node:net';
import { BerthError } from '../../../app/errors.js';
import { createLogger } from '../log.js';
import type { Forwarder } from './publish.js';

const log = createLogger('publish');
const CANDIDATES = ['/usr/sbin/docker-proxy', '/usr/bin/docker-proxy', '/usr/libexec/docker/docker-proxy', '/usr/local/bin/docker-proxy'];

export function findDockerProxy(): string | undefined {
  if (process.env.BERTH_NO_DOCKER_PROXY === '1') return undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * A port on `host` free right now for `proto` (the proxy then binds it; a race shows up as PORT_IN_USE). TCP and UDP
 * ports are separate: a port free for one may be taken for the other.
 */
export function freePort(host: string, proto: 'tcp' | 'udp' = 'tcp'): Promise<number> {
  return new Promise((resolve, reject) => {
    if (proto === 'udp') {
      const u = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', ipv6Only: isIPv6(host) });
      u.once('error', reject);
      u.bind({ address: host, port: 0, exclusive: true }, () => {
        const p = u.address().port;
        u.close(() => resolve(p));
      });
      return;
    }
    const s = createServer();
    s.once('error', reject);
    s.listen({ host, port: 0, exclusive: true }, () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Starts `docker-proxy` for one port. It reports on fd 3 as dockerd expects: "0" when listening,
 * "1\n<reason>" when it could not bind.
 */
export async function forwardWithDockerProxy(binary: string, proto: 'tcp' | 'udp', host: string, target: string, port: number, hostPort = 0): Promise<Forwarder> {
  const chosen = hostPort || (await freePort(host, proto));
  const child = spawn(binary, ['-proto', proto, '-host-ip', host, '-host-port', String(chosen), '-container-ip', target, '-container-port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const report = await new Promise<string>((resolve) => {
    let text = '';
    const status = child.stdio[3];
    const done = () => resolve(text);
    status?.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.startsWith('0') || text.includes('\n')) done();
    });
    child.once('exit', () => resolve(text || '1\ndocker-proxy exited before it was ready'));
    setTimeout(() => resolve(text || '1\ndocker-proxy did not report within 5 s'), 5000).unref();
  });
  if (!report.startsWith('0')) {
    child.kill();
    const reason = report.replace(/^1\n?/, '').trim();
    if (/address already in use|bind/i.test(reason)) {
      throw new BerthError('PORT_IN_USE', `Port ${chosen} on ${host} is in use by another program — choose another or leave the host port blank.`, { field: 'hostPort', detail: reason });
    }
    throw new BerthError('INTERNAL', `Could not forward ${host}:${chosen} to the container.`, { detail: reason });
  }
  child.unref();
  child.stderr?.on('data', (d: Buffer) => log.warn(`docker-proxy ${chosen}: ${d.toString().trim()}`));
  return {
    protocol: proto,
    containerPort: port,
    hostIp: host,
    hostPort: chosen,
    close() {
      child.kill();
    },
  };
}
