// Makes sure dist/renderer is a build of the renderer as it is now (rebuilds once per run when a source file is newer).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './types.js';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.isFile()) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

let checked: Promise<string | undefined> | undefined;

/** Resolves with a note when the build is stale and could not be rebuilt; throws when there is none. */
export function ensureRenderer(opts: BenchOptions): Promise<string | undefined> {
  checked ??= (async () => {
    const index = join(opts.root, 'dist', 'renderer', 'index.html');
    const built = existsSync(index) ? statSync(index).mtimeMs : 0;
    const src = Math.max(newest(join(opts.root, 'renderer')), newest(join(opts.root, 'app')));
    if (built >= src) return undefined;
    opts.log('  renderer sources are newer than dist/renderer: npm run build:renderer');
    const r = spawnSync('npm', ['run', 'build:renderer', '--silent'], { cwd: opts.root, stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
    if (r.status === 0) return undefined;
    const why = `npm run build:renderer failed (${(r.stderr?.toString() ?? '').trim().split('\n').slice(-3).join(' ')})`;
    if (built === 0) throw new Error(`no renderer build: ${why}`);
    return `the window is an older build of the renderer: ${why}`;
  })();
  return checked;
}
