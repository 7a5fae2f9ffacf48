import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../api.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../../testing/engine.js';

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('engine model', () => {
  let core: Core;
  const docker = new Docker();
  beforeAll(async () => {
    core = await startCore();
  });
  afterAll(async () => {
    core.dispose();
    await cleanupTestObjects();
  });

  it('shows a container that exits by itself as exited, and one started outside Berth as running', async () => {
    const name = uniqueName('exits');
    const c = await docker.createContainer({ Image: BUSYBOX, name, Cmd: ['sh', '-c', 'sleep 0.3; exit 3'], Labels: { [TEST_LABEL]: '1' } });
    await c.start();
    expect(await until(() => core.ctx.model.containers.get(c.id)?.state === 'running', 3000)).toBe(true);
    expect(await until(() => core.ctx.model.containers.get(c.id)?.state === 'exited', 3000)).toBe(true);
    expect(core.ctx.model.containers.get(c.id)?.status).toMatch(/Exited \(3\)/);
    await c.remove();
    expect(await until(() => !core.ctx.model.containers.has(c.id), 3000)).toBe(true);
  });

  it('shows a network connect on the container row', async () => {
    const name = uniqueName('netc');
    const net = await docker.createNetwork({ Name: uniqueName('net'), Labels: { [TEST_LABEL]: '1' } });
    const c = await docker.createContainer({ Image: BUSYBOX, name, Cmd: ['sleep', '30'], Labels: { [TEST_LABEL]: '1' } });
    await c.start();
    const netName = (await net.inspect()).Name as string;
    await net.connect({ Container: c.id });
    expect(await until(() => core.ctx.model.containers.get(c.id)?.networks.includes(netName) ?? false, 3000)).toBe(true);
    await c.remove({ force: true });
  });
});
