import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../../app/errors';
import { checkCommitForm, committedRef, defaultCommitForm, errorsFromCore } from './commitForm';

describe('commit form', () => {
  it('starts from a snapshot name of the container, paused, no changes', () => {
    expect(defaultCommitForm('Quirky_Hopper')).toEqual({ ref: 'quirky_hopper-snapshot:latest', message: '', author: '', pause: true, changes: '', includeBusybox: false });
  });

  it('turns a good form into the request', () => {
    const f = { ...defaultCommitForm('web'), ref: 'localhost:5000/team/web:v2', message: ' baked ', author: 'Ann', pause: false, changes: 'cmd ["httpd", "-f"]\n\nENV MODE=prod' };
    expect(checkCommitForm('abc', f)).toEqual({
      errors: {},
      req: { id: 'abc', repo: 'localhost:5000/team/web', tag: 'v2', comment: 'baked', author: 'Ann', pause: false, changes: ['CMD ["httpd", "-f"]', 'ENV MODE=prod'], includeBerthBusybox: false },
    });
    expect(checkCommitForm('abc', { ...defaultCommitForm('web'), ref: 'web' }).req).toEqual({ id: 'abc', repo: 'web', pause: true, changes: [], includeBerthBusybox: false });
  });

  it('says what is wrong with each bad field, and sends nothing', () => {
    const r = checkCommitForm('abc', { ...defaultCommitForm('web'), ref: 'Web App:1', changes: 'ENV A=1\nRUN make' });
    expect(r.req).toBeUndefined();
    expect(r.errors.ref).toMatch(/whitespace/);
    expect(r.errors.changes).toMatch(/^Change line 2: "RUN" cannot be changed by a commit/);
    expect(checkCommitForm('abc', { ...defaultCommitForm('web'), ref: '' }).errors.ref).toMatch(/Name the image/);
    expect(checkCommitForm('abc', { ...defaultCommitForm('web'), changes: 'EXPOSE eighty' }).errors.changes).toMatch(/"eighty" is not a port/);
  });

  it('puts the core\'s refusal under its field', () => {
    expect(errorsFromCore(new BerthError('INVALID_INPUT', 'Bad tag', { field: 'repo' }))).toEqual({ ref: 'Bad tag' });
    expect(errorsFromCore(new BerthError('INVALID_INPUT', 'Bad line', { field: 'changes', detail: 'engine said no' }))).toEqual({ changes: 'Bad line (engine said no)' });
    expect(errorsFromCore(new BerthError('CONFLICT', 'Close the shell', { field: 'includeBerthBusybox' }))).toEqual({ form: 'Close the shell' });
  });

  it('names the image as the list shows it', () => {
    expect(committedRef({ repo: 'web' })).toBe('web:latest');
    expect(committedRef({ repo: 'web', tag: 'v1' })).toBe('web:v1');
  });
});
