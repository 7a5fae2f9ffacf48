import { describe, expect, it } from 'vitest';
import { commitQuery } from './commit.js';

const base = { id: 'c', repo: 'app', pause: true, changes: [] as string[], includeBerthBusybox: false };

describe('commitQuery', () => {
  it('passes the target, message, author, pause and change lines to the engine', () => {
    expect(commitQuery({ ...base, repo: 'localhost:5000/team/app', tag: 'snap', comment: 'note', author: 'Ann <a@b>', pause: false, changes: ['cmd ["sleep", "1"]', 'ENV A=1'] }, 'full-id')).toEqual({
      container: 'full-id',
      repo: 'localhost:5000/team/app',
      tag: 'snap',
      comment: 'note',
      author: 'Ann <a@b>',
      pause: false,
      changes: ['CMD ["sleep", "1"]', 'ENV A=1'],
    });
    expect(commitQuery(base, 'id')).toEqual({ container: 'id', repo: 'app', pause: true });
    // A tag written into repo is split off.
    expect(commitQuery({ ...base, repo: 'app:1.0' }, 'id')).toMatchObject({ repo: 'app', tag: '1.0' });
  });

  it('refuses a bad target or change line with INVALID_INPUT on its field', () => {
    expect(() => commitQuery({ ...base, repo: 'Bad Name' }, 'id')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'repo' }));
    expect(() => commitQuery({ ...base, tag: '-x' }, 'id')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'repo' }));
    expect(() => commitQuery({ ...base, changes: ['ENV A=1', 'RUN rm -rf /'] }, 'id')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'changes', message: expect.stringMatching(/^Change line 2: "RUN"/) }));
  });
});
