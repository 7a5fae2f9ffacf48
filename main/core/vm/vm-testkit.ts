// Helpers of the real-VM suites: waiting for a condition, reporting stage timings, the busybox test image built in the guest.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { VmStatus } from '../../../app/vm.js';
import type { VmManager } from './manager.js';

export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms (last error: ${String(last)})`);
}

export function stageLine(s: VmStatus): string {
  return s.stages.map((x) => `${x.stage}=${x.durationMs}ms`).join(' ') + ` total=${s.stages.reduce((a, x) => a + (x.durationMs ?? 0), 0)}ms accel=${s.accel}`;
}

/** Stage timings go to stdout and to the file the VM test script prints at the end. */
export function report(line: string): void {
  console.log(`[vm-itest] ${line}`);
  const f = process.env['BERTH_VM_TIMINGS'];
  if (f) fs.appendFileSync(f, `${line}\n`);
}

/** Awaits a start or restart; a failure prints the guest's last console lines, so a CI log says why. */
export async function explained(vm: VmManager, what: Promise<void>): Promise<void> {
  try {
    await what;
  } catch (e) {
    report(`start failed: ${String(e)}\n  console:\n    ${(vm.status().error?.consoleTail ?? []).join('\n    ')}`);
    throw e;
  }
}

/**
 * The guest kernel's complaints (soft lockups, hung tasks, oopses) with their call traces, from the console log in
 * `home`: a suite reports them before its folder goes, so a CI log says what the guest was stuck in.
 */
export function reportGuestTrouble(home: string): void {
  let text: string;
  try {
    text = fs.readFileSync(path.join(home, 'vm', 'default', 'console.log'), 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n');
  const first = lines.findIndex((l) => /soft lockup|hung_task|blocked for more than|BUG:|Oops|general protection/.test(l));
  if (first >= 0) report(`the guest kernel complained:\n    ${lines.slice(first, first + 60).join('\n    ')}`);
}

/** berth-test/busybox:latest built inside the guest from its static busybox (sh, httpd, nc, dd, wget, inotifyd), plus `extra` shell run in its folder $d. */
export async function importGuestBusybox(vm: VmManager, extra = ''): Promise<string> {
  const r = await vm.exec(
    'set -e; d=$(mktemp -d /var/lib/docker/tmp-berth.XXXXXX); mkdir -p $d/bin $d/www $d/tmp; cp /bin/busybox $d/bin/; ' +
      (extra ? `${extra}; ` : '') +
      'for a in $(busybox --list); do [ "$a" = busybox ] || ln -s busybox $d/bin/$a; done; ' +
      'echo "<h1>hello from berth</h1>" > $d/www/index.html; ' +
      "tar -C $d -c . | docker import -c 'ENV PATH=/bin' -c 'CMD [\"sh\"]' - berth-test/busybox:latest >/dev/null; rm -rf $d; sync",
    { timeoutMs: 120_000 },
  );
  return r.stderr;
}

/** Compiles a freestanding helper from testdata/<name>.c (raw x86_64 syscalls, no libc) into the guest's /usr/local/bin. */
export async function installGuestHelper(vm: VmManager, name: 'udp-echo' | 'inotify-watch'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-helper-'));
  try {
    const bin = path.join(dir, name);
    await promisify(execFile)('cc', ['-static', '-nostdlib', '-O2', '-fno-stack-protector', '-o', bin, path.join(import.meta.dirname, 'testdata', `${name}.c`)]);
    await vm.exec(`cat > /usr/local/bin/${name} && chmod +x /usr/local/bin/${name}`, { stdin: fs.readFileSync(bin) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** GET http://127.0.0.1:<port>/ and its body (a fresh connection each time, so a forward that went away is seen). */
export function httpGet(port: number, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
