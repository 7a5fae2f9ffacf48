// Host terminal: shell and env choice, DOCKER_HOST per endpoint, batching, flow control and close, on a fake and a real pty.
import type { IPty, IPtyForkOptions } from 'node-pty';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sink } from '../handlers.js';
import { createHostTerminal, dockerHostUrl, hostShell, hostTerminalEnv, type HostTerminalResult } from './host-pty.js';

const sock = { kind: 'socket' as const, label: 'Local socket', address: '/var/run/docker.sock' };

function fakePty() {
  let onData: ((d: string) => void) | undefined;
  let onExit: ((e: { exitCode: number; signal?: number }) => void) | undefined;
  const calls: string[] = [];
  const pty = {
    pid: 4242,
    onData: (cb: (d: string) => void) => ((onData = cb), { dispose: () => (onData = undefined) }),
    onExit: (cb: (e: { exitCode: number; signal?: number }) => void) => ((onExit = cb), { dispose: () => (onExit = undefined) }),
    write: (d: string) => calls.push(`write ${d}`),
    resize: (c: number, r: number) => calls.push(`resize ${c}x${r}`),
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    kill: () => calls.push('kill'),
  };
  return { pty: pty as unknown as IPty, calls, emit: (d: string) => onData?.(d), exit: (code: number, signal?: number) => onExit?.({ exitCode: code, ...(signal ? { signal } : {}) }) };
}

function fakeSink(accept = () => true) {
  const chunks: string[] = [];
  const drains: (() => void)[] = [];
  const ends: HostTerminalResult[] = [];
  const abort = new AbortController();
  const sink: Sink<string, HostTerminalResult> = {
    push: (c) => (chunks.push(c), accept()),
    onDrain: (cb) => drains.push(cb),
    end: (r) => ends.push(r),
    fail: (e) => {
      throw e;
    },
    signal: abort.signal,
  };
  return { sink, chunks, drains, ends, abort };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('host terminal, pure parts', () => {
  it('points DOCKER_HOST at each kind of endpoint', () => {
    expect(dockerHostUrl(sock)).toBe('unix:///var/run/docker.sock');
    expect(dockerHostUrl({ kind: 'vm', label: 'Berth VM', address: '/home/me/.berth/run/docker.sock' })).toBe('unix:///home/me/.berth/run/docker.sock');
    expect(dockerHostUrl({ kind: 'pipe', label: 'Named pipe', address: '\\\\.\\pipe\\docker_engine' })).toBe('npipe:////./pipe/docker_engine');
    // The Berth VM on Windows (WSL2) serves its engine on a named pipe.
    expect(dockerHostUrl({ kind: 'vm', label: 'Berth VM', address: '\\\\.\\pipe\\berth-docker-0123456789abcdef' })).toBe('npipe:////./pipe/berth-docker-0123456789abcdef');
    expect(dockerHostUrl({ kind: 'tcp', label: 'TCP', address: '127.0.0.1:2375' })).toBe('tcp://127.0.0.1:2375');
    // An ssh:// engine served locally by a RemoteEngine: its socket, or its named pipe on Windows (issue 13, D5).
    expect(dockerHostUrl({ kind: 'ssh', label: 'ssh: box', address: '/home/me/.berth/run/remote-0123456789ab.sock' })).toBe('unix:///home/me/.berth/run/remote-0123456789ab.sock');
    expect(dockerHostUrl({ kind: 'ssh', label: 'ssh: box', address: '\\\\.\\pipe\\berth-remote-0123456789abcdef-fedcba9876543210' })).toBe('npipe:////./pipe/berth-remote-0123456789abcdef-fedcba9876543210');
  });

  it('drops what would redirect docker and adds terminal facts', () => {
    const env = hostTerminalEnv({ PATH: '/usr/bin', DOCKER_CONTEXT: 'other', DOCKER_HOST: 'tcp://elsewhere:2375', ELECTRON_RUN_AS_NODE: '1', EMPTY: undefined }, sock);
    expect(env).toEqual({ PATH: '/usr/bin', DOCKER_HOST: 'unix:///var/run/docker.sock', TERM: 'xterm-256color', COLORTERM: 'truecolor', TERM_PROGRAM: 'Berth', BERTH_TERMINAL: '1' });
  });

  it("picks the user's shell, then bash, then sh; a login shell on macOS; PowerShell on Windows", () => {
    expect(hostShell({ SHELL: '/usr/bin/zsh' }, 'linux', () => true)).toEqual({ file: '/usr/bin/zsh', args: [] });
    expect(hostShell({ SHELL: '/usr/bin/zsh' }, 'linux', (p) => p === '/bin/sh')).toEqual({ file: '/bin/sh', args: [] });
    expect(hostShell({ SHELL: 'zsh' }, 'darwin', (p) => p === '/bin/bash')).toEqual({ file: '/bin/bash', args: ['-l'] });
    // Windows: by full path, never a bare name (issue 13 desktop review).
    expect(hostShell({ SystemRoot: 'D:\\Win' }, 'win32').file).toMatch(/^D:\\Win\\(System32|Sysnative)\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    expect(hostShell({ COMSPEC: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' }, 'win32').file).toBe('C:\\Program Files\\PowerShell\\7\\pwsh.exe');
    expect(hostShell({ COMSPEC: 'pwsh.exe' }, 'win32').file).toMatch(/^C:\\Windows\\(System32|Sysnative)\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
    // macOS without $SHELL: zsh, its default shell.
    expect(hostShell({}, 'darwin', (p) => p === '/bin/zsh' || p === '/bin/bash')).toEqual({ file: '/bin/zsh', args: ['-l'] });
    expect(() => hostShell({}, 'linux', () => false)).toThrow(/No shell/);
  });
});

describe('host terminal stream (fake pty)', () => {
  const open = async (s = fakeSink()) => {
    const f = fakePty();
    let spawned: { file: string; args: string[]; opts: IPtyForkOptions } | undefined;
    const handler = createHostTerminal({
      endpoint: () => sock,
      env: { HOME: '/nonexistent-home', PATH: '/usr/bin' },
      shell: { file: '/bin/sh', args: [] },
      spawn: (file, args, opts) => ((spawned = { file, args, opts }), f.pty),
    });
    const control = await handler({ cols: 100, rows: 30, cwd: '/definitely/not/here' }, s.sink);
    return { ...f, ...s, control, spawned: spawned! };
  };

  it('spawns with the size, the env and a safe start folder', async () => {
    const t = await open();
    expect(t.spawned.opts).toMatchObject({ cols: 100, rows: 30, cwd: '/nonexistent-home' });
    expect(t.spawned.opts.env).toMatchObject({ DOCKER_HOST: 'unix:///var/run/docker.sock' });
  });

  it('batches output every 16 ms and forwards input and resize', async () => {
    vi.useFakeTimers();
    const t = await open();
    t.emit('a');
    t.emit('b');
    expect(t.chunks).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(t.chunks).toEqual(['ab']);
    t.control.write?.('ls\r');
    t.control.resize?.(5000, 0);
    expect(t.calls).toEqual(['write ls\r', 'resize 1000x1']);
  });

  it('pauses the pty when the window is behind and resumes on drain', async () => {
    vi.useFakeTimers();
    let ok = false;
    const t = await open(fakeSink(() => ok));
    t.emit('x'.repeat(70_000));
    expect(t.calls).toEqual(['pause']);
    ok = true;
    t.drains.forEach((d) => d());
    expect(t.calls).toEqual(['pause', 'resume']);
  });

  it('flushes and ends with the exit code; a signal ends with null', async () => {
    vi.useFakeTimers();
    const t = await open();
    t.emit('bye');
    t.exit(3);
    expect(t.chunks).toEqual(['bye']);
    expect(t.ends).toEqual([{ exitCode: 3, shell: '/bin/sh' }]);
    const u = await open();
    u.exit(0, 9);
    expect(u.ends).toEqual([{ exitCode: null, shell: '/bin/sh' }]);
  });

  it('kills the shell when the stream is closed or aborted, once', async () => {
    const t = await open();
    t.control.close();
    t.control.close();
    t.control.write?.('late');
    expect(t.calls).toEqual(['kill']);
    const u = await open();
    u.abort.abort();
    expect(u.calls).toEqual(['kill']);
  });
});

describe('host terminal stream (real pty)', () => {
  it('runs a shell whose size follows resize', async () => {
    const s = fakeSink();
    const handler = createHostTerminal({ endpoint: () => sock, shell: { file: '/bin/sh', args: [] } });
    const control = await handler({ cols: 90, rows: 30 }, s.sink);
    const output = () => s.chunks.join('');
    const waitFor = async (re: RegExp) => {
      for (let i = 0; i < 200 && !re.test(output()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(output()).toMatch(re);
    };
    control.write?.('stty size; echo "host=$DOCKER_HOST"\r');
    await waitFor(/30 90/);
    await waitFor(/host=unix:\/\/\/var\/run\/docker\.sock/);
    control.resize?.(120, 40);
    control.write?.('stty size\r');
    await waitFor(/40 120/);
    control.write?.('exit 7\r');
    for (let i = 0; i < 200 && s.ends.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(s.ends).toEqual([{ exitCode: 7, shell: '/bin/sh' }]);
  }, 15_000);
});
