// `berth serve` for the benchmarks: the same core and server as main/cli/main.ts, serving the built renderer in dist/renderer.
// (main/cli's rendererDir() picks the unbuilt renderer/ source folder when run from source; see bench/FINDINGS.md.)
import { join, resolve } from 'node:path';
import { createCore } from '../../main/core/api.js';
import { startServer } from '../../main/server/server.js';

const root = resolve(import.meta.dirname, '..', '..');
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
