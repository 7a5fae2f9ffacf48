// Test helper: a second real dockerd on its own socket, data root, exec root and pidfile, with no bridge and no iptables rules.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';

export const DOCKERD = 'dockerd';

export interface SecondDockerd {
  /** The temp folder that holds everything it writes (removed by stop). */
  dir: string;
  socketPath: string;
  /** unix://<socketPath>, for DOCKER_HOST or a docker context. */
  url: string;
  docker: Docker;
  /** dockerd's log, for a failing test's message. */
  logTail(lines?: number): string;
  /** SIGTERM, wait for exit (SIGKILL after `graceMs`), then remove its folder. */
  stop(graceMs?: number): Promise<void>;
}

export interface SecondDockerdOptions {
  /** vfs by default: nothing to mount, so it starts beside any host dockerd; overlay2 for image-heavy tests. */
  storageDriver?: string;
  startTimeoutMs?: number;
}

/**
 * Starts `dockerd` (as root) with everything under a fresh temp folder: `--host unix://…`, `--data-root`,
 * `--exec-root`, `--pidfile`, its own containerd namespaces, an empty `--config-file` (the host's daemon.json is not
 * read), and `--bridge=none --iptables=false --ip6tables=false --ip-masq=false`, in a network namespace of its own
 * (`unshare --net`), so the host dockerd's bridge, networks and firewall rules are never touched. Resolves once `/_ping` answers.
 */
export async function startSecondDockerd(opts: SecondDockerdOptions = {}): Promise<SecondDockerd> {
  // Short paths: a unix socket path has ~104 bytes, and containerd's sockets go under the exec root.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bd2-'));
  const socketPath = path.join(dir, 'docker.sock');
  const config = path.join(dir, 'daemon.json');
  fs.writeFileSync(config, '{}\n');
  const ns = `berth-second-${path.basename(dir)}`;
  const args = [
    '--host', `unix://${socketPath}`,
    '--data-root', path.join(dir, 'data'),
    '--exec-root', path.join(dir, 'exec'),
    '--pidfile', path.join(dir, 'dockerd.pid'),
    '--config-file', config,
    '--containerd-namespace', ns,
    '--containerd-plugins-namespace', `${ns}-plugins`,
    '--storage-driver', opts.storageDriver ?? 'vfs',
    '--bridge=none', '--iptables=false', '--ip6tables=false', '--ip-masq=false',
  ];
  const logFile = path.join(dir, 'dockerd.log');
  const log = fs.openSync(logFile, 'a');
  // Its own network namespace too: a dockerd started with --bridge=none deletes any interface named docker0 it sees,
  // which in the host's namespace is the host dockerd's default bridge (every container on it then fails to start).
  const child: ChildProcess = spawn('unshare', ['--net', '--', DOCKERD, ...args], { stdio: ['ignore', log, log], detached: false });
  fs.closeSync(log);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const logTail = (lines = 20) => {
    try {
      return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const docker = new Docker({ socketPath, timeout: 5000 });

  const stop = async (graceMs = 15_000) => {
    if (!exited) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(t);
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 45_000);
  let failure: string | undefined;
  void spawnError.then((e) => (failure = `could not run ${DOCKERD}: ${e.message}`));
  for (;;) {
    if (failure) break;
    if (exited) {
      failure = `dockerd exited (${exited.code ?? exited.signal}) before answering`;
      break;
    }
    if (Date.now() > deadline) {
      failure = 'dockerd did not answer /_ping in time';
      break;
    }
    const ok = fs.existsSync(socketPath) && (await docker.ping().then(() => true, () => false));
    if (ok) return { dir, socketPath, url: `unix://${socketPath}`, docker, logTail, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = logTail();
  await stop(5000);
  throw new Error(`second dockerd: ${failure}\n${tail}`);
}
