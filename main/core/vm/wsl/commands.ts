// wsl.exe command lines for the Berth distro (import, run, terminate, unregister, list) and WSL itself (shutdown), and parsing of their output.
import { system32 } from '../../windows-paths.js';

/**
 * wsl.exe by its full path, `%SystemRoot%\System32\wsl.exe`: a bare name is looked up in the current folder and
 * on PATH first, where anyone who can write there could put another wsl.exe. A 32-bit process sees System32
 * redirected to SysWOW64 (which has no wsl.exe) and reaches the real one through Sysnative.
 */
export function wslExe(env: NodeJS.ProcessEnv = process.env, arch: string = process.arch): string {
  return system32(env, arch, 'wsl.exe');
}

export interface WslCommand {
  file: string;
  args: string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkName(distro: string): string {
  if (!NAME.test(distro)) throw new RangeError(`invalid WSL distribution name: ${distro}`);
  return distro;
}

/** `wsl --import <distro> <installDir> <rootfs.tar> --version 2` */
export function importCmd(distro: string, installDir: string, tarPath: string): WslCommand {
  return { file: wslExe(), args: ['--import', checkName(distro), installDir, tarPath, '--version', '2'] };
}

export function terminateCmd(distro: string): WslCommand {
  return { file: wslExe(), args: ['--terminate', checkName(distro)] };
}

export function unregisterCmd(distro: string): WslCommand {
  return { file: wslExe(), args: ['--unregister', checkName(distro)] };
}

export function listCmd(): WslCommand {
  return { file: wslExe(), args: ['--list', '--verbose'] };
}

/** Runs `argv` as root in the distro, without a shell on the Windows side (no quoting surprises). */
export function execCmd(distro: string, argv: string[]): WslCommand {
  if (argv.length === 0) throw new RangeError('execCmd needs a command');
  return { file: wslExe(), args: ['--distribution', checkName(distro), '--user', 'root', '--exec', ...argv] };
}

export type WslDistroState = 'Running' | 'Stopped' | 'Installing' | 'Converting' | 'Uninstalling' | 'unknown';

export interface WslDistro {
  name: string;
  state: WslDistroState;
  /** As printed, for states in another language. */
  rawState: string;
  version: number;
  isDefault: boolean;
}

/**
 * wsl.exe writes UTF-16LE (often without a BOM) when its output is redirected, UTF-8 in some newer builds.
 * Decides by the BOM or by NUL bytes in the odd positions.
 */
export function decodeWslOutput(buf: Buffer): string {
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
  else if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString('utf8');
  else {
    let nulOdd = 0;
    const n = Math.min(buf.length, 200);
    for (let i = 1; i < n; i += 2) if (buf[i] === 0) nulOdd++;
    text = n > 1 && nulOdd >= (n >> 1) * 0.6 ? buf.toString('utf16le') : buf.toString('utf8');
  }
  // eslint-disable-next-line no-control-regex
  return text.replace(/^\uFEFF/, '').replace(/\u0000/g, '').replace(/\r/g, '');
}

const STATES: Record<string, WslDistroState> = {
  running: 'Running',
  stopped: 'Stopped',
  installing: 'Installing',
  converting: 'Converting',
  uninstalling: 'Uninstalling',
};

/** Parses `wsl --list --verbose`; the header line may be localized, the columns are always name, state, version. */
export function parseWslList(output: string | Buffer): WslDistro[] {
  const text = typeof output === 'string' ? output : decodeWslOutput(output);
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim().length > 0);
  const out: WslDistro[] = [];
  for (const line of lines.slice(1)) {
    const isDefault = line.trimStart().startsWith('*');
    const tokens = line.trim().replace(/^\*\s*/, '').split(/\s+/);
    if (tokens.length < 3) continue;
    const name = tokens[0] ?? '';
    const version = Number(tokens[tokens.length - 1]);
    if (!NAME.test(name) || !Number.isInteger(version)) continue;
    const rawState = tokens.slice(1, -1).join(' ');
    out.push({ name, state: STATES[rawState.toLowerCase()] ?? 'unknown', rawState, version, isDefault });
  }
  return out;
}

/** True when wsl.exe said there are no distributions at all (it exits non-zero in that case). */
export function saysNoDistributions(output: string): boolean {
  return /no installed distributions/i.test(output);
}

/** `wsl --shutdown`: stops the WSL VM and every distribution in it; run only when the person asks (it applies .wslconfig). */
export function shutdownCmd(): WslCommand {
  return { file: wslExe(), args: ['--shutdown'] };
}
