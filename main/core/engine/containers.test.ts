import { Readable } from 'node:stream';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { toChanges, writeExport } from './containers.js';
import { boundPorts, portError } from './run.js';

describe('toChanges', () => {
  it('maps engine kinds 0/1/2 and tolerates null', () => {
    expect(toChanges([{ Path: '/a', Kind: 0 }, { Path: '/b', Kind: 1 }, { Path: '/c', Kind: 2 }])).toEqual([
      { path: '/a', kind: 'modified' },
      { path: '/b', kind: 'added' },
      { path: '/c', kind: 'deleted' },
    ]);
    expect(toChanges(null)).toEqual([]);
    expect(toChanges(Buffer.from('null\n'))).toEqual([]);
  });
});

describe('boundPorts', () => {
  it('reports live bindings once running, requested ones before', () => {
    const info = {
      Id: 'x',
      Name: '/x',
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '' }] } },
      NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '49153' }, { HostIp: '::', HostPort: '49153' }], '443/tcp': null } },
    };
    expect(boundPorts(info)).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 49153 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 49153 },
    ]);
    expect(boundPorts({ ...info, NetworkSettings: { Ports: {} } })).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 0 }]);
  });
});

describe('portError', () => {
  it('names the port from the engine wording', () => {
    const proxy = new BerthError('PORT_IN_USE', 'x', { detail: 'driver failed programming external connectivity on endpoint a (b): Error starting userland proxy: listen tcp4 127.0.0.1:18080: bind: address already in use' });
    expect(portError(proxy, [18080]).message).toContain('18080');
    expect(portError(proxy, [18080]).field).toBe('ports');
    const alloc = new BerthError('PORT_IN_USE', 'x', { detail: 'Bind for 0.0.0.0:8080 failed: port is already allocated' });
    expect(portError(alloc, [9, 8080]).message).toContain('8080');
    const other = new BerthError('CONFLICT', 'x');
    expect(portError(other, [1])).toBe(other);
  });
});

describe('writeExport', () => {
  it('writes 0600 through a temporary file and counts bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-export-'));
    try {
      const path = join(dir, 'out.tar');
      expect(await writeExport(Readable.from([Buffer.from('abc'), Buffer.from('de')]), path)).toBe(5);
      expect(await readFile(path, 'utf8')).toBe('abcde');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await expect(writeExport(Readable.from([]), join(dir, 'missing', 'x.tar'))).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'path' });
      const failing = new Readable({ read() { this.destroy(new Error('engine went away')); } });
      await expect(writeExport(failing, join(dir, 'f.tar'))).rejects.toBeInstanceOf(BerthError);
      await expect(stat(join(dir, `f.tar.berth-partial-${process.pid}`))).rejects.toThrow();
      expect((await readdir(dir)).sort()).toEqual(['out.tar']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never writes through a symlink planted at a predictable temporary name (issue 13, M5)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-export-'));
    try {
      const victim = join(dir, 'victim');
      await writeFile(victim, 'precious', { mode: 0o644 });
      const path = join(dir, 'out.tar');
      // The name the export used to write through with 'w' (it followed a symlink there).
      await symlink(victim, `${path}.berth-partial-${process.pid}`);
      expect(await writeExport(Readable.from([Buffer.from('exported')]), path)).toBe(8);
      expect(await readFile(victim, 'utf8')).toBe('precious');
      expect(await readFile(path, 'utf8')).toBe('exported');
      // The private scratch folder is gone; the planted link is left alone.
      expect((await readdir(dir)).sort()).toEqual(['out.tar', `out.tar.berth-partial-${process.pid}`, 'victim']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
