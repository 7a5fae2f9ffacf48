#!/usr/bin/env node
// Entry point of the `berth` command: runs the compiled CLI, building it first on a fresh checkout.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { npmCommand } from './npm-command.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'main', 'cli', 'main.js');
if (!existsSync(cli) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  process.stderr.write('berth: first run — building (npm run build)…\n');
  const npm = npmCommand();
  const r = spawnSync(npm.command, ['run', 'build', '--silent'], { cwd: root, shell: npm.shell, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { main } = await import(pathToFileURL(cli).href);
const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
