// How to spawn npm on this platform: Windows ships it as npm.cmd, which Node spawns only through a shell.

/**
 * Node (since the fix of CVE-2024-27980) refuses to spawn a `.cmd` or `.bat` file without `shell: true` (EINVAL),
 * and `npm` without an extension is not found there at all. So on Windows it is `npm.cmd` through cmd.exe; the
 * callers pass fixed arguments only (nothing a person typed), so the shell has nothing to interpret.
 * @param {NodeJS.Platform} [platform]
 * @returns {{ command: string, shell: boolean }}
 */
export function npmCommand(platform = process.platform) {
  return platform === 'win32' ? { command: 'npm.cmd', shell: true } : { command: 'npm', shell: false };
}
