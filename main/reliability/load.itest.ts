// Load: 200 containers, 20 open terminals and a log firehose at once — every terminal still echoes, memory stays bounded.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { StreamHandle } from '../../app/contract.js';
import type { Core } from '../core/api.js';
import { BUSYBOX, cleanupTestObjects, startCore, TEST_LABEL, uniqueName } from '../core/testing/engine.js';
import { startServer, type RunningServer } from '../server/server.js';
import { connectClient } from '../server/testClient.js';

const enabled = process.env.BERTH_FAULT_TESTS === '1';

describe.skipIf(!enabled)('load', () => {
  const docker = new Docker();
  let core: Core | undefined;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
    core?.dispose();
    await cleanupTestObjects();
  }, 300_000);

  it('200 containers, 20 terminals and a log firehose: every terminal echoes, the model has them all, memory bounded', async () => {
    core = await startCore();
    server = await startServer({ core, staticDir: mkdtempSync(join(tmpdir(), 'berth-static-')) });
    const { client, opened } = connectClient(server.url, server.token);
    await opened;

    const prefix = uniqueName('load');
    const ids: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const made = await Promise.all(
        Array.from({ length: 10 }, (_, i) => docker.createContainer({ Image: BUSYBOX, name: `${prefix}-${batch * 10 + i}`, Cmd: ['sleep', '600'], Labels: { [TEST_LABEL]: '1' } })),
      );
      ids.push(...made.map((c) => c.id));
    }
    // 20 of them run, with a terminal open in each; one more floods its log.
    const running = ids.slice(0, 20);
    await Promise.all(running.map((id) => docker.getContainer(id).start()));
    const fire = await docker.createContainer({ Image: BUSYBOX, name: `${prefix}-firehose`, Cmd: ['sh', '-c', 'yes "firehose line of about sixty characters, again and again and again"'], Labels: { [TEST_LABEL]: '1' } });
    await fire.start();
    let fireLines = 0;
    const logs = client.containers.logs({ id: fire.id, follow: true }, { onData: (c) => (fireLines += c.length), onEnd: () => undefined });

    const rssBefore = process.memoryUsage().rss;
    const outputs = running.map(() => '');
    const terms: StreamHandle[] = running.map((id, i) =>
      client.terminals.exec({ id, cmd: ['sh'], cols: 80, rows: 24 }, { onData: (d) => (outputs[i] += d), onEnd: () => undefined }),
    );
    await new Promise((r) => setTimeout(r, 1500));
    terms.forEach((t, i) => t.write(`echo marker-$((${i}+1000))\n`));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !outputs.every((o, i) => o.includes(`marker-${i + 1000}`))) await new Promise((r) => setTimeout(r, 100));
    expect(outputs.map((o, i) => o.includes(`marker-${i + 1000}`))).toEqual(running.map(() => true));
    expect(fireLines).toBeGreaterThan(1000);

    // The model knows all 201 containers.
    const list = await client.containers.list({ all: true });
    expect(list.filter((c) => c.name.startsWith(prefix)).length).toBe(201);
    // Memory stays bounded while the firehose keeps going.
    await new Promise((r) => setTimeout(r, 3000));
    const growthMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    expect(growthMiB).toBeLessThan(300);

    for (const t of terms) t.close();
    logs.close();
  }, 300_000);
});
