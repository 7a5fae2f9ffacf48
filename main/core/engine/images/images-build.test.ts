// Unit tests: build output lines, the final image id, and how a failed build's words become codes.
import { describe, expect, it } from 'vitest';
import { BuildLines, classifyBuildMessage } from './images-build.js';

describe('BuildLines', () => {
  it('splits stream text into lines across messages and finds the image id', () => {
    const b = new BuildLines();
    b.apply({ stream: 'Step 1/2 : FROM x\n ---> abc' });
    b.apply({ stream: 'def\nStep 2/2 : RUN echo hi\n' });
    b.apply({ stream: 'hi\n' });
    b.apply({ aux: { ID: `sha256:${'f'.repeat(64)}` } });
    b.apply({ stream: 'Successfully built ffffffffffff\n' });
    b.apply({ stream: 'no newline at the end' });
    expect(b.take()).toEqual({ lines: ['Step 1/2 : FROM x', ' ---> abcdef', 'Step 2/2 : RUN echo hi', 'hi', 'Successfully built ffffffffffff'] });
    expect(b.take()).toBeUndefined();
    expect(b.take(true)).toEqual({ lines: ['no newline at the end'] });
    expect(b.auxId).toBe(`sha256:${'f'.repeat(64)}`);
    expect(b.shortId).toBe('ffffffffffff');
  });

  it('shows base-image pull statuses but not every progress tick', () => {
    const b = new BuildLines();
    b.apply({ status: 'Pulling fs layer', id: 'aaaaaaaaaaaa', progressDetail: {} });
    b.apply({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1, total: 2 } });
    expect(b.take()?.lines).toEqual(['aaaaaaaaaaaa: Pulling fs layer']);
  });
});

describe('classifyBuildMessage', () => {
  it('blames the Dockerfile, a missing base image, or the engine', () => {
    expect(classifyBuildMessage("The command '/bin/sh -c exit 3' returned a non-zero code: 3").code).toBe('INVALID_INPUT');
    expect(classifyBuildMessage('dockerfile parse error line 2: unknown instruction: FOO').code).toBe('INVALID_INPUT');
    expect(classifyBuildMessage('COPY failed: file not found in build context or excluded by .dockerignore: stat x: file does not exist').code).toBe('INVALID_INPUT');
    expect(classifyBuildMessage("pull access denied for nope, repository does not exist or may require 'docker login'").code).toBe('IMAGE_NOT_FOUND');
    expect(classifyBuildMessage('failed to register layer: disk full').code).toBe('INTERNAL');
    const e = classifyBuildMessage("The command '/bin/sh -c false' returned a non-zero code: 1");
    expect(e.message).toContain('returned a non-zero code: 1');
    expect(e.field).toBe('dockerfile');
  });
});
