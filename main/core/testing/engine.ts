// Test helpers for integration tests on the real dockerd: a started core, a unique name, and cleanup by label.
import Docker from 'dockerode';
import { createCore, type Core } from '../api.js';

export const TEST_LABEL = 'berth.test';
export const BUSYBOX = 'berth-test/busybox:latest';
export const NOSHELL = 'berth-test/noshell:latest';

let counter = 0;
/** A name unique to this test run. */
export function uniqueName(prefix = 't'): string {
  return `berth-${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
}

export async function startCore(): Promise<Core> {
  const core = createCore({ home: `/tmp/berth-test-home-${process.pid}` });
  core.start();
  await core.ready(20_000);
  return core;
}

/** Removes every container, volume and network carrying the test label (force, with volumes). */
export async function cleanupTestObjects(docker = new Docker()): Promise<void> {
  const filters = JSON.stringify({ label: [TEST_LABEL] });
  const cs = await docker.listContainers({ all: true, filters });
  await Promise.all(cs.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const ns = await docker.listNetworks({ filters });
  await Promise.all(ns.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  const vs = await docker.listVolumes({ filters });
  await Promise.all((vs.Volumes ?? []).map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined)));
}
