// Summarises a V8 .cpuprofile (from node --cpu-prof): the functions with the most self time, idle excluded.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  fn: string;
  selfMs: number;
  pct: number;
}

/** Top `n` functions by self time in one profile; `root` shortens file paths. */
export function hotFunctions(file: string, root: string, n = 12): { busyMs: number; top: HotFunction[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)') continue;
    busy += dt;
    const where = f.url ? `${relative(root, f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, ms]) => ({ fn, selfMs: Math.round(ms), pct: busy ? Math.round((ms / busy) * 1000) / 10 : 0 }));
  return { busyMs: Math.round(busy), top };
}

/**
 * The main thread's .cpuprofile in a folder (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, thread 0):
 * under tsx the module loader runs in a worker thread that writes a profile of its own.
 */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  const main = files.filter((f) => f.split('.')[4] === '0');
  const last = main[main.length - 1] ?? files[files.length - 1];
  return last ? join(dir, last) : undefined;
}
