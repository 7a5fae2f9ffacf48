import { describe, expect, it } from 'vitest';
import { checkHostPath, checkRef, registryHost, toBuildRequest } from './forms';

describe('image forms', () => {
  it('checks references', () => {
    expect(checkRef('busybox:latest', 'ref')).toBeUndefined();
    expect(checkRef('localhost:5000/a/b:1', 'ref')).toBeUndefined();
    expect(checkRef('', 'ref')).toMatch(/Enter/);
    expect(checkRef('UPPER', 'ref')).toBeDefined();
  });
  it('builds a build request', () => {
    const r = toBuildRequest({ context: '/tmp/app', dockerfile: '', tags: 'app:1, app:latest', buildArgs: [{ key: 'V', value: '2' }, { key: '', value: '' }], noCache: true, pull: false });
    expect(r.req).toEqual({ context: '/tmp/app', dockerfile: 'Dockerfile', tags: ['app:1', 'app:latest'], buildArgs: { V: '2' }, noCache: true, pull: false });
  });
  it('flags bad build fields', () => {
    const r = toBuildRequest({ context: 'rel', dockerfile: '../x', tags: 'Bad Tag', buildArgs: [{ key: '1x', value: '' }], noCache: false, pull: false });
    expect(Object.keys(r.errors).sort()).toEqual(['buildArgs.0', 'context', 'dockerfile', 'tags']);
  });
  it('host paths and registry hosts', () => {
    expect(checkHostPath('/a.tar', 'tar')).toBeUndefined();
    expect(checkHostPath('a.tar', 'tar')).toMatch(/absolute/);
    expect(registryHost('http://localhost:5000/')).toBe('localhost:5000');
  });
});
