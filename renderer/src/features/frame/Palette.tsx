// The command palette (Ctrl/Cmd+K): run image, pull, go to a page, switch engine, open a shell or logs, stop all.
import { useMemo, useState } from 'react';
import { attempt } from '../../lib/attempt.js';
import { useStore } from '../../store/index.js';
import { client, isDesktop } from '../../transport/index.js';
import { Dialog } from '../../ui/Dialog.js';
import { switchEngine } from '../engines/switch.js';
import { filterCommands, paletteCommands, type Command } from './paletteCommands.js';

export function Palette() {
  const open = useStore((s) => s.paletteOpen);
  if (!open) return null;
  return <PaletteBody />;
}

function PaletteBody() {
  const byId = useStore((s) => s.containers.byId);
  const hostTerminal = useStore((s) => isDesktop() && s.hostTerminalSupport !== 'no');
  const vmRunning = useStore((s) => s.vmStatus?.state === 'running');
  const engines = useStore((s) => s.engines);
  const currentEngine = useStore((s) => s.currentEngine?.id);
  const close = () => useStore.getState().togglePalette(false);
  const [q, setQ] = useState('');
  const [i, setI] = useState(0);
  const shown = useMemo(
    () => filterCommands(paletteCommands(Object.values(byId), { hostTerminal, vmRunning, engines, currentEngine }), q).slice(0, 50),
    [byId, q, hostTerminal, vmRunning, engines, currentEngine],
  );
  const exec = (c: Command | undefined) => {
    if (!c) return;
    close();
    const s = useStore.getState();
    switch (c.kind) {
      case 'navigate':
        s.navigate(c.route);
        return;
      case 'run':
        s.openRun();
        return;
      case 'pull':
        s.setIntent('pull');
        s.navigate({ page: 'images' });
        return;
      case 'dock':
        s.openDockTab(c.tab === 'host' ? { kind: 'host', title: 'Host terminal' } : { kind: 'vm', title: 'VM shell' });
        return;
      case 'engine':
        void switchEngine(c.engine);
        return;
      case 'stopAll':
        for (const id of c.ids) void attempt('Stop', () => client().containers.stop({ id }));
        return;
    }
  };
  return (
    <Dialog title="Command palette" onClose={close} className="palette">
      <input
        type="text"
        className="input"
        aria-label="Command"
        placeholder="Type a command…"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setI(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setI((x) => Math.min(shown.length - 1, x + 1));
          else if (e.key === 'ArrowUp') setI((x) => Math.max(0, x - 1));
          else if (e.key === 'Enter') exec(shown[i]);
          else return;
          e.preventDefault();
        }}
      />
      <ul role="listbox" aria-label="Commands">
        {shown.map((c, n) => (
          <li key={c.id}>
            <button type="button" role="option" aria-selected={n === i} onClick={() => exec(c)}>
              {c.title}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
