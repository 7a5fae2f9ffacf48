// The electronegativity gate: clean on our host, and it does bite on a window that breaks the rules (a negative control).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const run = (input?: string) => spawnSync('bash', ['scripts/electronegativity.sh', ...(input ? [input] : [])], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });

describe('scripts/electronegativity.sh', () => {
  it('passes on main/electron: nothing above LOW without a documented reason', () => {
    const r = run();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/[1-9]\d* checks, \d+ finding\(s\), 0 above LOW without a reason/);
  }, 130_000);

  it('fails on an insecure window (negative control)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-en-bad-'));
    writeFileSync(
      join(dir, 'bad.ts'),
      `import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });\n`,
    );
    const r = run(dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    for (const check of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) expect(r.stdout).toContain(check);
  }, 130_000);
});
