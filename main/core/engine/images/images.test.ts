// Unit tests: image history rows, conflict wording, load output parsing.
import { describe, expect, it } from 'vitest';
import { loadedRefs } from './images-archive.js';
import { authConfigFor } from './images-pull.js';
import { explainImageConflict, toHistoryEntry } from './images.js';

describe('toHistoryEntry', () => {
  it('fills absent fields', () => {
    expect(toHistoryEntry({ Id: '<missing>', Created: 1, Size: 0, Tags: null })).toEqual({ id: '<missing>', created: 1, createdBy: '', size: 0, comment: '', tags: [] });
  });
});

describe('explainImageConflict', () => {
  it('names the container and says what to do', () => {
    const stopped = 'conflict: unable to remove repository reference "app" (must force) - container 0123456789ab is using its referenced image fedcba987654';
    expect(explainImageConflict('app', stopped, 'web')).toBe('Image app is used by container web; stop and remove it first or force.');
    expect(explainImageConflict('app', stopped)).toContain('container 0123456789ab');
    const running = 'conflict: unable to delete fedcba987654 (cannot be forced) - image is being used by running container 0123456789ab';
    expect(explainImageConflict('app', running, 'web')).toMatch(/running container web; stop and remove it first/);
    expect(explainImageConflict('x', 'conflict: unable to delete a (cannot be forced) - image has dependent child images')).toMatch(/built on top/);
  });
});

describe('loadedRefs', () => {
  it('reads tags and ids from load output', () => {
    expect(loadedRefs(['Loaded image: a/b:c', `Loaded image ID: sha256:${'a'.repeat(64)}`, 'other'])).toEqual(['a/b:c', `sha256:${'a'.repeat(64)}`]);
  });
});

describe('authConfigFor', () => {
  it('fills the server address from the reference and leaves out absent credentials', () => {
    expect(authConfigFor('127.0.0.1:5000/x:1', undefined)).toEqual({ serveraddress: '127.0.0.1:5000' });
    expect(authConfigFor('busybox', { username: 'u', password: 'p' })).toEqual({ username: 'u', password: 'p', serveraddress: 'https://index.docker.io/v1/' });
  });
});
