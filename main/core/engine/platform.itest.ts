// Image platforms for real: the list carries each image's architecture, and `platform` reaches the engine's create.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BerthError } from '../../../app/errors.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { BUSYBOX, TEST_LABEL, cleanupTestObjects, startCore } from '../testing/engine.js';
import { createContainerHandlers } from './containers.js';
import { createImageHandlers } from './images/images.js';

/** Made by scripts/arm64-image.sh: platform linux/arm64/v8, never run here. */
const ARM64 = 'berth-test/busybox-arm64:latest';

let core: Core;
let h: ReturnType<typeof createContainerHandlers>;

beforeAll(async () => {
  execFileSync('bash', ['scripts/arm64-image.sh', ARM64], { stdio: 'inherit' });
  core = await startCore();
  h = createContainerHandlers(core.ctx);
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  core.dispose();
});

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { [TEST_LABEL]: '1' } });

async function failure(p: Promise<unknown>): Promise<BerthError> {
  try {
    await p;
  } catch (e) {
    return e as BerthError;
  }
  throw new Error('expected a failure');
}

describe('image platforms', () => {
  it('the image list says each image’s os, architecture and variant', async () => {
    const list = await createImageHandlers(core.ctx).list(undefined);
    const arm = list.find((i) => i.repoTags.includes(ARM64));
    const x86 = list.find((i) => i.repoTags.includes(BUSYBOX));
    expect(arm).toMatchObject({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(x86).toMatchObject({ os: 'linux', architecture: 'amd64' });
    // The model the windows get deltas from carries them too.
    await core.ctx.model.resync();
    expect([...core.ctx.model.images.values()].find((i) => i.repoTags.includes(ARM64))?.architecture).toBe('arm64');
  });

  it('create passes the platform: the image’s own is accepted, another is refused on the platform field', async () => {
    const arm = await h.create(spec({ image: ARM64, platform: 'linux/arm64' }));
    expect(((await core.ctx.docker.getContainer(arm.id).inspect()) as unknown as { Platform: string }).Platform).toBe('linux');
    const ok = await h.create(spec({ platform: 'Linux/x86_64' }));
    expect(ok.id).toMatch(/^[0-9a-f]{64}$/);
    const e = await failure(h.create(spec({ platform: 'linux/arm64' })));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: 'platform' });
    expect(e.message).toBe(`Image ${BUSYBOX} here is linux/amd64, not linux/arm64: pull it for linux/arm64 first (docker pull --platform linux/arm64 ${BUSYBOX}), or leave Platform blank to run linux/amd64.`);
  });
});
