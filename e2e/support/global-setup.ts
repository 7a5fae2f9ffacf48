// Global setup: test images and dockerd, the renderer and core builds, then `berth serve` on a free port; its URL goes to the specs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

function run(cmd: string, args: string[], opts: { allowFail?: boolean } = {}): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

/** Starts `berth serve --port 0` and resolves with the printed URL (token included). */
function serve(): Promise<{ url: string; child: ChildProcess }> {
  const compiled = join(root, 'dist', 'main', 'cli', 'main.js');
  const [cmd, args] = existsSync(compiled) ? ['node', ['bin/berth.js', 'serve', '--port', '0']] : ['npx', ['tsx', 'main/cli/main.ts', 'serve', '--port', '0']];
  const child = spawn(cmd as string, args as string[], { cwd: root, env: { ...process.env, BERTH_LOG: process.env.BERTH_LOG ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`berth serve printed no URL within 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1] as string, child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
      if (process.env.BERTH_E2E_VERBOSE) process.stderr.write(b);
    });
    child.on('exit', (code) => fail(new Error(`berth serve exited with ${code}:\n${out}`)));
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // A server someone already started (development): use it as it is.
  if (process.env.BERTH_URL) return async () => undefined;
  if (!process.env.BERTH_E2E_SKIP_SETUP) run('bash', ['scripts/setup-env.sh']);
  if (!process.env.BERTH_E2E_SKIP_BUILD) {
    run('npm', ['run', 'build:renderer', '--silent']);
    // Type errors elsewhere must not stop the e2e run: tsc still emits; the CLI's presence is what counts.
    run('npx', ['tsc', '-p', 'tsconfig.main.json'], { allowFail: true });
  }
  const { url, child } = await serve();
  process.env.BERTH_URL = url;
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
