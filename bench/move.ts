// Benchmark 11: engines — an image of >= 200 MB moved between two local engines by engines.moveImage, against `docker save | docker -H <other> load`;
// and (switch.ts) another engine chosen in the window's top bar -> its containers painted.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBusyboxImage } from '../main/core/testing/busybox-image.js';
import { startSecondDockerd, type SecondDockerd } from '../main/core/testing/second-dockerd.js';
import { withCore, type Client } from './lib/core.js';
import { docker, RUN_ID } from './lib/docker.js';
import { figure, summarize } from './lib/stats.js';
import { switchFigure } from './switch.js';
import type { Bench } from './lib/types.js';

const CONTEXT = 'bench-second';

/** engines.moveImage over the WebSocket, from the host's engine to the second: ms and the bytes it streamed. */
function berthMove(client: Client, image: string): Promise<{ ms: number; bytes: number; skipped: boolean }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    client.engines.moveImage(
      { from: 'host', to: `context:${CONTEXT}`, image },
      {
        onData: () => undefined,
        onEnd: (r, err) => (err || !r ? reject(new Error(err?.message ?? 'no result')) : resolve({ ms: performance.now() - t0, bytes: r.bytes, skipped: r.skipped })),
      },
    );
  });
}

/** The docker CLI's way: two processes and a pipe. */
function cliMove(image: string, to: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('sh', ['-c', 'docker save "$1" | docker -H "$2" load -q', 'sh', image, to], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`docker save | docker load exited ${code}: ${err.trim()}`))));
  });
}

export const moveBench: Bench = {
  n: 11,
  name: 'engines',
  async run(opts) {
    const size = opts.quick ? 8 * 2 ** 20 : 200 * 2 ** 20;
    const repeats = opts.quick ? 1 : 3;
    const image = `berth-bench/move:${RUN_ID}`;
    const config = mkdtempSync(join(tmpdir(), 'berth-bench-move-'));
    let second: SecondDockerd | undefined;
    try {
      second = await startSecondDockerd();
      const id = importBusyboxImage(image, { randomBytes: size, id: `${RUN_ID}-${Date.now()}` });
      const bytes = ((await docker.getImage(id).inspect()) as { Size: number }).Size;
      opts.log(`  image ${image}: ${(bytes / 2 ** 20).toFixed(0)} MiB`);
      // The core finds the second engine as a docker context, made by the real docker CLI.
      execFileSync('docker', ['context', 'create', CONTEXT, '--docker', `host=${second.url}`], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
      const target = second;
      const drop = () => target.docker.getImage(id).remove({ force: true }).catch(() => undefined);
      const run = await withCore(
        opts,
        'move',
        async (_s, client) => {
          const berth: number[] = [];
          const cli: number[] = [];
          let streamed = 0;
          for (let i = 0; i < repeats; i++) {
            // Interleaved, each first in turn: a loaded machine slows both alike.
            const order = i % 2 === 0 ? ['berth', 'cli'] : ['cli', 'berth'];
            for (const who of order) {
              await drop();
              if (who === 'berth') {
                const r = await berthMove(client, image);
                if (r.skipped) throw new Error('the target already had the image: nothing was measured');
                streamed = r.bytes;
                berth.push(r.ms);
              } else cli.push(await cliMove(image, target.url));
              opts.log(`  ${who}: ${(who === 'berth' ? berth : cli).at(-1)?.toFixed(0)} ms`);
            }
          }
          const skip = await berthMove(client, image);
          return { berth, cli, streamed, skipMs: skip.ms, skipped: skip.skipped };
        },
        { DOCKER_CONFIG: config },
      );
      const v = run.value;
      const switching = await switchFigure(opts, second, config, CONTEXT);
      const mbps = (ms: number) => bytes / 2 ** 20 / (ms / 1000);
      return {
        status: 'ran',
        figures: [
          figure({
            id: '11.move',
            title: `engines.moveImage of a ${(bytes / 2 ** 20).toFixed(0)} MiB image, host dockerd -> a second dockerd`,
            unit: 'MiB/s',
            better: 'higher',
            berth: summarize(v.berth.map(mbps)),
            reference: { label: '`docker save | docker -H <other> load`', summary: summarize(v.cli.map(mbps)) },
            ratioTarget: { min: 0.9, text: '>= 0.9x' },
            extra: {
              'Berth, ms': summarize(v.berth),
              'CLI pipe, ms': summarize(v.cli),
              'bytes Berth streamed (the save archive)': v.streamed,
              'moved again: skipped (same image ID), ms': v.skipped ? v.skipMs : 'not skipped',
            },
            notes: [
              'Both ends are on this machine (the second dockerd on its own socket, vfs storage, its own network namespace); the load writes every layer, so the target\'s disk bounds both.',
              'Berth pipes the engine\'s save stream into the other\'s load inside the core, counting bytes on the way; the CLI pipes two processes.',
            ],
          }),
          switching,
        ],
        ...(run.profile ? { profile: run.profile } : {}),
      };
    } finally {
      await docker.getImage(image).remove({ force: true }).catch(() => undefined);
      await second?.stop();
      rmSync(config, { recursive: true, force: true });
    }
  },
};
