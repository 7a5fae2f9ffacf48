// Live container stats from the engine's streaming stats API, with the arithmetic of `docker stats`.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { StatsSample } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Sink, StreamControl } from '../handlers.js';
import { createLogger } from '../log.js';
import { dial } from '../streams/dial.js';
import { engineCall, mapEngineError } from './link/errors.js';

const log = createLogger('stats');

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** The engine's stats JSON, cgroup v1 and v2 fields alike. */
export interface RawStats {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }> | null;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

/** CPU% as docker CLI's calculateCPUPercentUnix: share of the host's CPU time, times the number of CPUs. */
export function cpuPercent(s: RawStats): number {
  const cur = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = (cur.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cur.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpus = cur.online_cpus || cur.cpu_usage?.percpu_usage?.length || 0;
  if (systemDelta > 0 && cpuDelta > 0) return (cpuDelta / systemDelta) * cpus * 100;
  return 0;
}

/** Memory in use without the page cache that can be dropped: docker CLI's calculateMemUsageUnixNoCache. */
export function memUsage(s: RawStats): number {
  const m = s.memory_stats ?? {};
  const usage = m.usage ?? 0;
  const stats = m.stats ?? {};
  const v1 = stats.total_inactive_file;
  if (v1 !== undefined) return v1 < usage ? usage - v1 : usage;
  const v2 = stats.inactive_file;
  if (v2 !== undefined && v2 < usage) return usage - v2;
  return usage;
}

export function toStatsSample(s: RawStats): StatsSample {
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blkRead = 0;
  let blkWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') blkRead += e.value ?? 0;
    else if (op === 'write') blkWrite += e.value ?? 0;
  }
  return {
    read: s.read ?? new Date().toISOString(),
    cpuPercent: cpuPercent(s),
    memUsage: memUsage(s),
    memLimit: s.memory_stats?.limit ?? 0,
    netRx,
    netTx,
    blkRead,
    blkWrite,
    pids: s.pids_stats?.current ?? 0,
  };
}

/** Splits newline-delimited JSON as it arrives. */
export function jsonLines(onValue: (v: unknown) => void, onBad: (line: string) => void = () => undefined): { write(b: Buffer): void; end(): void } {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  const take = (line: string) => {
    const t = line.trim();
    if (!t) return;
    try {
      onValue(JSON.parse(t));
    } catch {
      onBad(t);
    }
  };
  return {
    write(b) {
      buf += decoder.write(b);
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        take(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    },
    end() {
      take(buf + decoder.end());
      buf = '';
    },
  };
}

export async function openStats(ctx: CoreContext, input: { id: string }, sink: Sink<StatsSample, void>): Promise<StreamControl> {
  const what = `Container ${input.id}`;
  const info = await engineCall(() => ctx.docker.getContainer(input.id).inspect(), { what });
  const running = info.State.Running;
  const stream = await engineCall(
    () => dial<Readable>(ctx.docker, { path: `/containers/${encodeURIComponent(info.Id)}/stats`, method: 'GET', query: { stream: running }, isStream: true, signal: sink.signal, statusCodes: { 200: true, 404: 'no such container', 500: 'server error' } }),
    { what },
  );
  let done = false;
  // Stats are a gauge: while the window is behind, drop samples instead of queueing stale ones.
  let behind = false;
  const parser = jsonLines(
    (v) => {
      if (done || behind) return;
      if (!sink.push(toStatsSample(v as RawStats))) {
        behind = true;
        sink.onDrain(() => (behind = false));
      }
    },
    (line) => log.warn('ignoring a stats line that is not JSON', line.slice(0, 200)),
  );
  const offEvents = ctx.conn.onEvent((ev) => {
    if (ev.type === 'container' && ev.id === info.Id && (ev.action === 'die' || ev.action === 'destroy')) finish();
  });
  function finish(err?: unknown) {
    if (done) return;
    done = true;
    offEvents();
    stream.destroy();
    if (sink.signal.aborted) return;
    if (err) sink.fail(mapEngineError(err, { what }));
    else sink.end(undefined);
  }
  stream.on('data', (b: Buffer) => parser.write(b));
  stream.on('end', () => {
    parser.end();
    finish();
  });
  stream.on('error', (e) => finish(e));
  stream.on('close', () => finish());
  sink.signal.addEventListener('abort', () => finish(), { once: true });
  return { close: () => finish() };
}
