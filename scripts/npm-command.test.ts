// bin/berth.js and `npm start` spawn npm the way each platform allows (issue 13, D6: Node refuses a .cmd without a shell).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmCommand } from '../bin/npm-command.js';

describe('npmCommand', () => {
  it('is npm.cmd through a shell on Windows, plain npm without one elsewhere', () => {
    expect(npmCommand('win32')).toEqual({ command: 'npm.cmd', shell: true });
    for (const p of ['linux', 'darwin', 'freebsd'] as const) expect(npmCommand(p)).toEqual({ command: 'npm', shell: false });
  });

  it('runs npm here', () => {
    const npm = npmCommand();
    const r = spawnSync(npm.command, ['--version'], { shell: npm.shell, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is what both launchers use: neither spawns a bare "npm"', () => {
    for (const file of ['bin/berth.js', 'scripts/start.js']) {
      const text = readFileSync(join(process.cwd(), file), 'utf8');
      expect(text, file).toContain('npmCommand()');
      expect(text, file).not.toMatch(/spawn(Sync)?\(\s*'npm'/);
      expect(text, file).toMatch(/shell: npm\.shell/);
    }
  });
});
