// Starts `berth serve` (the compiled CLI, else the TypeScript source via tsx) and resolves with the printed URL (its token in the fragment).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..', '..');

export interface Served {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs` (default 2 s; a core running the VM needs longer to stop it). */
  stop(graceMs?: number): Promise<void>;
}

/** `env` adds to the environment (e.g. a BERTH_HOME of the spec's own, so what it stores stays there). */
export function serve(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Served> {
  const compiled = join(root, 'dist', 'main', 'cli', 'main.js');
  const args = ['serve', '--port', '0', ...extraArgs];
  const [cmd, argv] = existsSync(compiled) ? ['node', ['bin/berth.js', ...args]] : ['npx', ['tsx', 'main/cli/main.ts', ...args]];
  const child = spawn(cmd as string, argv as string[], { cwd: root, env: { ...process.env, BERTH_LOG: process.env.BERTH_LOG ?? 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async (graceMs = 2000) => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    for (let i = 0; i < graceMs / 100 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`berth serve printed no URL within 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      if (process.env.BERTH_E2E_VERBOSE) process.stderr.write(b);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1] as string, child, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`berth serve exited with ${code}:\n${out}`));
    });
  });
}
