// Bench 10's tuning loop: one Berth VM, each sshfs option set (and SSH cipher) mounted in turn and measured interleaved in the guest.
// Run: BERTH_VM_TESTS=1 node --import tsx bench/shares-tune.ts [--mib 16] [--files 200] [--rounds 2] [--only base,nagle]
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { CipherAlgorithm } from 'ssh2';
import { listenUnix } from '../main/core/ssh/ssh.js';
import { SSHFS_OPTIONS, SshfsShares } from '../main/core/vm/shares/sshfs.js';
import { cpuSeconds } from './lib/serve.js';
import { summarize } from './lib/stats.js';

/** A candidate: sshfs options and the cipher of the SSH connection carrying it; `disk` is the data disk, no mount. */
interface Variant {
  name: string;
  options?: readonly string[];
  cipher?: CipherAlgorithm;
  disk?: boolean;
  /** Nagle left on at the host's end of the link, as ssh2 does unless told (Berth's link turns it off since 2026-12-05). */
  nagle?: boolean;
  /** A pty session opened first on the link (an interactive connection for the guest's sshd); measured: changes nothing. */
  guestNoDelay?: boolean;
}

const with_ = (drop: RegExp, ...add: string[]): string[] => [...SSHFS_OPTIONS.filter((o) => !drop.test(o)), ...add];
const GCM: CipherAlgorithm = 'aes128-gcm@openssh.com';

/** Every candidate bench/FINDINGS.md lists for figure 10 that an option or the link's cipher can try. */
export const VARIANTS: Variant[] = [
  { name: 'disk', disk: true },
  { name: 'base', options: SSHFS_OPTIONS, cipher: GCM },
  { name: 'chacha', options: SSHFS_OPTIONS, cipher: 'chacha20-poly1305@openssh.com' },
  { name: 'aes128-ctr', options: SSHFS_OPTIONS, cipher: 'aes128-ctr' },
  { name: 'conns4', options: with_(/^max_conns=/, 'max_conns=4'), cipher: GCM },
  { name: 'bigio', options: [...SSHFS_OPTIONS, 'max_read=131072', 'max_write=131072'], cipher: GCM },
  { name: 'kernel_cache', options: with_(/^auto_cache$/, 'kernel_cache'), cipher: GCM },
  { name: 'writeback', options: [...SSHFS_OPTIONS, 'writeback_cache=yes'], cipher: GCM },
  { name: 'writeback2', options: [...SSHFS_OPTIONS, 'writeback_cache'], cipher: GCM },
  { name: 'nagle', options: SSHFS_OPTIONS, cipher: GCM, nagle: true },
  { name: 'nagle-pty-first', options: SSHFS_OPTIONS, cipher: GCM, nagle: true, guestNoDelay: true },
  { name: 'pty-first', options: SSHFS_OPTIONS, cipher: GCM, guestNoDelay: true },
  { name: 'cache20', options: with_(/_timeout=/, 'dcache_timeout=20', 'attr_timeout=20', 'entry_timeout=20'), cipher: GCM },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  if (process.env.BERTH_VM_TESTS !== '1') throw new Error('set BERTH_VM_TESTS=1: this boots the Berth VM');
  process.env.BERTH_LOG ??= 'warn';
  const mib = Number(arg('mib', '16'));
  const files = Number(arg('files', '200'));
  const rounds = Number(arg('rounds', '2'));
  const only = arg('only', '');
  const variants = only ? VARIANTS.filter((v) => only.split(',').includes(v.name)) : VARIANTS;
  const { VmManager } = await import('../main/core/vm/manager.js');
  const { QemuBackend } = await import('../main/core/vm/qemu/backend.js');
  const { loadKeys } = await import('../main/core/vm/keys.js');
  const home = mkdtempSync(join(tmpdir(), 'berth-tune-'));
  const share = mkdtempSync(join(tmpdir(), 'berth-tune-share-'));
  const backend = new QemuBackend({ home, network: 'isolated' });
  const vm = new VmManager({ home, backend, dockerContext: false });
  const log = (m: string) => process.stdout.write(`${m}\n`);
  try {
    await vm.init();
    await vm.setSettings({ cpus: 2, memoryMiB: 1024, diskGiB: 8, shares: [], sleepAfterS: 0 });
    await vm.start();
    const sh = async (cmd: string) => {
      const r = await vm.exec(cmd, { timeoutMs: 1_800_000 });
      if (r.code !== 0) throw new Error(`guest: ${cmd}: ${r.stderr || r.stdout}`);
      return r.stdout.trim();
    };
    log(`guest: ${await sh('sshfs --version 2>&1 | head -3 | tr "\\n" " "; ssh -V 2>&1')}`);
    const cmdline = readFileSync(`/proc/${backend.qemuPid}/cmdline`, 'utf8');
    const port = Number(/hostfwd=tcp:127\.0\.0\.1:(\d+)-:22/.exec(cmdline)?.[1]);
    const keys = await loadKeys(backend.paths);
    await sh(`mkdir -p /tmp/src && cd /tmp/src && i=0; while [ $i -lt ${files} ]; do d=d$((i % 100)); mkdir -p $d; echo "line $i of a source file" > $d/f$i.js; i=$((i+1)); done; tar cf /tmp/src.tar -C /tmp/src .`);

    /** An SSH connection of its own with one cipher: the link's cost is measured apart from the VM's own session. */
    const connect = (cipher: CipherAlgorithm) =>
      new Promise<ssh2.Client>((resolve, reject) => {
        const c = new ssh2.Client();
        c.once('ready', () => resolve(c)).once('error', reject);
        c.once('handshake', (n) => log(`  link: ${n.cs.cipher}`));
        c.connect({ host: '127.0.0.1', port, username: 'root', privateKey: keys.clientPrivate, hostVerifier: (k: Buffer) => k.equals(keys.hostKeyBlob), algorithms: { cipher: [cipher] } });
      });

    /** QEMU's host CPU seconds per step: the emulation's work, steadier than wall time on a loaded machine. */
    const qemuPid = backend.qemuPid ?? 0;
    let cpu: Record<string, number> = {};
    /** Milliseconds of `cmd` in the guest, from the guest's own clock; QEMU's CPU for it goes to cpu[key]. */
    const ms = async (cmd: string, key = '') => {
      const c0 = cpuSeconds(qemuPid);
      const out = Number(await sh(`s=$(date +%s%N); ${cmd} >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))`));
      if (key) cpu[key] = cpuSeconds(qemuPid) - c0;
      return out;
    };
    const drop = () => sh('sync; echo 3 > /proc/sys/vm/drop_caches');
    const results = new Map<string, Record<string, number[]>>();
    for (let round = 0; round < rounds; round++) {
      for (const v of variants) {
        log(`[round ${round + 1}] ${v.name}`);
        const dir = v.disk ? '/var/lib/docker/berth-tune' : share;
        let client: ssh2.Client | undefined;
        let shares: SshfsShares | undefined;
        if (!v.disk) {
          const c = await connect(v.cipher ?? GCM);
          client = c;
          if (!v.nagle) c.setNoDelay(true); // as main/core/ssh/ssh.ts's connectOnce does
          if (v.guestNoDelay) {
            await new Promise<void>((resolve, reject) =>
              c.exec('true', { pty: true }, (e, ch) => {
                if (e) return reject(e);
                ch.on('close', () => resolve()).resume();
              }),
            );
          }
          shares = new SshfsShares({
            // sshfs's link goes through this connection (its cipher, its Nagle setting); commands through the VM's.
            listen: (path, onStream) => listenUnix(c, path, onStream),
            exec: (command, o) => vm.exec(command, o),
            options: v.options ?? SSHFS_OPTIONS,
            mountTimeoutMs: 120_000,
          });
          const [st] = await shares.mount([share]);
          if (st?.state !== 'mounted') {
            log(`  not mounted: ${st?.error ?? 'no reason given'}`);
            await shares.unmountAll();
            c.end();
            continue;
          }
        } else await sh(`mkdir -p ${dir}`);
        try {
          const r: Record<string, number> = {};
          cpu = {};
          r.write = mib / ((await ms(`dd if=/dev/zero of=${dir}/seq bs=1M count=${mib} conv=fsync`, 'write')) / 1000);
          await drop();
          r.read = mib / ((await ms(`dd if=${dir}/seq of=/dev/null bs=1M`, 'read')) / 1000);
          r.reread = mib / ((await ms(`dd if=${dir}/seq of=/dev/null bs=1M`)) / 1000);
          await sh(`rm -f ${dir}/seq; rm -rf ${dir}/tree; mkdir -p ${dir}/tree`);
          r.untar = files / ((await ms(`tar xf /tmp/src.tar -C ${dir}/tree`, 'untar')) / 1000);
          await drop();
          r.stat = files / ((await ms(`find ${dir}/tree -exec stat {} +`, 'stat')) / 1000);
          r.ls = files / ((await ms(`ls -lR ${dir}/tree`, 'ls')) / 1000);
          r.restat = files / ((await ms(`find ${dir}/tree -exec stat {} +`)) / 1000);
          await sh(`rm -rf ${dir}/tree`);
          // QEMU CPU per MiB (write, read) and per 100 files (untar, stat, ls).
          const per: Record<string, number> = { write: mib, read: mib, untar: files / 100, stat: files / 100, ls: files / 100 };
          for (const [k, c] of Object.entries(cpu)) r[`cpu.${k}`] = c / (per[k] ?? 1);
          log(`  ${Object.entries(r).map(([k, x]) => `${k} ${x.toFixed(k.startsWith('cpu.') ? 3 : 1)}`).join(', ')}  (MB/s; files/s; cpu.*: QEMU CPU s per MiB or per 100 files)`);
          const acc = results.get(v.name) ?? {};
          for (const [k, x] of Object.entries(r)) (acc[k] ??= []).push(x);
          results.set(v.name, acc);
        } finally {
          await shares?.unmountAll();
          client?.end();
        }
      }
    }
    log('\nmedians (write/read/reread MB/s; untar/stat/ls/restat files/s; cpu.*: QEMU CPU s per MiB or per 100 files, lower is better):');
    const base = results.get('base');
    for (const [name, r] of results) {
      const cells = Object.entries(r).map(([k, xs]) => {
        const m = summarize(xs).median;
        const b = base?.[k] ? summarize(base[k]).median : undefined;
        return `${k} ${m.toFixed(k.startsWith('cpu.') ? 3 : 1)}${b && name !== 'base' && name !== 'disk' ? ` (${(m / b).toFixed(2)}x)` : ''}`;
      });
      log(`${name.padEnd(13)} ${cells.join(', ')}`);
    }
  } finally {
    await vm.stop({ shutdown: true }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    rmSync(share, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`shares-tune: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
