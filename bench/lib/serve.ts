// The Berth core as a user runs it: a child process of `berth serve`, its URL and token, a typed client, and /proc samples of it.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectClient } from '../../main/server/testClient.js';

export interface Served {
  child: ChildProcess;
  pid: number;
  url: string;
  token: string;
  /** URL with the token in its fragment (`#token=…`), to open in a browser. */
  openUrl: string;
  home: string;
  /** Stops the child (SIGTERM, then SIGKILL) and resolves once it exited. */
  stop(): Promise<void>;
  /** Where --cpu-prof wrote its profile, once stopped (profile mode only). */
  profileDir?: string;
}

export interface ServeOptions {
  root: string;
  /** Run under --cpu-prof, writing into this folder. */
  cpuProfDir?: string;
  env?: Record<string, string>;
}

/**
 * Starts `berth serve --port 0` in a child process from the source tree (tsx: `main/cli/main.ts serve`), so
 * the figures are of the code as it is now, not of a stale build; BERTH_BENCH_SERVE=dist runs the compiled CLI.
 */
export function startServe(opts: ServeOptions): Promise<Served> {
  const home = mkdtempSync(join(tmpdir(), 'berth-bench-home-'));
  const mode = process.env.BERTH_BENCH_SERVE ?? 'cli';
  const nodeArgs = [...(mode === 'dist' ? [] : ['--import', 'tsx']), ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [])];
  const entry = [mode === 'dist' ? 'dist/main/cli/main.js' : 'main/cli/main.ts', 'serve', '--port', '0'];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: opts.root,
    env: { ...process.env, BERTH_HOME: home, BERTH_LOG: process.env.BERTH_LOG ?? 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`berth serve printed no URL within 60 s:\n${out.slice(-2000)}`));
    }, 60_000);
    const onData = (b: Buffer) => {
      if (out.length < 100_000) out += b.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)#token=([\w-]+)/.exec(out);
      if (m && child.pid) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        const served: Served = { child, pid: child.pid, url: m[1]!, token: m[2]!, openUrl: `${m[1]!}#token=${m[2]!}`, home, stop };
        if (opts.cpuProfDir) served.profileDir = opts.cpuProfDir;
        resolve(served);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      if (out.length < 100_000) out += b.toString();
      if (process.env.BERTH_BENCH_VERBOSE) process.stderr.write(b);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`berth serve exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

/** A typed client over the same WebSocket transport a window uses; resolves once the socket is open. */
export async function clientOf(s: Served) {
  const c = connectClient(s.url, s.token);
  await c.opened;
  return c;
}

/** Waits until the core says the engine is up. */
export async function engineUp(client: Awaited<ReturnType<typeof clientOf>>['client'], timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const s = await client.engine.status();
    if (s.state === 'up') return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`engine not up after ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let clkTck: number | undefined;
function ticksPerSecond(): number {
  if (clkTck === undefined) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  return clkTck;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields after ") " start at field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / ticksPerSecond();
}

/** Resident set size in MiB, from /proc/<pid>/status. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples a process's RSS every `everyMs` until stopped; gives the peak and the samples. */
export function sampleRss(pid: number, everyMs = 50): { stop(): { peak: number; first: number; samples: number[] } } {
  const samples: number[] = [];
  const take = () => {
    try {
      samples.push(rssMiB(pid));
    } catch {
      /* the process went away; keep what was sampled */
    }
  };
  take();
  const t = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(t);
      take();
      return { peak: Math.max(...samples), first: samples[0] ?? NaN, samples };
    },
  };
}

/** The pid of the running dockerd (for references), if it can be found. */
export function dockerdPid(): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'dockerd') return Number(d);
    } catch {
      /* raced with an exiting process */
    }
  }
  return undefined;
}
