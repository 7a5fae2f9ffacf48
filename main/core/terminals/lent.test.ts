import { describe, expect, it, vi } from 'vitest';
import { isLentPath, lentDirs, LentBusyboxes, markLent } from './lent.js';
import { busyboxTar, newLentPath } from './shell.js';
import { extract } from 'tar-stream';

describe('lent busybox paths', () => {
  it('a fresh random folder each time, named so busybox runs its applets', () => {
    const a = newLentPath();
    const b = newLentPath();
    expect(a.dir).toMatch(/^\/\.berth-[0-9a-f]{16}$/);
    expect(a.binary).toBe(`${a.dir}/busybox`);
    expect(a.dir).not.toBe(b.dir);
    expect(isLentPath(a.dir) && isLentPath(a.binary)).toBe(true);
  });

  it('only Berth\'s pattern counts as lent', () => {
    for (const p of ['/.berth', '/.berth/busybox', '/.berth-xyz/busybox', '/.berth-0123456789abcdef/other', '/app/.berth-0123456789abcdef', '/tmp/x']) expect(isLentPath(p), p).toBe(false);
  });

  it('marks lent changes and finds the added folders', () => {
    const d = '/.berth-0123456789abcdef';
    const changes = markLent([{ path: d, kind: 'added' }, { path: `${d}/busybox`, kind: 'added' }, { path: '/tmp/mine', kind: 'added' }]);
    expect(changes).toEqual([{ path: d, kind: 'added', lent: true }, { path: `${d}/busybox`, kind: 'added', lent: true }, { path: '/tmp/mine', kind: 'added' }]);
    expect(lentDirs(changes)).toEqual([d]);
  });

  it('the tar holds the folder and a 0755 busybox inside it', async () => {
    const tar = await busyboxTar(Buffer.from('bin'), '/.berth-0123456789abcdef');
    const seen: [string, number | undefined][] = [];
    await new Promise<void>((ok, fail) => {
      const x = extract();
      x.on('entry', (h, s, next) => {
        seen.push([h.name, h.mode]);
        s.on('end', next).resume();
      });
      x.on('finish', ok).on('error', fail);
      x.end(tar);
    });
    expect(seen).toEqual([['.berth-0123456789abcdef', 0o755], ['.berth-0123456789abcdef/busybox', 0o755]]);
  });
});

describe('LentBusyboxes', () => {
  it('takes the copies out when the last shell on that container closes, not before', async () => {
    const remove = vi.fn(async () => undefined);
    const l = new LentBusyboxes(remove);
    const r1 = l.reserve('c1', '/.berth-aaaaaaaaaaaaaaaa');
    const r2 = l.reserve('c1', '/.berth-bbbbbbbbbbbbbbbb');
    const other = l.reserve('c2', '/.berth-cccccccccccccccc');
    expect(l.openShells('c1')).toBe(2);
    await r1();
    await r1();
    expect(remove).not.toHaveBeenCalled();
    expect(l.openShells('c1')).toBe(1);
    await r2();
    expect(remove).toHaveBeenCalledWith('c1', '/.berth-aaaaaaaaaaaaaaaa/busybox', ['/.berth-aaaaaaaaaaaaaaaa', '/.berth-bbbbbbbbbbbbbbbb']);
    expect(l.openShells('c1')).toBe(0);
    expect(l.openShells('c2')).toBe(1);
    await other();
    expect(remove).toHaveBeenCalledTimes(2);
  });

  it('leftover copies go too, but never one a newer shell has taken meanwhile', async () => {
    const remove = vi.fn(async () => undefined);
    let again: (() => Promise<void>) | undefined;
    const leftovers = vi.fn(async () => {
      if (again) return [];
      // A new shell reserves its copy while the last one's release is looking for leftovers.
      again = l.reserve('c1', '/.berth-2222222222222222');
      return ['/.berth-0000000000000000', '/.berth-2222222222222222'];
    });
    const l = new LentBusyboxes(remove, leftovers);
    await l.reserve('c1', '/.berth-1111111111111111')();
    expect(remove).toHaveBeenCalledWith('c1', '/.berth-1111111111111111/busybox', ['/.berth-1111111111111111', '/.berth-0000000000000000']);
    expect(l.openShells('c1')).toBe(1);
    await again?.();
    expect(remove).toHaveBeenLastCalledWith('c1', '/.berth-2222222222222222/busybox', ['/.berth-2222222222222222']);
  });

  it('runs the removal with another copy when the first is gone', async () => {
    const remove = vi.fn(async (_id: string, binary: string) => {
      if (binary.startsWith('/.berth-aaaa')) throw new Error('rm exited with 127');
    });
    const l = new LentBusyboxes(remove);
    const a = l.reserve('c1', '/.berth-aaaaaaaaaaaaaaaa');
    const b = l.reserve('c1', '/.berth-bbbbbbbbbbbbbbbb');
    await a();
    await b();
    expect(remove).toHaveBeenLastCalledWith('c1', '/.berth-bbbbbbbbbbbbbbbb/busybox', ['/.berth-aaaaaaaaaaaaaaaa', '/.berth-bbbbbbbbbbbbbbbb']);
  });

  it('a container that stopped keeps its copy, and the release does not throw', async () => {
    const l = new LentBusyboxes(async () => {
      throw new Error('container is not running');
    });
    await expect(l.reserve('c1', '/.berth-1111111111111111')()).resolves.toBeUndefined();
  });

  it('takeOut for a commit: CONFLICT with the reason when it cannot', async () => {
    const l = new LentBusyboxes(async () => {
      throw new Error('rm exited with 1');
    });
    await expect(l.takeOut('c1', ['/.berth-1111111111111111'])).rejects.toMatchObject({ code: 'CONFLICT', message: /could not take its busybox out.*rm exited with 1/ });
    await expect(new LentBusyboxes(async () => undefined).takeOut('c1', [])).resolves.toBeUndefined();
  });
});
