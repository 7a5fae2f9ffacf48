// Stats snapshots on the real engine: one request samples several containers, a busy one shows its CPU, stopped and unknown ones are left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { BUSYBOX, TEST_LABEL, cleanupTestObjects, startCore } from '../testing/engine.js';
import { createContainerHandlers } from './containers.js';

let core: Core;
let h: ReturnType<typeof createContainerHandlers>;

beforeAll(async () => {
  core = await startCore();
  h = createContainerHandlers(core.ctx);
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  core.dispose();
});

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { [TEST_LABEL]: '1' } });

describe('containers.statsSnapshot', () => {
  it('samples running containers in one request, with CPU over the time since the last one', async () => {
    const busy = await h.run(spec({ command: ['sh', '-c', 'while :; do :; done'], memory: 64 * 1024 * 1024 }));
    const idle = await h.run(spec({}));
    const stopped = await h.create(spec({}));
    const first = await h.statsSnapshot({ ids: [busy.id, idle.id, stopped.id, 'no-such-container-berth'] });
    expect(Object.keys(first).sort()).toEqual([busy.id, idle.id].sort());
    expect(first[busy.id]?.memLimit).toBe(64 * 1024 * 1024);
    expect(first[busy.id]?.cpuPercent).toBeGreaterThan(10);
    expect(first[idle.id]?.cpuPercent).toBeLessThan(5);
    expect(first[idle.id]?.memUsage).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    const second = await h.statsSnapshot({ ids: [busy.id, idle.id] });
    expect(second[busy.id]?.cpuPercent).toBeGreaterThan(10);
    expect(second[idle.id]?.cpuPercent).toBeLessThan(5);
    expect(await h.statsSnapshot({ ids: [] })).toEqual({});
  });
});
