// The command palette's commands, built purely from the store's state; filtered by every typed word.
import type { ContainerSummary } from '../../../../app/model.js';
import type { Route } from '../../lib/route.js';

export type Command =
  | { id: string; title: string; kind: 'navigate'; route: Route }
  | { id: string; title: string; kind: 'run' }
  | { id: string; title: string; kind: 'pull' }
  | { id: string; title: string; kind: 'stopAll'; ids: string[] }
  | { id: string; title: string; kind: 'dock'; tab: 'host' | 'vm' }
  | { id: string; title: string; kind: 'engine'; engine: string };

/** An engine the palette offers to switch to. */
export interface PaletteEngine {
  id: string;
  name: string;
  state: 'connecting' | 'up' | 'down';
}

export function paletteCommands(
  containers: readonly ContainerSummary[],
  where: { hostTerminal?: boolean; vmRunning?: boolean; engines?: readonly PaletteEngine[]; currentEngine?: string | undefined } = {},
): Command[] {
  const running = containers.filter((c) => c.state === 'running');
  const cmds: Command[] = [
    { id: 'run', title: 'Run image…', kind: 'run' },
    { id: 'pull', title: 'Pull image…', kind: 'pull' },
    { id: 'go-containers', title: 'Go to Containers', kind: 'navigate', route: { page: 'containers' } },
    { id: 'go-images', title: 'Go to Images', kind: 'navigate', route: { page: 'images' } },
    { id: 'go-volumes', title: 'Go to Volumes', kind: 'navigate', route: { page: 'volumes' } },
    { id: 'go-networks', title: 'Go to Networks', kind: 'navigate', route: { page: 'networks' } },
    { id: 'go-all', title: 'Go to All engines', kind: 'navigate', route: { page: 'all' } },
    { id: 'go-engine', title: 'Go to Engine', kind: 'navigate', route: { page: 'engine' } },
    { id: 'go-vm', title: 'Go to VM', kind: 'navigate', route: { page: 'vm' } },
    { id: 'go-settings', title: 'Go to Settings', kind: 'navigate', route: { page: 'settings' } },
  ];
  for (const e of where.engines ?? []) {
    if (e.id === where.currentEngine) continue;
    cmds.push({ id: `engine-${e.id}`, title: `Switch to engine ${e.name}${e.state === 'down' ? ' (down)' : ''}`, kind: 'engine', engine: e.id });
  }
  if (where.hostTerminal) cmds.push({ id: 'dock-host', title: 'Open a host terminal (in the dock)', kind: 'dock', tab: 'host' });
  if (where.vmRunning) cmds.push({ id: 'dock-vm', title: 'Open a shell in the VM (in the dock)', kind: 'dock', tab: 'vm' });
  if (running.length > 0) cmds.push({ id: 'stop-all', title: `Stop all (${running.length} running)`, kind: 'stopAll', ids: running.map((c) => c.id) });
  for (const c of running) cmds.push({ id: `shell-${c.id}`, title: `Open shell in ${c.name}`, kind: 'navigate', route: { page: 'container', id: c.id, tab: 'terminal' } });
  for (const c of containers) cmds.push({ id: `logs-${c.id}`, title: `Show logs of ${c.name}`, kind: 'navigate', route: { page: 'container', id: c.id, tab: 'logs' } });
  return cmds;
}

export function filterCommands(cmds: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return cmds.filter((c) => words.every((w) => c.title.toLowerCase().includes(w)));
}
