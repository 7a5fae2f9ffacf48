// Global setup: test images and dockerd, the renderer and core builds, then `berth serve` on a free port; its URL goes to the specs.
import { spawnSync } from 'node:child_process';
import { root, serve } from './serve.js';

function run(cmd: string, args: string[], opts: { allowFail?: boolean; env?: Record<string, string> } = {}): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // A server someone already started (development): use it as it is.
  if (process.env.BERTH_URL) return async () => undefined;
  if (!process.env.BERTH_E2E_SKIP_SETUP) run('bash', ['scripts/setup-env.sh']);
  if (!process.env.BERTH_E2E_SKIP_BUILD) {
    // A test build: a part of the window can be made to throw (TestFault.tsx), so the error boundaries can be proven.
    run('npm', ['run', 'build:renderer', '--silent'], { env: { VITE_BERTH_TEST_BUILD: '1' } });
    // Type errors elsewhere must not stop the e2e run: tsc still emits; the CLI's presence is what counts.
    run('npx', ['tsc', '-p', 'tsconfig.main.json'], { allowFail: true });
  }
  const served = await serve();
  process.env.BERTH_URL = served.url;
  return () => served.stop();
}
