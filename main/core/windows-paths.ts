// Windows system folders from the environment, checked: programs Berth runs there are named by full path, never looked up on PATH.
import path from 'node:path';

/** %SystemRoot% when it is an absolute drive path, else C:\Windows. */
export function systemRoot(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['SystemRoot'] ?? env['SYSTEMROOT'] ?? env['windir'] ?? '';
  return /^[A-Za-z]:\\[^"<>|?*]*$/.test(root) ? root : 'C:\\Windows';
}

/** `%SystemRoot%\System32\<parts>` (Sysnative from a 32-bit process on 64-bit Windows, which System32 would redirect). */
export function system32(env: NodeJS.ProcessEnv = process.env, arch: string = process.arch, ...parts: string[]): string {
  const wow64 = arch === 'ia32' && env['PROCESSOR_ARCHITEW6432'] !== undefined;
  return path.win32.join(systemRoot(env), wow64 ? 'Sysnative' : 'System32', ...parts);
}
