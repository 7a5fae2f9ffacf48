import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Duplex, PassThrough, type Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { GUEST_AGENT, ShareEvents } from './events.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-events-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A channel that records what the agent would receive. */
function recorder() {
  const input = new PassThrough();
  const got: string[] = [];
  input.on('data', (d: Buffer) => got.push(...d.toString('utf8').split('\0').filter(Boolean)));
  const channel = Object.assign(Duplex.from({ readable: new PassThrough(), writable: input }), { stderr: new PassThrough() as Readable });
  return { channel, got };
}

const settle = (ms = 600) => new Promise((r) => setTimeout(r, ms));

describe('share file events', () => {
  it('forwards a host save as "<mode> <path>", once, and not the echo of its own chmod', async () => {
    const dir = tmp();
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, 'v1');
    fs.chmodSync(file, 0o640);
    const rec = recorder();
    const ev = new ShareEvents({ channel: async () => rec.channel, flushMs: 20 });
    await ev.watch([dir]);
    fs.writeFileSync(file, 'v2');
    await settle();
    expect(rec.got).toEqual([`640 ${file}`]);
    // The guest's chmod comes back as a host event with nothing changed: not forwarded again.
    fs.chmodSync(file, 0o640);
    await settle();
    expect(rec.got).toHaveLength(1);
    expect(ev.stats.echoes).toBeGreaterThan(0);
    fs.writeFileSync(file, 'v3, longer');
    await settle();
    expect(rec.got).toEqual([`640 ${file}`, `640 ${file}`]);
    await ev.stop();
  });

  it('gives created and deleted entries to their folder too', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'src'));
    const rec = recorder();
    const ev = new ShareEvents({ channel: async () => rec.channel, flushMs: 20 });
    await ev.watch([dir]);
    fs.writeFileSync(path.join(dir, 'src', 'new.ts'), 'x');
    await settle();
    expect(rec.got.map((r) => r.split(' ').slice(1).join(' '))).toEqual(expect.arrayContaining([path.join(dir, 'src', 'new.ts'), path.join(dir, 'src')]));
    rec.got.length = 0;
    fs.rmSync(path.join(dir, 'src', 'new.ts'));
    await settle();
    expect(rec.got.map((r) => r.split(' ').slice(1).join(' '))).toContain(path.join(dir, 'src'));
    expect(rec.got.join()).not.toContain('new.ts');
    await ev.stop();
  });

  it('turns a flood (an npm install) into its top folders, bounded', async () => {
    const dir = tmp();
    const rec = recorder();
    const ev = new ShareEvents({ channel: async () => rec.channel, flushMs: 50, maxBatch: 100 });
    await ev.watch([dir]);
    for (let p = 0; p < 20; p++) {
      const pkg = path.join(dir, 'node_modules', `pkg${p}`);
      fs.mkdirSync(pkg, { recursive: true });
      for (let f = 0; f < 100; f++) fs.writeFileSync(path.join(pkg, `f${f}.js`), 'x');
    }
    await settle(1500);
    expect(ev.stats.events).toBeGreaterThan(1000);
    expect(ev.stats.floods).toBeGreaterThan(0);
    expect(rec.got.length).toBeLessThan(ev.stats.events / 4);
    expect(rec.got.map((r) => r.slice(r.indexOf(' ') + 1))).toContain(path.join(dir, 'node_modules'));
    await ev.stop();
  });

  it('watches only the outermost of nested folders and drops folders no longer asked for', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    const other = tmp();
    const ev = new ShareEvents({ channel: async () => recorder().channel });
    await ev.watch([path.join(dir, 'a', 'b'), dir, other]);
    expect(ev.watching().sort()).toEqual([dir, other].sort());
    await ev.watch([other]);
    expect(ev.watching()).toEqual([other]);
    await ev.stop();
    expect(ev.watching()).toEqual([]);
  });

  it('runs an agent that re-applies each mode without touching content or times, and skips symlinks', async () => {
    const dir = tmp();
    const file = path.join(dir, 'with space.txt');
    fs.writeFileSync(file, 'content');
    fs.chmodSync(file, 0o604);
    const target = path.join(dir, 'target');
    fs.writeFileSync(target, 't');
    fs.chmodSync(target, 0o600);
    fs.symlinkSync(target, path.join(dir, 'link'));
    const before = fs.statSync(file);
    const agent = spawn('sh', ['-c', GUEST_AGENT], { stdio: ['pipe', 'inherit', 'inherit'] });
    await new Promise((r) => setTimeout(r, 1100));
    agent.stdin.end(`604 ${file}\u0000644 ${path.join(dir, 'link')}\u0000644 ${path.join(dir, 'gone')}\u0000`);
    await new Promise((r) => agent.once('exit', r));
    const after = fs.statSync(file);
    expect(after.mode & 0o7777).toBe(0o604);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(fs.readFileSync(file, 'utf8')).toBe('content');
    expect(after.ctimeMs).toBeGreaterThan(before.ctimeMs); // the setattr happened: the guest kernel raises IN_ATTRIB
    expect(fs.statSync(target).mode & 0o7777).toBe(0o600); // never through a symlink
  });
});
