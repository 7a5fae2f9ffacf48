import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../../app/model';
import { imageDetails, imageRows, splitTag } from './viewModel';

const img = (over: Partial<ImageSummary>): ImageSummary => ({ id: 'sha256:aaaaaaaaaaaaaaaa', repoTags: [], repoDigests: [], created: 0, size: 2048, containers: -1, labels: {}, dangling: false, ...over });

describe('images view model', () => {
  it('splits tags past a registry port', () => {
    expect(splitTag('localhost:5000/team/app:1.0')).toEqual({ repository: 'localhost:5000/team/app', tag: '1.0' });
    expect(splitTag('localhost:5000/app')).toEqual({ repository: 'localhost:5000/app', tag: 'latest' });
  });
  it('one row per tag, dangling as <none>, use counted from containers', () => {
    const rows = imageRows(
      [img({ id: 'sha256:1', repoTags: ['b:1', 'a:2'] }), img({ id: 'sha256:2', dangling: true })],
      [{ imageId: 'sha256:1' } as never, { imageId: 'sha256:1' } as never],
    );
    expect(rows.map((r) => `${r.repository}:${r.tag}:${r.inUse}`)).toEqual(['<none>:<none>:0', 'a:2:2', 'b:1:2']);
    expect(rows[0]?.ref).toBe('sha256:2');
  });
  it('shows each image’s architecture, the OS too when it is not linux, and filters on it', () => {
    const rows = imageRows(
      [
        img({ id: 'sha256:a', repoTags: ['arm:1'], os: 'linux', architecture: 'arm64', variant: 'v8' }),
        img({ id: 'sha256:b', repoTags: ['x86:1'], os: 'linux', architecture: 'amd64' }),
        img({ id: 'sha256:c', repoTags: ['win:1'], os: 'windows', architecture: 'amd64' }),
        img({ id: 'sha256:d', repoTags: ['new:1'] }),
      ],
      [],
    );
    expect(rows.map((r) => `${r.repository} ${r.platform}`)).toEqual(['arm arm64/v8', 'new ', 'win windows/amd64', 'x86 amd64']);
    expect(imageRows([img({ id: 'sha256:a', repoTags: ['arm:1'], os: 'linux', architecture: 'arm64', variant: 'v8' }), img({ id: 'sha256:b', repoTags: ['x86:1'], os: 'linux', architecture: 'amd64' })], [], 'arm64/v8').map((r) => r.repository)).toEqual(['arm']);
  });
  it('filters', () => expect(imageRows([img({ repoTags: ['busybox:1'] }), img({ id: 'sha256:3', repoTags: ['nginx:1'] })], [], 'ngi')).toHaveLength(1));
  it('details from inspect', () => {
    const d = imageDetails({ Config: { Env: ['A=1'], Cmd: ['sh'], ExposedPorts: { '80/tcp': {} }, WorkingDir: '' }, RootFS: { Layers: ['x', 'y'] }, Os: 'linux' });
    expect(d).toMatchObject({ env: ['A=1'], cmd: 'sh', exposed: ['80/tcp'], workdir: '/', layers: 2, os: 'linux' });
  });
});
