// What the run form reads about the chosen image (EXPOSE ports, platform) and the engine (its platform), kept current.
import { useEffect, useState } from 'react';
import type { Platform } from '../../../../app/parse/platform.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { exposedPorts, type ExposedPort } from './exposed.js';
import { imagePlatform } from './platform.js';

export interface ImageFacts {
  exposed: ExposedPort[];
  platform?: Platform | undefined;
}

/** The image's facts from one inspect, 250 ms after the image field stops changing; nothing for an image the engine lacks. */
export function useImageFacts(image: string): ImageFacts {
  const [facts, setFacts] = useState<ImageFacts>({ exposed: [] });
  useEffect(() => {
    const ref = image.trim();
    if (!ref) {
      setFacts({ exposed: [] });
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      client()
        .images.inspect({ id: ref })
        .then((j) => live && setFacts({ exposed: exposedPorts(j), platform: imagePlatform(j) }))
        .catch(() => live && setFacts({ exposed: [] }));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [image]);
  return facts;
}

/** The engine's os/arch (from the store when the engine page read it, else asked once). */
export function useEnginePlatform(): { os: string; arch: string } | undefined {
  const version = useStore((s) => s.engineVersion);
  const epoch = useStore((s) => s.engineEpoch);
  useEffect(() => {
    if (version) return;
    let live = true;
    Promise.resolve()
      .then(() => client().engine.version())
      .then((v) => live && useStore.getState().setEngineFacts({ version: v }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [version, epoch]);
  return version ? { os: version.os, arch: version.arch } : undefined;
}
