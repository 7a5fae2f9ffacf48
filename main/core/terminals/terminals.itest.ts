// Terminals on the real engine: exec and attach echo input, report exit codes, resize reaches the TTY, busybox fallback.
import { readFile } from 'node:fs/promises';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../app/api.js';
import type { ServerMessage } from '../../../app/protocol.js';
import { RunSpec, type RunSpecInput } from '../../../app/runspec.js';
import type { Core } from '../api.js';
import { createContainerHandlers } from '../engine/containers.js';
import { FakeSink, waitFor } from '../engine/containers-testkit.js';
import { createSession } from '../session.js';
import { BUSYBOX, NOSHELL, TEST_LABEL, cleanupTestObjects, startCore } from '../testing/engine.js';
import { createTerminalHandlers } from './index.js';
import type { TerminalResult } from './pipe.js';
import { isLentPath } from './lent.js';

let core: Core;
let c: ReturnType<typeof createContainerHandlers>;
let t: ReturnType<typeof createTerminalHandlers>;
let noshell = NOSHELL;
const FIXED_NOSHELL = 'berth-test/noshell-berth-terminals:latest';

const spec = (s: Partial<RunSpecInput>) => RunSpec.parse({ image: BUSYBOX, command: ['sleep', '3600'], ...s, labels: { [TEST_LABEL]: '1' } });

/**
 * berth-test/noshell names its busybox /app/sleeper, which busybox does not accept as an applet
 * name, so its containers exit at once. When that is so, build the same kind of image (a static
 * binary, no /bin/sh) whose entrypoint does stay up.
 */
async function runningNoshell(): Promise<string> {
  const r = await c.run(RunSpec.parse({ image: NOSHELL, labels: { [TEST_LABEL]: '1' } }));
  await new Promise((res) => setTimeout(res, 300));
  const ok = await core.ctx.docker.getContainer(r.id).inspect().then((i) => i.State.Running, () => false);
  await c.remove({ id: r.id, force: true, volumes: true });
  if (ok) return NOSHELL;
  // The binary at /app/busybox-sleeper: busybox accepts names that start with "busybox".
  const p = pack();
  const bin = await readFile('/bin/busybox');
  p.entry({ name: 'app', type: 'directory', mode: 0o755 });
  p.entry({ name: 'app/busybox-sleeper', mode: 0o755, size: bin.length }, bin);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p as AsyncIterable<Buffer>) chunks.push(chunk);
  const [repo, tag] = FIXED_NOSHELL.split(':');
  const stream = (await core.ctx.docker.importImage(Buffer.concat(chunks) as unknown as NodeJS.ReadableStream, {
    repo,
    tag,
    changes: ['ENTRYPOINT ["/app/busybox-sleeper","sleep"]', 'CMD ["3600"]'],
  } as object)) as NodeJS.ReadableStream;
  await new Promise((res, rej) => stream.on('end', res).on('error', rej).resume());
  return FIXED_NOSHELL;
}

beforeAll(async () => {
  core = await startCore();
  c = createContainerHandlers(core.ctx);
  t = createTerminalHandlers(core.ctx);
  noshell = await runningNoshell();
});

afterAll(async () => {
  await cleanupTestObjects(core.ctx.docker);
  if (noshell === FIXED_NOSHELL) await core.ctx.docker.getImage(FIXED_NOSHELL).remove({ force: true }).catch(() => undefined);
  core.dispose();
});

const text = (sink: FakeSink<string, TerminalResult>) => sink.chunks.join('');

/** A resize is its own request to the engine: asks the shell again (`line`) until `seen` holds. */
async function askUntil(write: (s: string) => void, line: string, seen: () => boolean, what: string): Promise<void> {
  write(line);
  const asker = setInterval(() => write(line), 300);
  try {
    await waitFor(seen, 10_000, what);
  } finally {
    clearInterval(asker);
  }
}

describe('exec', () => {
  it('a TTY shell echoes input, resizes (stty size), and reports its exit code', async () => {
    const r = await c.run(spec({}));
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.exec({ id: r.id, cmd: ['sh'], tty: true, env: [], fallbackShell: true, cols: 80, rows: 24 }, sink);
    ctl.write?.('echo "hel""lo from exec"\n');
    await waitFor(() => text(sink).includes('hello from exec'), 10_000, 'echo');
    ctl.write?.('stty size\n');
    await waitFor(() => text(sink).includes('24 80'), 10_000, 'initial size');
    ctl.resize?.(100, 40);
    // The output of one line can arrive in more than one chunk: wait for both answers.
    await askUntil((d) => ctl.write?.(d), 'stty size; echo $TERM\n', () => text(sink).includes('40 100') && text(sink).includes('xterm-256color'), 'resized');
    ctl.write?.('exit 3\n');
    expect(await sink.done).toEqual({ exitCode: 3 });
  });

  it('without a TTY: stdout and stderr, user, workdir, env, exit code', async () => {
    const r = await c.run(spec({}));
    const sink = new FakeSink<string, TerminalResult>();
    await t.exec({ id: r.id, cmd: ['sh', '-c', 'echo out; echo err >&2; id -u; pwd; echo $FOO; exit 5'], tty: false, user: '65534', workdir: '/tmp', env: ['FOO=bar'], fallbackShell: true, cols: 80, rows: 24 }, sink);
    expect(await sink.done).toEqual({ exitCode: 5 });
    const out = text(sink);
    for (const s of ['out\n', 'err\n', '65534\n', '/tmp\n', 'bar\n']) expect(out).toContain(s);
  });

  it('no cmd picks sh in a busybox container', async () => {
    const r = await c.run(spec({}));
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.exec({ id: r.id, tty: true, env: [], fallbackShell: true, cols: 80, rows: 24 }, sink);
    ctl.write?.('exit 0\n');
    expect(await sink.done).toEqual({ exitCode: 0, shell: 'sh' });
  });

  it('a container without a shell gets a fresh busybox at a random path, taken out when the last shell closes', async () => {
    const r = await c.run(RunSpec.parse({ image: noshell, labels: { [TEST_LABEL]: '1' } }));
    const refused = new FakeSink<string, TerminalResult>();
    await expect(t.exec({ id: r.id, tty: true, env: [], fallbackShell: false, cols: 80, rows: 24 }, refused)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const lentNow = async () => (await c.diff({ id: r.id })).filter((x) => x.lent).map((x) => x.path);
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.exec({ id: r.id, tty: true, env: [], fallbackShell: true, cols: 80, rows: 24 }, sink);
    // A second shell at the same time gets its own copy.
    const again = new FakeSink<string, TerminalResult>();
    const ctl2 = await t.exec({ id: r.id, tty: true, env: [], fallbackShell: true, cols: 80, rows: 24 }, again);
    const both = await lentNow();
    expect(both).toHaveLength(4);
    expect(both.every(isLentPath)).toBe(true);
    expect((await c.diff({ id: r.id })).filter((x) => !x.lent)).toEqual([]);
    ctl.write?.('echo "bus""ybox here"; ls /app; exit 7\n');
    expect(await sink.done).toEqual({ exitCode: 7, shell: 'busybox sh' });
    expect(text(sink)).toContain('busybox here');
    // One shell is still open: both copies stay.
    await new Promise((res) => setTimeout(res, 300));
    expect(await lentNow()).toHaveLength(4);
    // The image is unchanged: a fresh container from it has no lent busybox.
    const fresh = await c.run(RunSpec.parse({ image: noshell, labels: { [TEST_LABEL]: '1' } }));
    expect(await c.diff({ id: fresh.id })).toEqual([]);
    // Committing while a busybox shell is open is refused: the busybox would go into the image.
    const repo = `berth-test/lent-${process.pid}`;
    await expect(c.commit({ id: r.id, repo, pause: true, changes: [], includeBerthBusybox: false })).rejects.toMatchObject({ code: 'CONFLICT', message: /still open/ });
    ctl2.write?.('exit 0\n');
    expect(await again.done).toEqual({ exitCode: 0, shell: 'busybox sh' });
    await waitFor(async () => (await lentNow()).length === 0, 10_000, 'the lent copies taken out');
    expect(await c.diff({ id: r.id })).toEqual([]);
  });

  it('commit takes a lent busybox out first when no shell uses it, and refuses for a stopped container', async () => {
    const r = await c.run(RunSpec.parse({ image: noshell, labels: { [TEST_LABEL]: '1' } }));
    const ctr = core.ctx.docker.getContainer(r.id);
    // A copy left behind (a core that stopped mid-session): no shell of this core uses it.
    const { installBusybox, newLentPath } = await import('./shell.js');
    const left = newLentPath();
    await installBusybox(ctr, left.dir);
    const repo = `berth-test/lent-commit-${process.pid}`;
    const out = await c.commit({ id: r.id, repo, tag: 'v1', pause: true, changes: ['ENV LENT=gone'], includeBerthBusybox: false });
    try {
      expect(out.removedLent).toEqual([left.dir]);
      expect((await c.diff({ id: r.id })).filter((x) => x.lent)).toEqual([]);
      const img = await core.ctx.docker.getImage(`${repo}:v1`).inspect();
      expect(img.Config.Env).toContain('LENT=gone');
      // The committed image has no lent folder: a container from it shows none.
      const fresh = await c.create(RunSpec.parse({ image: `${repo}:v1`, labels: { [TEST_LABEL]: '1' } }));
      await expect(core.ctx.docker.getContainer(fresh.id).infoArchive({ path: left.dir })).rejects.toMatchObject({ statusCode: 404 });
      await c.remove({ id: fresh.id, force: true, volumes: true });
      // Stopped with a copy inside: refused, unless the person includes it.
      const again = newLentPath();
      await installBusybox(ctr, again.dir);
      await c.kill({ id: r.id });
      await waitFor(async () => !(await ctr.inspect()).State.Running, 10_000, 'stopped');
      await expect(c.commit({ id: r.id, repo, tag: 'v2', pause: true, changes: [], includeBerthBusybox: false })).rejects.toMatchObject({ code: 'CONFLICT', message: /stopped/ });
      const kept = await c.commit({ id: r.id, repo, tag: 'v2', pause: true, changes: [], includeBerthBusybox: true });
      expect(kept.removedLent).toBeUndefined();
    } finally {
      for (const tag of ['v1', 'v2']) await core.ctx.docker.getImage(`${repo}:${tag}`).remove({ force: true }).catch(() => undefined);
    }
  });

  it('CONFLICT for a stopped container, NOT_FOUND for a missing one', async () => {
    const r = await c.create(spec({}));
    await expect(t.exec({ id: r.id, cmd: ['sh'], tty: true, env: [], fallbackShell: true, cols: 80, rows: 24 }, new FakeSink())).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.attach({ id: 'berth-no-such-container', cols: 80, rows: 24 }, new FakeSink())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('attach (-ti)', () => {
  it('a -ti container echoes input, resizes, and reports its exit code', async () => {
    const r = await c.run(spec({ command: ['sh'], tty: true, interactive: true }));
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.attach({ id: r.id, cols: 90, rows: 30 }, sink);
    ctl.write?.('echo "att""ached"\n');
    await waitFor(() => text(sink).includes('attached'), 10_000, 'echo');
    ctl.write?.('stty size\n');
    await waitFor(() => text(sink).includes('30 90'), 10_000, 'size');
    ctl.resize?.(120, 50);
    await askUntil((d) => ctl.write?.(d), 'stty size\n', () => text(sink).includes('50 120'), 'resized');
    ctl.write?.('exit 4\n');
    expect(await sink.done).toEqual({ exitCode: 4 });
  });

  it('without a TTY (-i only): stdin in, demultiplexed output out', async () => {
    const r = await c.run(spec({ command: ['sh', '-c', 'while read l; do echo "got $l"; echo "warn $l" >&2; done; exit 2'], interactive: true }));
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.attach({ id: r.id, cols: 80, rows: 24 }, sink);
    ctl.write?.('one\n');
    await waitFor(() => text(sink).includes('got one') && text(sink).includes('warn one'), 10_000, 'echo');
    // PID 1 ignores SIGTERM; KILL ends it with 128+9.
    await c.kill({ id: r.id, signal: 'KILL' });
    expect(await sink.done).toEqual({ exitCode: 137 });
  });

  it('--rm -ti: the exit code survives the removal', async () => {
    const r = await c.run(spec({ command: ['sh'], tty: true, interactive: true, autoRemove: true }));
    const sink = new FakeSink<string, TerminalResult>();
    const ctl = await t.attach({ id: r.id, cols: 80, rows: 24 }, sink);
    ctl.write?.('exit 9\n');
    expect(await sink.done).toEqual({ exitCode: 9 });
  });
});

describe('through the session (the wire)', () => {
  it('opens an exec stream, writes, resizes and ends with the exit code', async () => {
    const r = await c.run(spec({}));
    const sent: ServerMessage[] = [];
    const session = createSession(api, { terminals: t }, core.bus, { send: (m) => sent.push(m) });
    const send = (m: object) => session.handle(JSON.stringify(m));
    send({ t: 'open', sid: 1, ch: 'terminals.exec', in: { id: r.id, cmd: ['sh'] } });
    const output = () => sent.filter((m): m is Extract<ServerMessage, { t: 'data' }> => m.t === 'data').map((m) => String(m.chunk)).join('');
    await waitFor(() => session.streamCount() === 1 && sent.length >= 0, 5_000, 'open');
    await new Promise((res) => setTimeout(res, 100));
    send({ t: 'resize', sid: 1, cols: 132, rows: 43 });
    await askUntil((data) => send({ t: 'write', sid: 1, data }), 'stty size\n', () => output().includes('43 132'), 'resized over the wire');
    send({ t: 'ack', sid: 1, n: sent.filter((m) => m.t === 'data').length });
    send({ t: 'write', sid: 1, data: 'exit 6\n' });
    const end = await waitFor(() => sent.find((m) => m.t === 'end'), 10_000, 'end');
    expect(end).toMatchObject({ t: 'end', sid: 1, result: { exitCode: 6 } });
    session.dispose();
  });
});
