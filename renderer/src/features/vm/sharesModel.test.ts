import { describe, expect, it } from 'vitest';
import type { VmStatus } from '../../../../app/vm.js';
import { addShare, removedButMounted, removeShare, shareRows, sharesNeedRestart } from './sharesModel.js';

const running = (shares: VmStatus['shares'], runningShares: string[]): VmStatus => ({
  state: 'running',
  stages: [],
  shares,
  running: { cpus: 2, memoryMiB: 2048, diskGiB: 64, shares: runningShares },
});

describe('File sharing model', () => {
  it('shows each saved folder with its state in the running VM', () => {
    const status = running(
      [
        { path: '/home/ana', transport: 'sshfs', state: 'mounted' },
        { path: '/tmp', transport: 'sshfs', state: 'failed', error: 'sftp-server was not found' },
      ],
      ['/home/ana', '/tmp'],
    );
    expect(shareRows(['/home/ana', '/tmp', '/srv/code'], status)).toEqual([
      { path: '/home/ana', stateWord: 'mounted over SSHFS', tone: 'up' },
      { path: '/tmp', stateWord: 'not mounted', tone: 'down', error: 'sftp-server was not found' },
      { path: '/srv/code', stateWord: 'not mounted yet: applies after a restart', tone: 'idle' },
    ]);
    expect(shareRows(['/home/ana'], { state: 'stopped', stages: [] })[0]?.stateWord).toBe('mounted when the VM starts');
  });
  it('offers a restart only when the running folders differ from the saved ones', () => {
    const status = running([], ['/home/ana', '/tmp']);
    expect(sharesNeedRestart(['/home/ana', '/tmp'], status)).toBe(false);
    expect(sharesNeedRestart(['/home/ana'], status)).toBe(true);
    expect(removedButMounted(['/home/ana'], running([{ path: '/tmp', transport: 'sshfs', state: 'mounted' }], ['/tmp']))).toEqual(['/tmp']);
    expect(sharesNeedRestart(['/x'], { state: 'stopped', stages: [] })).toBe(false);
  });
  it('adds a folder, refusing relative paths, system folders and folders already shared', () => {
    expect(addShare(['/home/ana'], ' /srv/code/ ')).toEqual({ shares: ['/home/ana', '/srv/code'] });
    expect(addShare(['/home/ana'], '/home/ana/proj')).toEqual({ error: '/home/ana/proj is already shared as part of /home/ana.' });
    expect(addShare(['/home/ana'], '/home/ana')).toEqual({ error: '/home/ana is already shared.' });
    expect(addShare([], 'code')).toMatchObject({ error: expect.stringMatching(/not an absolute path/) });
    expect(addShare([], '/usr/local')).toMatchObject({ error: expect.stringMatching(/VM's own \/usr/) });
    expect(addShare([], '')).toMatchObject({ error: expect.stringMatching(/full path/) });
    expect(addShare(['/home/ana/a', '/home/ana/b'], '/home/ana')).toEqual({ shares: ['/home/ana'] });
  });
  it('removes a folder', () => {
    expect(removeShare(['/a', '/b'], '/a')).toEqual(['/b']);
  });
});
