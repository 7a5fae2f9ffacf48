// Where an ssh:// engine is served locally (issue 13, D5): a unix socket in Berth's run folder, a per-user random named pipe on Windows.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { userPipeId } from '../vm/engine-pipe.js';
import { remoteSocketPath } from './remote-engine.js';

const me = { username: 'Ada', homedir: 'C:\\Users\\Ada' };
const other = { username: 'bob', homedir: 'C:\\Users\\bob' };
const URL = 'ssh://ada@build-box';

describe('remoteSocketPath', () => {
  it('is a unix socket in the private run folder on Linux and macOS, the same for the same URL', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const p = remoteSocketPath(URL, '/home/ada/.berth', platform, me);
      expect(p).toMatch(/^\/home\/ada\/\.berth\/run\/remote-[0-9a-f]{12}\.sock$/);
      expect(path.dirname(p)).toBe('/home/ada/.berth/run');
      expect(remoteSocketPath(URL, '/home/ada/.berth', platform, me)).toBe(p);
      expect(remoteSocketPath('ssh://ada@other-box', '/home/ada/.berth', platform, me)).not.toBe(p);
    }
  });

  it("is a named pipe on Windows (Node listens on nothing else there): this user's id, random per run", () => {
    const a = remoteSocketPath(URL, 'C:\\Users\\Ada\\.berth', 'win32', me);
    const b = remoteSocketPath(URL, 'C:\\Users\\Ada\\.berth', 'win32', me);
    expect(a).toMatch(/^\\\\\.\\pipe\\berth-remote-[0-9a-f]{16}-[0-9a-f]{16}$/);
    // The engine pipe's per-user rule, not a copy of it; names differ per user and per run.
    expect(a.startsWith(`\\\\.\\pipe\\berth-remote-${userPipeId(me)}-`)).toBe(true);
    expect(userPipeId({ username: 'ADA', homedir: 'c:\\users\\ada' })).toBe(userPipeId(me));
    expect(remoteSocketPath(URL, 'C:\\Users\\bob\\.berth', 'win32', other)).not.toContain(userPipeId(me));
    expect(b).not.toBe(a);
    expect(a).not.toContain('.berth');
  });
});
