// Docker helpers of the benchmarks: the CLI (timed references), dockerode for setup, cleanup of everything labelled berth.bench.
import { execFile, spawn } from 'node:child_process';
import Docker from 'dockerode';

export const BENCH_LABEL = 'berth.bench';
/** This run's value of the label: concurrent runs (another session, CI) must not remove each other's containers. */
export const RUN_ID = String(process.pid);
/** `--label` argument for the docker CLI. */
export const BENCH_TAG = `${BENCH_LABEL}=${RUN_ID}`;
export const BUSYBOX = 'berth-test/busybox:latest';

export const docker = new Docker();

let counter = 0;
export function benchName(prefix: string): string {
  return `berth-bench-${prefix}-${process.pid}-${(counter++).toString(36)}`;
}

/** Runs the docker CLI and resolves with its stdout (rejects on a non-zero exit). */
export function dockerCli(args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`docker ${args.slice(0, 3).join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Runs the docker CLI (with `env`, e.g. another DOCKER_HOST) with its output read and counted (bytes, newlines) and timed from spawn to exit. */
export function dockerCliCount(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    let bytes = 0;
    let lines = 0;
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      bytes += b.length;
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (b: Buffer) => {
      bytes += b.length;
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
      if (err.length < 4000) err += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`docker ${args.join(' ')} exited ${code}: ${err.trim()}`));
      else resolve({ ms: performance.now() - t0, bytes, lines });
    });
  });
}

/** Creates `n` stopped containers labelled berth.bench, `concurrency` at a time; resolves with their ids. */
export async function createMany(n: number, prefix: string, opts: { concurrency?: number; cmd?: string[]; start?: boolean; log?: (m: string) => void } = {}): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const c = await docker.createContainer({
        Image: BUSYBOX,
        name: `${benchName(prefix)}-${i}`,
        Cmd: opts.cmd ?? ['true'],
        Labels: { [BENCH_LABEL]: RUN_ID },
        HostConfig: { LogConfig: { Type: 'json-file', Config: {} } },
      });
      if (opts.start) await c.start();
      ids.push(c.id);
      if (opts.log && ids.length % 250 === 0) opts.log(`  ${ids.length}/${n} containers`);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 6 }, worker));
  return ids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Force-removes this run's containers (label berth.bench=<pid>); with `leftovers`, also those of runs whose
 * process is gone. Never those of a bench running alongside.
 */
export async function cleanupBench(opts: { leftovers?: boolean } = {}): Promise<number> {
  const all = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [BENCH_LABEL] }) });
  const cs = all.filter((c) => {
    const v = c.Labels[BENCH_LABEL] ?? '';
    if (v === RUN_ID) return true;
    return opts.leftovers === true && !(/^\d+$/.test(v) && alive(Number(v)));
  });
  let next = 0;
  const worker = async () => {
    while (next < cs.length) {
      const c = cs[next++]!;
      await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return cs.length;
}

/** Number of containers the engine has (all states). */
export async function containerCount(): Promise<number> {
  return (await docker.listContainers({ all: true })).length;
}

export async function engineFacts(): Promise<{ version: string; driver: string; ncpu: number; memBytes: number; kernel: string }> {
  const info = (await docker.info()) as { ServerVersion: string; Driver: string; NCPU: number; MemTotal: number; KernelVersion: string };
  return { version: info.ServerVersion, driver: info.Driver, ncpu: info.NCPU, memBytes: info.MemTotal, kernel: info.KernelVersion };
}
