// <EngineSwitcher>: the top bar's engine opens a list of every engine with its state; a choice switches, a refusal is said.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEntry } from '../../../../app/engines';
import { BerthError } from '../../../../app/errors';
import { paletteCommands } from '../frame/paletteCommands';
import { useStore } from '../../store/index';
import { setConnection, type BerthClient } from '../../transport/index';
import { EngineSwitcher } from './EngineSwitcher';

const entry = (e: Partial<EngineEntry>): EngineEntry => ({ id: 'host', name: 'default', kind: 'socket', source: 'host', url: 'unix:///var/run/docker.sock', tls: false, state: 'up', since: 0, version: '27.3.1', ...e });
const engines = [entry({}), entry({ id: 'added:second', name: 'second', source: 'added', version: '28.0.0' }), entry({ id: 'added:box', name: 'box', kind: 'ssh', state: 'down', reason: '127.0.0.1:1 refused the connection: nothing accepts SSH there', version: undefined })];

function fake() {
  const use = vi.fn(async ({ id }: { id: string }) => {
    if (id === 'added:box') throw new BerthError('ENGINE_UNREACHABLE', 'box is down: 127.0.0.1:1 refused the connection: nothing accepts SSH there');
    return engines.find((e) => e.id === id) as EngineEntry;
  });
  const c = { engines: { use, list: vi.fn(async () => engines), probe: vi.fn(async () => engines[0]) } } as unknown as BerthClient;
  setConnection({ client: c, on: () => c, state: () => 'open', onState: () => () => undefined });
  useStore.setState({ engines, currentEngine: { id: 'host', name: 'default' }, link: 'open', engineStatus: { state: 'up', endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 0, version: '27.3.1' } });
  return use;
}

describe('<EngineSwitcher>', () => {
  afterEach(() => {
    cleanup();
    setConnection(undefined);
  });

  it('lists every engine with kind and state, switches on a choice and closes', async () => {
    const use = fake();
    render(<EngineSwitcher />);
    fireEvent.click(screen.getByRole('button', { name: 'Engine: default' }));
    const list = screen.getByRole('listbox', { name: 'Engines' });
    expect(list).toBeTruthy();
    expect(screen.getByRole('option', { name: 'default — socket · up · Engine 27.3.1' }).getAttribute('aria-selected')).toBe('true');
    screen.getByRole('option', { name: 'box — SSH · down: 127.0.0.1:1 refused the connection: nothing accepts SSH there' });
    fireEvent.click(screen.getByRole('option', { name: /^second/ }));
    await waitFor(() => expect(useStore.getState().currentEngine).toEqual({ id: 'added:second', name: 'second' }));
    expect(use).toHaveBeenCalledWith({ id: 'added:second' });
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
    screen.getByRole('button', { name: 'Engine: second' });
  });

  it('a refused engine says why in the list, and the window stays on its engine', async () => {
    fake();
    render(<EngineSwitcher />);
    fireEvent.click(screen.getByRole('button', { name: 'Engine: default' }));
    fireEvent.click(screen.getByRole('option', { name: /^box/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/box is down: 127\.0\.0\.1:1 refused/));
    expect(useStore.getState().currentEngine?.id).toBe('host');
  });

  it('the palette offers every other engine', () => {
    const cmds = paletteCommands([], { engines, currentEngine: 'host' }).filter((c) => c.kind === 'engine');
    expect(cmds.map((c) => c.title)).toEqual(['Switch to engine second', 'Switch to engine box (down)']);
  });
});
