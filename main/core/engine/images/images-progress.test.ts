// Unit tests: decoding the engine's progress stream, per-layer state, reference splitting, registry error words.
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../../app/errors.js';
import { classifyRegistryMessage, JsonLineDecoder, LayerState, mapRegistryError, messageError, serverAddressOf, splitImageRef, withDefaultTag } from './images-progress.js';

describe('JsonLineDecoder', () => {
  it('splits on newlines, keeps partial lines and multi-byte characters split across chunks', () => {
    const d = new JsonLineDecoder();
    const text = Buffer.from('{"status":"a"}\r\n{"status":"é');
    expect(d.write(text.subarray(0, text.length - 1))).toEqual([{ status: 'a' }]);
    expect(d.write(Buffer.concat([text.subarray(text.length - 1), Buffer.from('"}\n')]))).toEqual([{ status: 'é' }]);
    expect(d.write('{"stream":"x"}')).toEqual([]);
    expect(d.end()).toEqual([{ stream: 'x' }]);
  });

  it('keeps a line that is not JSON as a status instead of dropping it', () => {
    expect(new JsonLineDecoder().write('<html>bad gateway</html>\n')).toEqual([{ status: '<html>bad gateway</html>' }]);
  });
});

describe('messageError', () => {
  it('prefers errorDetail.message, then error', () => {
    expect(messageError({ errorDetail: { message: 'x' }, error: 'y' })).toBe('x');
    expect(messageError({ error: 'y' })).toBe('y');
    expect(messageError({ status: 'ok' })).toBeUndefined();
  });
});

describe('LayerState', () => {
  it('tracks every layer with its latest numbers and the overall status', () => {
    const s = new LayerState();
    s.apply({ status: 'Pulling from team/app', id: 'latest' });
    s.apply({ status: 'Pulling fs layer', progressDetail: {}, id: 'aaaaaaaaaaaa' });
    s.apply({ status: 'Pulling fs layer', progressDetail: {}, id: 'bbbbbbbbbbbb' });
    s.apply({ status: 'Downloading', progressDetail: { current: 10, total: 100 }, progress: '[>  ]', id: 'aaaaaaaaaaaa' });
    expect(s.take()).toEqual({
      status: 'latest: Pulling from team/app',
      layers: [
        { id: 'aaaaaaaaaaaa', status: 'Downloading', current: 10, total: 100 },
        { id: 'bbbbbbbbbbbb', status: 'Pulling fs layer' },
      ],
    });
    expect(s.take()).toBeUndefined();
    s.apply({ status: 'Pull complete', progressDetail: {}, id: 'aaaaaaaaaaaa' });
    s.apply({ status: 'Digest: sha256:' + 'c'.repeat(64) });
    s.apply({ status: 'Status: Downloaded newer image for team/app:latest' });
    const c = s.take();
    expect(c?.layers[0]).toEqual({ id: 'aaaaaaaaaaaa', status: 'Pull complete' });
    expect(c?.status).toBe('Status: Downloaded newer image for team/app:latest');
  });

  it('finds the digest of a push in the status line or the aux message', () => {
    const s = new LayerState();
    s.apply({ status: 'The push refers to repository [127.0.0.1:5000/x]' });
    s.apply({ status: 'Preparing', progressDetail: {}, id: '0123456789ab' });
    s.apply({ status: `latest: digest: sha256:${'d'.repeat(64)} size: 527` });
    expect(s.digest).toBe(`sha256:${'d'.repeat(64)}`);
    s.apply({ aux: { Tag: 'latest', Digest: `sha256:${'e'.repeat(64)}`, Size: 527 } });
    expect(s.digest).toBe(`sha256:${'e'.repeat(64)}`);
  });
});

describe('references', () => {
  it('splits domain, name, tag and digest; validates', () => {
    expect(splitImageRef('busybox')).toEqual({ domain: 'docker.io', name: 'busybox' });
    expect(splitImageRef('127.0.0.1:5000/team/app:v1')).toEqual({ domain: '127.0.0.1:5000', name: '127.0.0.1:5000/team/app', tag: 'v1' });
    expect(splitImageRef(`x@sha256:${'a'.repeat(64)}`).digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(() => splitImageRef('Bad Name')).toThrow(BerthError);
    try {
      splitImageRef('UPPER', 'target');
    } catch (e) {
      expect((e as BerthError).code).toBe('INVALID_INPUT');
      expect((e as BerthError).field).toBe('target');
    }
  });

  it('adds :latest only when neither tag nor digest is named', () => {
    expect(withDefaultTag('busybox')).toBe('busybox:latest');
    expect(withDefaultTag('localhost:5000/x')).toBe('localhost:5000/x:latest');
    expect(withDefaultTag('x:1')).toBe('x:1');
    expect(withDefaultTag(`x@sha256:${'a'.repeat(64)}`)).toBe(`x@sha256:${'a'.repeat(64)}`);
  });

  it('names the server address the engine expects', () => {
    expect(serverAddressOf('busybox')).toBe('https://index.docker.io/v1/');
    expect(serverAddressOf('ghcr.io/o/app')).toBe('ghcr.io');
  });
});

describe('classifyRegistryMessage', () => {
  const code = (m: string, op: 'pull' | 'push' = 'pull') => classifyRegistryMessage(m, op, '127.0.0.1:5000/x:latest')?.code;
  it('maps the engine and registry words to codes', () => {
    expect(code('manifest for 127.0.0.1:5000/x:latest not found: manifest unknown: manifest unknown')).toBe('IMAGE_NOT_FOUND');
    expect(code("pull access denied for x, repository does not exist or may require 'docker login'")).toBe('IMAGE_NOT_FOUND');
    expect(code('unauthorized: authentication required', 'push')).toBe('UNAUTHORIZED');
    expect(code('Head "http://127.0.0.1:5000/v2/x/manifests/latest": no basic auth credentials')).toBe('UNAUTHORIZED');
    expect(code('denied: requested access to the resource is denied', 'push')).toBe('UNAUTHORIZED');
    expect(code('Get "https://nohost.invalid/v2/": dial tcp: lookup nohost.invalid: no such host')).toBe('NOT_FOUND');
    expect(code('Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused')).toBe('INTERNAL');
    expect(code('something else entirely')).toBeUndefined();
  });

  it('maps HTTP failures before the stream, falling back to the engine mapping', () => {
    const e = mapRegistryError({ statusCode: 404, json: { message: 'manifest for x:latest not found: manifest unknown' } }, 'pull', 'x:latest');
    expect(e.code).toBe('IMAGE_NOT_FOUND');
    expect(e.detail).toContain('manifest unknown');
    expect(mapRegistryError({ code: 'ECONNREFUSED' }, 'pull', 'x').code).toBe('ENGINE_UNREACHABLE');
    expect(mapRegistryError({ statusCode: 500, json: { message: 'boom' } }, 'push', 'x').code).toBe('INTERNAL');
  });
});
