// `berth vm start|stop|status|shell`: the Berth VM from a terminal, with honest start-up stages.
import { api } from '../../app/api.js';
import type { VmStatus } from '../../app/vm.js';
import { createCore, stopVmFromOutside, type Core } from '../core/api.js';
import { configureLogging } from '../core/log.js';

type Out = (s: string) => void;

function describeStatus(s: VmStatus): string {
  const stages = s.stages.map((t) => `${t.stage} ${t.durationMs !== undefined ? `${(t.durationMs / 1000).toFixed(1)} s` : t.status === 'failed' ? 'failed' : '…'}`).join(', ');
  const accel = s.accel ? ` [${s.accel}${s.accelNote ? `: ${s.accelNote}` : ''}]` : '';
  return `${s.state}${s.stage ? ` (${s.stage})` : ''}${stages ? ` — ${stages}` : ''}${accel}`;
}

/** The QEMU in use and anything to know about it; the one command that fixes a failed start. Empty when there is nothing to say. */
export function emulatorLines(s: VmStatus | undefined): string {
  const lines: string[] = [];
  const e = s?.emulator;
  if (e) lines.push(`QEMU:  ${e.version ?? 'version unknown'} — ${e.path} (${e.source})${s.guestArch ? `, ${s.guestArch} guest` : ''}`);
  if (e?.note) lines.push(`  Note: ${e.note}`);
  if (s?.error?.fix) lines.push('', 'To fix it, run:', `    ${s.error.fix}`, '');
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function vmOf(core: Core) {
  const vm = core.handlers.vm;
  if (!vm) throw new Error('this core has no VM');
  return vm;
}

async function withVm<T>(fn: (core: Core) => Promise<T>): Promise<T> {
  configureLogging({ level: 'warn' });
  const core = createCore({ vm: true });
  core.start();
  try {
    return await fn(core);
  } finally {
    core.dispose();
  }
}

async function startVm(core: Core, out: Out): Promise<void> {
  let last = '';
  const off = core.bus.on(api.vm.changed, (s) => {
    const line = describeStatus(s as VmStatus);
    if (line !== last) out(`VM: ${(last = line)}\n`);
  });
  try {
    await vmOf(core).start(undefined);
    out(emulatorLines(await vmOf(core).status(undefined)));
  } catch (e) {
    // Said here, before the fix command, so the terminal reads: what failed, then what to run.
    out(`berth: ${e instanceof Error ? e.message : String(e)}\n`);
    out(emulatorLines(await vmOf(core).status(undefined).catch(() => undefined)));
    throw new Reported(e);
  } finally {
    off();
  }
}

/** A failure already printed to the terminal. */
class Reported extends Error {
  constructor(override readonly cause: unknown) {
    super('reported');
  }
}

export async function vmCommand(argv: string[], out: Out): Promise<number> {
  try {
    return await vmSubcommand(argv, out);
  } catch (e) {
    if (!(e instanceof Reported)) throw e;
    return 1;
  }
}

async function vmSubcommand(argv: string[], out: Out): Promise<number> {
  const [sub] = argv;
  switch (sub) {
    case 'status':
      return withVm(async (core) => {
        await new Promise((r) => setTimeout(r, 200));
        out(`VM: ${describeStatus(await vmOf(core).status(undefined))}\n`);
        return 0;
      });
    case 'start': {
      configureLogging({ level: 'warn' });
      const core = createCore({ vm: true });
      core.start();
      try {
        await startVm(core, out);
      } catch (e) {
        core.dispose();
        throw e;
      }
      await core.ready(60_000);
      const s = await vmOf(core).status(undefined);
      out(`Engine ready. Use it with:\n  export DOCKER_HOST=unix://${s.socketPath ?? ''}\n  (or: docker context use berth)\nPress Ctrl+C to stop the VM.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void core.shutdown().then(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    }
    case 'shell':
      return withVm(async (core) => {
        await startVm(core, out);
        const cols = process.stdout.columns ?? 80;
        const rows = process.stdout.rows ?? 24;
        const code = await new Promise<number>((resolve) => {
          let control: { write?(d: string): void; resize?(c: number, r: number): void; close(): void } | undefined;
          const ac = new AbortController();
          const sink = {
            push: (chunk: string) => process.stdout.write(chunk),
            onDrain: () => undefined,
            end: (r: { exitCode: number | null }) => resolve(r.exitCode ?? 0),
            fail: () => resolve(1),
            signal: ac.signal,
          };
          void Promise.resolve(vmOf(core).shell({ cols, rows }, sink)).then((c) => {
            control = c;
            if (process.stdin.isTTY) process.stdin.setRawMode(true);
            process.stdin.on('data', (d: Buffer) => control?.write?.(d.toString('utf8')));
            process.stdout.on('resize', () => control?.resize?.(process.stdout.columns, process.stdout.rows));
          });
        });
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
        process.stdin.pause();
        await core.shutdown();
        return code;
      });
    case 'stop': {
      const bad = argv.slice(1).find((a) => a !== '--shutdown');
      if (bad !== undefined) {
        out(`berth: unknown option ${bad}\nUsage: berth vm stop [--shutdown]\n`);
        return 2;
      }
      return stopVmFromOutside(argv.includes('--shutdown'), out, {
        shutdownSaved: () =>
          withVm(async (core) => {
            await startVm(core, out);
            await vmOf(core).stop({ shutdown: true });
          }),
      });
    }
    default:
      out('Usage: berth vm start | stop [--shutdown] | status | shell\n');
      return sub === undefined ? 0 : 2;
  }
}
