// PERMISSION_DENIED provoked for real: the core, as a user outside the docker group, on the engine's 0660 socket.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const canDrop = process.getuid?.() === 0 && (statSync('/var/run/docker.sock', { throwIfNoEntry: false })?.mode ?? 0o777) % 0o10 === 0;

describe.skipIf(!canDrop)('engine socket permissions', () => {
  it('says "permission denied" and how to fix it, as state and as the request error', () => {
    const script = fileURLToPath(new URL('./as-nobody.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
    const r = JSON.parse(out.trim().split('\n').at(-1) as string) as { status: { state: string; reason: string; error: { code: string } }; request: { code: string; message: string } };
    expect(r.status.state).toBe('down');
    expect(r.status.error.code).toBe('PERMISSION_DENIED');
    expect(r.status.reason).toMatch(/Permission denied on \/var\/run\/docker\.sock\. Add your user to the "docker" group/);
    expect(r.request.code).toBe('PERMISSION_DENIED');
  });
});
