// Gives guest memory back to the host: loads the guest's balloon driver over SSH (free page reporting) and reads memory on both sides.
import fs from 'node:fs/promises';
import { createLogger } from '../../log.js';
import type { ExecResult } from '../../ssh/ssh.js';

const log = createLogger('vm.memory');

/**
 * The guest has no udev, so nothing loads virtio_balloon for QEMU's balloon device: the host does, once SSH is up.
 * Once bound, the driver reports free pages of at least `page_reporting_order` (2 MiB blocks) to QEMU, which drops
 * them from its memory (MADV_DONTNEED). Prints the bound device and the order, for the log.
 */
export const BALLOON_COMMAND =
  'modprobe virtio_balloon || exit 3; ' +
  'for i in 1 2 3 4 5 6 7 8 9 10; do ls /sys/bus/virtio/drivers/virtio_balloon/ 2>/dev/null | grep -q "^virtio" && break; sleep 0.5; done; ' +
  'd=$(ls /sys/bus/virtio/drivers/virtio_balloon/ 2>/dev/null | grep "^virtio" | head -n 1); [ -n "$d" ] || { echo "no balloon device bound" >&2; exit 4; }; ' +
  'echo "device=$d order=$(cat /sys/module/page_reporting/parameters/page_reporting_order 2>/dev/null)"';

export type GuestExec = (command: string, opts: { timeoutMs: number }) => Promise<ExecResult>;

/** Loads the balloon driver in the guest; a failure is logged and returned, never thrown (the VM works without it). */
export async function enableBalloon(exec: GuestExec): Promise<{ ok: true; detail: string } | { ok: false; reason: string }> {
  const t0 = Date.now();
  try {
    const r = await exec(BALLOON_COMMAND, { timeoutMs: 30_000 });
    if (r.code === 0) {
      const detail = r.stdout.trim();
      log.info('memory balloon on: freed guest memory goes back to the host', { detail, ms: Date.now() - t0 });
      return { ok: true, detail };
    }
    const reason = `modprobe virtio_balloon: exit ${r.code ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`;
    log.warn('the memory balloon is off: memory freed in the guest stays with QEMU', { reason });
    return { ok: false, reason };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    log.warn('the memory balloon is off: memory freed in the guest stays with QEMU', { reason });
    return { ok: false, reason };
  }
}

/** `/proc/meminfo` as bytes by key (`MemFree`, `MemAvailable`, `Cached`, …). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m?.[1] && m[2]) out[m[1]] = Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1);
  }
  return out;
}

/** A process's resident memory in bytes from `/proc/<pid>/status` (`VmRSS`); undefined where there is no /proc (macOS, Windows). */
export async function processRssBytes(pid: number): Promise<number | undefined> {
  const text = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const m = text ? /^VmRSS:\s+(\d+)\s+kB/m.exec(text) : null;
  return m?.[1] ? Number(m[1]) * 1024 : undefined;
}
