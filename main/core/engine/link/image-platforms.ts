// Each listed image's platform (os, architecture, variant): the engine's list lacks it, so a new image id is inspected once.
import type { ImageSummary } from '../../../../app/model.js';
import { createLogger } from '../../log.js';

const log = createLogger('image-platforms');

interface Inspected {
  Os?: string;
  Architecture?: string;
  Variant?: string;
}

type Platform = Pick<ImageSummary, 'os' | 'architecture' | 'variant'>;

/** Remembers platforms by image id (an id's content, and so its platform, never changes); forgets ids no longer listed. */
export class ImagePlatforms {
  private readonly known = new Map<string, Platform>();

  constructor(
    private readonly inspect: (id: string) => Promise<Inspected>,
    private readonly concurrency = 8,
  ) {}

  /** The list with `os`/`architecture`/`variant` filled in; an image that cannot be inspected (removed meanwhile) is left without. */
  async fill(list: ImageSummary[]): Promise<ImageSummary[]> {
    const missing = list.filter((i) => !this.known.has(i.id)).map((i) => i.id);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < missing.length) {
        const id = missing[next++] as string;
        try {
          const j = await this.inspect(id);
          const p: Platform = {};
          if (j.Os) p.os = j.Os;
          if (j.Architecture) p.architecture = j.Architecture;
          if (j.Variant) p.variant = j.Variant;
          this.known.set(id, p);
        } catch (e) {
          log.debug(`no platform for ${id.slice(0, 19)}`, e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, missing.length) }, worker));
    const listed = new Set(list.map((i) => i.id));
    for (const id of this.known.keys()) if (!listed.has(id)) this.known.delete(id);
    return list.map((i) => ({ ...i, ...this.known.get(i.id) }));
  }
}
