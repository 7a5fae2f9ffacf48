// The list conversions: Berth's helpers (a volume move's image and containers, by their label) are in no list.
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerSummaries, HELPER_LABEL, imageSummaries } from './summaries.js';

const image = (id: string, tag: string, labels: Record<string, string> | null): Docker.ImageInfo =>
  ({ Id: id, ParentId: '', RepoTags: [tag], RepoDigests: [], Created: 1, Size: 10, VirtualSize: 10, SharedSize: 0, Labels: labels, Containers: 0 }) as Docker.ImageInfo;

const container = (id: string, name: string, labels: Record<string, string>): Docker.ContainerInfo =>
  ({ Id: id, Names: [`/${name}`], Image: 'img', ImageID: 'sha256:i', Command: '', Created: 1, State: 'created', Status: 'Created', Ports: [], Labels: labels, NetworkSettings: { Networks: {} }, Mounts: [] }) as unknown as Docker.ContainerInfo;

describe('list summaries', () => {
  it("leaves out Berth's helper image, whatever its label's value, and keeps every other image (no labels at all included)", () => {
    const list = [image('sha256:a', 'web:1', { 'org.example': 'x' }), image('sha256:h', 'berth-helper/empty:1', { [HELPER_LABEL]: 'empty' }), image('sha256:b', 'db:2', null)];
    expect(imageSummaries(list).map((i) => i.repoTags[0])).toEqual(['web:1', 'db:2']);
  });

  it("leaves out a volume move's helper containers", () => {
    const list = [container('c1', 'web', {}), container('c2', 'helper', { [HELPER_LABEL]: 'volume-move' })];
    expect(containerSummaries(list).map((c) => c.name)).toEqual(['web']);
  });
});
