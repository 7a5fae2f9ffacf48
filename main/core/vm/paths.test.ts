// VM paths: the QMP socket's fallback for deep homes lives in a private mkdtemp folder, not at a fixed /tmp name (issue 13, low).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shortSocketPath, vmPaths } from './paths.js';

describe('shortSocketPath', () => {
  it('keeps a path that fits in sun_path', () => {
    expect(shortSocketPath('/home/me/.berth/vm/default/qmp.sock', 'berth-qmp-default')).toBe('/home/me/.berth/vm/default/qmp.sock');
  });

  it('falls back into a private, unpredictable folder of this process, not a fixed name in the shared temp dir', () => {
    const deep = `/home/${'x'.repeat(120)}/.berth/vm/default/qmp.sock`;
    const sock = shortSocketPath(deep, 'berth-qmp-default');
    const dir = path.dirname(sock);
    expect(path.basename(sock)).toBe('berth-qmp-default.sock');
    expect(dir).not.toBe(os.tmpdir());
    expect(path.dirname(dir)).toBe(os.tmpdir());
    expect(path.basename(dir)).toMatch(/^berth-[A-Za-z0-9]{6}$/);
    const st = fs.lstatSync(dir);
    expect(st.isDirectory()).toBe(true);
    expect(st.mode & 0o777).toBe(0o700);
    if (process.getuid) expect(st.uid).toBe(process.getuid());
    expect(Buffer.byteLength(sock)).toBeLessThan(104);
    // One folder per process, shared by every VM's socket.
    expect(path.dirname(shortSocketPath(deep, 'berth-qmp-other'))).toBe(dir);
    expect(vmPaths('default', `/home/${'y'.repeat(120)}/.berth`).qmpSocket).toBe(sock);
  });
});
