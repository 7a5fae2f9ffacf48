// `berth serve` for the benchmarks: the same core and server as main/cli/main.ts, serving the built renderer in dist/renderer.
// (main/cli's rendererDir() picks the unbuilt renderer/ source folder when run from source; see bench/FINDINGS.md.)
import { join, resolve } from 'node:path';
import { createCore } from '../../main/core/api.js';
import { Batcher } from '../../main/core/engine/containers-io.js';
import { startServer } from '../../main/server/server.js';

const root = resolve(import.meta.dirname, '..', '..');

// What-if knob of benchmark 6 (never set for the headline figures): the proposed leading-edge batching, patched in
// at run time so main/ is unchanged. An item that arrives while no batch is open goes out at once and opens a
// batch window; what arrives inside the window is batched as before.
if (process.env.BERTH_BENCH_LEADING_EDGE === '1') {
  type Internals = { items: unknown[]; timer: NodeJS.Timeout | undefined; limits: { intervalMs: number }; deliver(items: unknown[]): void; flush(): void };
  const proto = Batcher.prototype as unknown as Internals & { add(item: unknown): void };
  const add = proto.add;
  proto.add = function (this: Internals, item: unknown) {
    if (this.timer === undefined && this.items.length === 0) {
      this.deliver([item]);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.limits.intervalMs);
      return;
    }
    add.call(this, item);
  };
}

const core = createCore();
core.start();
const server = await startServer({ core, host: '127.0.0.1', port: 0, staticDir: process.env.BERTH_BENCH_STATIC ?? join(root, 'dist', 'renderer') });
process.stdout.write(`Berth is serving the window at:\n  ${server.openUrl}\n`);
const stop = () => {
  core.dispose();
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
