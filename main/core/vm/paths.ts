// Where the VM keeps its files on the host: ${BERTH_HOME:-~/.berth}/vm/<name>/ and the exported engine socket.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs/promises';

export function berthHome(env: NodeJS.ProcessEnv = process.env): string {
  const h = env['BERTH_HOME'];
  return h && h.length > 0 ? path.resolve(h) : path.join(os.homedir(), '.berth');
}

export interface VmPaths {
  /** The VM's own directory (0700): keys, disks, console log, QMP socket. */
  dir: string;
  clientKey: string;
  clientPub: string;
  hostKey: string;
  hostPub: string;
  dataDisk: string;
  consoleLog: string;
  qmpSocket: string;
  qemuPid: string;
  /** The root disk's overlay: the image's root disk is read-only under it; made fresh at every cold boot, kept across a resume. */
  rootOverlay: string;
  /** The whole VM saved at the last stop (QEMU's migration stream), and what it was made with (written last: no meta, no state). */
  savedState: string;
  savedStateMeta: string;
  /** Ports published by hand on running containers when the state was saved: they come back with it. */
  savedForwards: string;
  /** The host access the saved guest enforces (a resume with the same setting need not apply it again). */
  savedHostAccess: string;
  /** The pid of the Berth process running the VM (`berth vm stop` signals it), and its request for a clean shutdown. */
  owner: string;
  shutdownRequest: string;
  /** The authorized_keys file handed to the guest through fw_cfg. */
  fwAuthorizedKeys: string;
  /** What was created: image version, backend. */
  meta: string;
  settings: string;
  /** The directory of the exported sockets (0700) and the engine socket in it (0600). */
  runDir: string;
  dockerSocket: string;
}

export function vmPaths(name = 'default', home = berthHome()): VmPaths {
  const dir = path.join(home, 'vm', name);
  const runDir = path.join(home, 'run');
  return {
    dir,
    clientKey: path.join(dir, 'id_ed25519'),
    clientPub: path.join(dir, 'id_ed25519.pub'),
    hostKey: path.join(dir, 'ssh_host_ed25519_key'),
    hostPub: path.join(dir, 'ssh_host_ed25519_key.pub'),
    dataDisk: path.join(dir, 'data.img'),
    consoleLog: path.join(dir, 'console.log'),
    // Unix socket paths are limited to ~104 bytes; keep QMP's short and out of deep homes.
    qmpSocket: shortSocketPath(path.join(dir, 'qmp.sock'), `berth-qmp-${name}`),
    qemuPid: path.join(dir, 'qemu.pid'),
    rootOverlay: path.join(dir, 'root-overlay.qcow2'),
    savedState: path.join(dir, 'saved-state.bin'),
    savedStateMeta: path.join(dir, 'saved-state.json'),
    savedForwards: path.join(dir, 'saved-forwards.json'),
    savedHostAccess: path.join(dir, 'saved-host-access.json'),
    owner: path.join(dir, 'owner.pid'),
    shutdownRequest: path.join(dir, 'shutdown-requested'),
    fwAuthorizedKeys: path.join(dir, 'authorized_keys'),
    meta: path.join(dir, 'vm.json'),
    settings: path.join(dir, 'settings.json'),
    runDir,
    dockerSocket: name === 'default' ? path.join(runDir, 'docker.sock') : path.join(runDir, `docker-${name}.sock`),
  };
}

let privateTmp: string | undefined;

/**
 * This process's own folder in the temp dir: mkdtemp (random name, 0700), made on first use and removed at exit.
 * A fixed name in a shared /tmp could be created first, or linked, by another user.
 */
export function privateTmpDir(tmp: string = os.tmpdir()): string {
  if (privateTmp === undefined) {
    const dir = mkdtempSync(path.join(tmp, 'berth-'));
    privateTmp = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return privateTmp;
}

/** The preferred socket path, or one in this process's private temp folder when the preferred one would exceed the sun_path limit. */
export function shortSocketPath(preferred: string, fallbackName: string): string {
  if (Buffer.byteLength(preferred) < 100) return preferred;
  return path.join(privateTmpDir(), `${fallbackName}.sock`);
}

/** mkdir -p with a mode, and tighten the mode when the directory already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}
