// `npm start`: builds, then opens the Electron window where an Electron binary exists, else runs `berth serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npmCommand } from '../bin/npm-command.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = npmCommand();
const r = spawnSync(npm.command, ['run', 'build', '--silent'], { cwd: root, shell: npm.shell, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

function electronBinary() {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux';
if (electron && !headless) {
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    electron
      ? 'No display here: starting the headless web UI (berth serve) instead of the Electron window.\n'
      : 'No Electron binary is installed here (it is downloaded by electron\'s postinstall, skipped on this machine): starting the headless web UI (berth serve) instead.\n',
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'berth.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}
