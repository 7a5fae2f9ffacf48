import { describe, expect, it } from 'vitest';
import type { ImageSummary } from '../../../../app/model.js';
import { ImagePlatforms } from './image-platforms.js';

const img = (id: string): ImageSummary => ({ id, repoTags: [`t/${id}:1`], repoDigests: [], created: 0, size: 1, containers: 0, labels: {}, dangling: false });

describe('ImagePlatforms', () => {
  it('inspects each new image once, a few at a time, and forgets images no longer listed', async () => {
    const calls: string[] = [];
    let live = 0;
    let peak = 0;
    const p = new ImagePlatforms(async (id) => {
      calls.push(id);
      live++;
      peak = Math.max(peak, live);
      await new Promise((r) => setTimeout(r, 5));
      live--;
      if (id === 'gone') throw new Error('No such image');
      return id === 'arm' ? { Os: 'linux', Architecture: 'arm64', Variant: 'v8' } : { Os: 'linux', Architecture: 'amd64' };
    }, 2);
    const first = await p.fill([img('arm'), img('x86'), img('gone'), img('x2')]);
    expect(first.map((i) => [i.id, i.architecture, i.variant])).toEqual([['arm', 'arm64', 'v8'], ['x86', 'amd64', undefined], ['gone', undefined, undefined], ['x2', 'amd64', undefined]]);
    expect(peak).toBe(2);
    calls.length = 0;
    await p.fill([img('arm'), img('x86')]);
    expect(calls).toEqual([]);
    await p.fill([img('x86'), img('arm')]);
    expect(calls).toEqual([]);
    // 'x2' was forgotten when it left the list: listed again, it is read again.
    await p.fill([img('x2')]);
    expect(calls).toEqual(['x2']);
  });
});
