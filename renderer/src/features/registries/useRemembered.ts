// The remembered registry sign-ins as the window sees them (host and username only), kept fresh by registry.rememberedChanged.
import { useCallback, useEffect, useState } from 'react';
import type { RememberedRegistries } from '../../../../app/credentials.js';
import { isUnsupported, shownError } from '../../lib/errors.js';
import { client } from '../../transport/index.js';

export interface Remembered {
  data?: RememberedRegistries;
  error?: string;
  /** This endpoint cannot remember sign-ins (an older core). */
  unsupported: boolean;
  reload(): void;
  forget(host: string): Promise<void>;
}

export function useRemembered(): Remembered {
  const [data, setData] = useState<RememberedRegistries | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [unsupported, setUnsupported] = useState(false);
  const reload = useCallback(() => {
    client()
      .registry.remembered()
      .then(
        (d) => {
          setData(d);
          setError(undefined);
        },
        (e: unknown) => {
          if (isUnsupported(e)) setUnsupported(true);
          else setError(shownError(e).message);
        },
      );
  }, []);
  useEffect(() => {
    reload();
    return client().registry.rememberedChanged((d) => {
      setData(d);
      setError(undefined);
    });
  }, [reload]);
  const forget = useCallback(async (host: string) => {
    try {
      await client().registry.forget({ registry: host });
      setError(undefined);
    } catch (e) {
      setError(shownError(e).message);
    }
  }, []);
  return { ...(data ? { data } : {}), ...(error ? { error } : {}), unsupported, reload, forget };
}
