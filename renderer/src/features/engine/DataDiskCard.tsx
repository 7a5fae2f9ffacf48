// The Berth VM's data disk on the Engine page: its size on this computer next to what the engine uses, and "Give space back".
import { useCallback, useEffect, useState } from 'react';
import type { VmDiskUsage } from '../../../../app/vm.js';
import { shownError } from '../../lib/errors.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { Kv } from '../../ui/Kv.js';
import { diskRows, trimResult } from './dataDisk.js';

export function DataDiskCard({ epoch }: { epoch: number }) {
  const df = useStore((s) => s.diskUsage);
  const running = useStore((s) => s.vmStatus?.state === 'running');
  const [disk, setDisk] = useState<VmDiskUsage | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();

  const load = useCallback(() => {
    client().vm.disk().then(setDisk, () => setDisk(undefined));
  }, []);
  // Again when the engine comes back, the VM changes state (the guest's filesystem is measured only while it runs) or df is read again.
  useEffect(load, [load, epoch, running, df]);

  const giveBack = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      const t = await client().vm.reclaimDisk();
      setResult({ ok: true, text: trimResult(t) });
    } catch (e) {
      setResult({ ok: false, text: `Could not give space back: ${shownError(e).message}` });
    } finally {
      setBusy(false);
      load();
    }
  };

  return (
    <section className="card" aria-label="VM data disk">
      <h3>VM data disk</h3>
      <Kv rows={diskRows(disk, df)} />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
        <button type="button" className="btn small" disabled={!running || busy} onClick={() => void giveBack()}>
          {busy ? 'Giving space back…' : 'Give space back'}
        </button>
        <span className="muted">Space freed in the VM returns by itself after removals and prunes, and daily.</span>
      </div>
      {result ? (
        <div role="status" aria-label="Space given back" className={result.ok ? undefined : 'error-text'}>
          {result.text}
        </div>
      ) : null}
    </section>
  );
}
