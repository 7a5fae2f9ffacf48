// The `docker` CLI for specs: set up fixtures, read the truth behind the window, clean up everything labelled berth.test=1.
import { execFileSync } from 'node:child_process';

export const TEST_LABEL = 'berth.test=1';
export const BUSYBOX = 'berth-test/busybox:latest';

export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).trim();
}

export function dockerQuiet(...args: string[]): string | undefined {
  try {
    return docker(...args);
  } catch {
    return undefined;
  }
}

/** Removes test containers (by label and by the given names), then test networks and volumes. */
export function cleanup(opts: { names?: string[]; networks?: string[]; volumes?: string[]; images?: string[] } = {}): void {
  const ids = (dockerQuiet('ps', '-aq', '--filter', `label=${TEST_LABEL}`) ?? '').split('\n').filter(Boolean);
  for (const n of opts.names ?? []) {
    const id = dockerQuiet('ps', '-aq', '--filter', `name=^/${n}$`);
    if (id) ids.push(...id.split('\n'));
  }
  if (ids.length) dockerQuiet('rm', '-f', ...new Set(ids));
  for (const n of opts.networks ?? []) dockerQuiet('network', 'rm', n);
  for (const v of opts.volumes ?? []) dockerQuiet('volume', 'rm', '-f', v);
  for (const i of opts.images ?? []) dockerQuiet('rmi', '-f', i);
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}
