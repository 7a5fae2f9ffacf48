// Loads a container's inspect JSON, again whenever its summary changes (start, stop, rename arrive as events) and when the engine comes back.
import { useEffect, useState } from 'react';
import type { ContainerSummary } from '../../../../app/model.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';

export function useInspect(id: string, summary: ContainerSummary | undefined): { json: Record<string, unknown> | undefined; error: string | undefined } {
  const [json, setJson] = useState<Record<string, unknown> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const epoch = useStore((s) => s.engineEpoch);
  const stamp = summary ? `${summary.state}|${summary.status.replace(/\d+/g, '')}|${summary.name}|${summary.networks.join(',')}` : 'none';
  useEffect(() => {
    let live = true;
    client()
      .containers.inspect({ id })
      .then((j) => {
        if (!live) return;
        setJson(j);
        setError(undefined);
      })
      .catch((e: unknown) => live && setError(shownError(e).message));
    return () => {
      live = false;
    };
  }, [id, stamp, epoch]);
  return { json, error };
}
