import { describe, expect, it } from 'vitest';
import { mapEngineError } from './errors.js';

const http = (statusCode: number, message: string) => ({ statusCode, json: { message }, message: `(HTTP code ${statusCode}) unexpected - ${message}` });

describe('engine error mapping', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, {}, 'ENGINE_UNREACHABLE'],
    [{ code: 'EACCES', message: 'connect EACCES /var/run/docker.sock' }, {}, 'PERMISSION_DENIED'],
    [http(404, 'No such image: nope:latest'), { what: 'nope' }, 'IMAGE_NOT_FOUND'],
    [http(404, 'No such container: abc'), { what: 'Container abc' }, 'NOT_FOUND'],
    [http(409, 'Conflict. The container name "/web" is already in use by container "123".'), { what: 'web' }, 'NAME_CONFLICT'],
    [http(409, 'You cannot remove a running container 123. Stop the container before attempting removal or force remove'), {}, 'CONFLICT'],
    [http(500, 'driver failed programming external connectivity on endpoint x: Bind for 0.0.0.0:8080 failed: port is already allocated'), {}, 'PORT_IN_USE'],
    [http(400, 'invalid reference format'), {}, 'INVALID_INPUT'],
    [http(401, 'unauthorized: authentication required'), {}, 'UNAUTHORIZED'],
  ])('%j -> %s', (err, ctx, code) => {
    const e = mapEngineError(err, ctx);
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(10);
  });
  it('names the taken port and keeps the engine words as detail', () => {
    const e = mapEngineError(http(500, 'Bind for 0.0.0.0:8080 failed: port is already allocated'));
    expect(e.message).toContain('8080');
    expect(e.field).toBe('ports');
    expect(e.detail).toContain('already allocated');
    expect(mapEngineError(http(500, 'listen tcp4 127.0.0.1:18080: bind: address already in use')).message).toContain('18080');
  });
});
