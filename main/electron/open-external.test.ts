// openExternal filter: only http(s) to loopback or the allowlist, no credentials, the parsed URL is what opens.
import { describe, expect, it, vi } from 'vitest';
import { checkExternalUrl, createOpenExternal } from './open-external.js';

describe('openExternal filter', () => {
  it.each([
    'http://127.0.0.1:8080/',
    'http://localhost:3000/path?q=1',
    'https://localhost/',
    'http://[::1]:8080/',
    'https://docs.docker.com/engine/',
    'https://github.com/docker/cli',
  ])('opens %s', (u) => {
    expect(checkExternalUrl(u).ok).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'smb://attacker/share',
    'javascript:alert(1)',
    'ms-msdt:/id PCWDiagnostic',
    'x-berth-fake://open',
    'http://localhost.evil.example/',
    'http://127.0.0.1.evil.example/',
    'https://github.com.evil.example/',
    'https://evil.example/?to=https://github.com',
    'http://user:pass@localhost:8080/',
    'http://0.0.0.0:8080/',
    'http://192.168.1.10:8080/',
    'not a url',
    `http://localhost/${'a'.repeat(3000)}`,
  ])('refuses %s', (u) => {
    expect(checkExternalUrl(u).ok).toBe(false);
  });

  it("opens the remote engine's host (its published ports), and only that host", async () => {
    expect(checkExternalUrl('http://build-box:8080/', undefined, ['build-box']).ok).toBe(true);
    expect(checkExternalUrl('http://[fd00::5]:8080/', undefined, ['fd00::5']).ok).toBe(true);
    expect(checkExternalUrl('http://build-box.evil.example:8080/', undefined, ['build-box']).ok).toBe(false);
    expect(checkExternalUrl('file://build-box/etc/passwd', undefined, ['build-box']).ok).toBe(false);
    const shell = { openExternal: vi.fn(async () => undefined) };
    let hosts: string[] = [];
    const open = createOpenExternal(shell, undefined, () => hosts);
    expect(await open('http://build-box:8080/')).toBe(false);
    hosts = ['build-box'];
    expect(await open('http://build-box:8080/')).toBe(true);
  });

  it('refuses non-strings', () => {
    expect(checkExternalUrl(42).ok).toBe(false);
    expect(checkExternalUrl({ href: 'http://localhost' }).ok).toBe(false);
  });

  it('opens the normalised URL and reports refusals without calling the shell', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    const open = createOpenExternal(shell);
    expect(await open('HTTP://LOCALHOST:8080')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('http://localhost:8080/');
    expect(await open('file:///etc/passwd')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('takes an explicit allowlist', () => {
    expect(checkExternalUrl('https://registry.example.com/v2/', ['https://registry.example.com']).ok).toBe(true);
    expect(checkExternalUrl('https://docs.docker.com/', ['https://registry.example.com']).ok).toBe(false);
  });
});
