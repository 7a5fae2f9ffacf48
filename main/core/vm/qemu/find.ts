// Finds QEMU the way a desktop app must (never trusting a Finder-launched PATH), reads its version, says how to install it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../../../app/errors.js';
import type { GuestArch } from '../arch.js';
import { qemuBinaryName, type QemuVersion } from './machine.js';

/** Where a QEMU was found, in the order they are tried. */
export type QemuSource = 'BERTH_QEMU' | 'bundled' | 'homebrew' | 'usr-local' | 'PATH';

export const SOURCE_WORDS: Record<QemuSource, string> = {
  BERTH_QEMU: 'set by BERTH_QEMU',
  bundled: 'bundled with Berth',
  homebrew: 'Homebrew',
  'usr-local': '/usr/local/bin',
  PATH: 'found on PATH',
};

/** What discovery touches on the machine, injectable so tests do not depend on this one. */
export interface QemuProbe {
  /** True when `file` exists and may be executed. */
  isExecutable(file: string): boolean;
  /** What `file --version` prints (rejects when it cannot run). */
  versionText(file: string): Promise<string>;
  /** /etc/os-release, when there is one (picks the Linux install command). */
  osRelease(): string | undefined;
}

export const realProbe: QemuProbe = {
  isExecutable: (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  versionText: (file) =>
    new Promise((resolve, reject) => {
      execFile(file, ['--version'], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(String(stdout))));
    }),
  osRelease: () => {
    try {
      return fs.readFileSync('/etc/os-release', 'utf8');
    } catch {
      return undefined;
    }
  },
};

export interface FindQemuOptions {
  arch: GuestArch;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** A folder holding a QEMU the app ships (the desktop host passes `<resources>/qemu/bin` when packaging adds one). */
  bundledDir?: string | undefined;
  probe?: QemuProbe;
}

export interface QemuFound {
  path: string;
  source: QemuSource;
  /** `7.2.22`, when `--version` could be read. */
  version?: string;
  parsed?: QemuVersion;
  /** Something a person should know about this QEMU (too old for a feature, version unreadable). */
  note?: string;
}

/** The places to look, in order. macOS: BERTH_QEMU, bundled, /opt/homebrew/bin, /usr/local/bin, then PATH. */
export function qemuCandidates(o: FindQemuOptions): { path: string; source: QemuSource }[] {
  const platform = o.platform ?? process.platform;
  const env = o.env ?? process.env;
  const name = qemuBinaryName(o.arch, platform);
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const out: { path: string; source: QemuSource }[] = [];
  if (o.bundledDir) out.push({ path: join(o.bundledDir, name), source: 'bundled' });
  // A Mac app started from Finder or the Dock inherits launchd's PATH (/usr/bin:/bin:/usr/sbin:/sbin): look where Homebrew puts it first.
  if (platform === 'darwin') out.push({ path: join('/opt/homebrew/bin', name), source: 'homebrew' }, { path: join('/usr/local/bin', name), source: 'usr-local' });
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of (env['PATH'] ?? env['Path'] ?? '').split(sep)) if (dir) out.push({ path: join(dir, name), source: 'PATH' });
  const seen = new Set<string>();
  return out.filter((c) => !seen.has(c.path) && seen.add(c.path));
}

/** The one command that installs the QEMU this guest needs here, when there is one to give. */
export function installCommand(platform: NodeJS.Platform, arch: GuestArch, osRelease?: string): string | undefined {
  if (platform === 'darwin') return 'brew install qemu';
  if (platform !== 'linux') return undefined;
  const ids = /^ID(?:_LIKE)?=(.*)$/gm;
  const family = [...(osRelease ?? '').matchAll(ids)].flatMap((m) => (m[1] ?? '').replace(/"/g, '').split(/\s+/));
  if (family.some((f) => ['fedora', 'rhel', 'centos'].includes(f))) return `sudo dnf install ${arch === 'aarch64' ? 'qemu-system-aarch64' : 'qemu-system-x86'}`;
  if (family.some((f) => ['debian', 'ubuntu'].includes(f)) || osRelease === undefined) return `sudo apt-get install ${arch === 'aarch64' ? 'qemu-system-arm' : 'qemu-system-x86'}`;
  return undefined;
}

/** The typed error for a QEMU that is not there: one copyable step (`fix`), and where Berth looked. */
export class QemuMissingError extends BerthError {
  constructor(
    message: string,
    readonly fix: string | undefined,
    detail: string,
  ) {
    super('VM_ERROR', message, { detail, fatal: true });
  }
}

function missing(o: FindQemuOptions, looked: string[], why?: string): QemuMissingError {
  const platform = o.platform ?? process.platform;
  const name = qemuBinaryName(o.arch, platform);
  const fix = installCommand(platform, o.arch, (o.probe ?? realProbe).osRelease());
  const how = fix
    ? `Install it with: ${fix}`
    : platform === 'win32'
      ? 'Install QEMU for Windows and set BERTH_QEMU to its qemu-system-x86_64.exe'
      : `Install your distribution's QEMU system emulator for ${o.arch}`;
  const msg = why ?? `QEMU (${name}) is not installed. ${how} — or set BERTH_QEMU to its path.`;
  return new QemuMissingError(msg, fix, `Looked in order: ${looked.join(', ')}.`);
}

/** The QEMU binary to run for `arch`, or a QemuMissingError with the install step. */
export function locateQemu(o: FindQemuOptions): { path: string; source: QemuSource } {
  const env = o.env ?? process.env;
  const probe = o.probe ?? realProbe;
  const explicit = env['BERTH_QEMU'];
  if (explicit) {
    if (probe.isExecutable(explicit)) return { path: explicit, source: 'BERTH_QEMU' };
    throw missing(o, [explicit], `BERTH_QEMU points to ${explicit}, which does not exist or cannot be run.`);
  }
  const candidates = qemuCandidates(o);
  const hit = candidates.find((c) => probe.isExecutable(c.path));
  if (hit) return hit;
  throw missing(o, candidates.map((c) => c.path));
}

/** `QEMU emulator version 8.2.2 (Debian …)` -> 8.2.2. */
export function parseQemuVersion(text: string): QemuVersion | undefined {
  const m = /QEMU emulator version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]), micro: Number(m[3] ?? 0) } : undefined;
}

/** What an old QEMU lacks here, in words, or undefined when nothing is missing. */
export function versionNote(platform: NodeJS.Platform, v: QemuVersion | undefined): string | undefined {
  if (!v) return 'could not read QEMU’s version (`--version`); it may be too old or broken';
  if (platform === 'darwin' && v.major < 7) {
    return `QEMU ${v.major}.${v.minor} is older than 7.0, which macOS needs for 9p/virtiofs folder sharing and for reliable Apple Silicon guests; update it: brew upgrade qemu`;
  }
  return undefined;
}

/** Locates QEMU and reads its version (a QEMU whose version cannot be read is still used, with a note). */
export async function findQemu(o: FindQemuOptions): Promise<QemuFound> {
  const hit = locateQemu(o);
  const probe = o.probe ?? realProbe;
  const text = await probe.versionText(hit.path).catch(() => '');
  const parsed = parseQemuVersion(text);
  const found: QemuFound = { ...hit };
  if (parsed) {
    found.parsed = parsed;
    found.version = `${parsed.major}.${parsed.minor}.${parsed.micro}`;
  }
  const note = versionNote(o.platform ?? process.platform, parsed);
  if (note) found.note = note;
  return found;
}
