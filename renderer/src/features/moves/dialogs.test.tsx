// The move dialogs over a fake client: only other engines that are up, the note before Recreate, cancel closes the stream, a taken name on its field.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEntry } from '../../../../app/engines';
import { useStore } from '../../store/index';
import { setConnection, type BerthClient } from '../../transport/index';
import { CopyVolumeDialog, RecreateDialog } from './dialogs';

const engine = (id: string, state: EngineEntry['state']) => ({ id, name: id, kind: 'socket', source: 'host', url: `unix:///${id}`, tls: false, state, since: 0 }) as EngineEntry;

function fakeClient() {
  type Cb = { onData(p: unknown): void; onEnd(r: unknown, e?: unknown): void };
  const calls: { input: unknown; cb: Cb; close: ReturnType<typeof vi.fn> }[] = [];
  const open = (input: unknown, cb: Cb) => {
    const close = vi.fn();
    calls.push({ input, cb, close });
    return { write() {}, resize() {}, ack() {}, close };
  };
  const client = { engines: { moveImage: vi.fn(open), moveVolume: vi.fn(open), recreateContainer: vi.fn(open) } } as unknown as BerthClient;
  setConnection({ client, state: () => 'open', onState: () => () => undefined });
  useStore.setState({ engines: [engine('host', 'up'), engine('second', 'up'), engine('gone', 'down')] });
  return calls;
}

afterEach(() => {
  cleanup();
  setConnection(undefined);
  useStore.setState({ tasks: [], engines: [] });
});

describe('move dialogs', () => {
  it('a volume: offers the other engine that is up, shows bytes, puts a taken name on the name field', async () => {
    const calls = fakeClient();
    render(<CopyVolumeDialog from="host" volume="data" onClose={() => undefined} />);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['second']);
    fireEvent.change(screen.getByRole('textbox', { name: 'Name on the target' }), { target: { value: 'data2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(calls[0]?.input).toEqual({ from: 'host', to: 'second', volume: 'data', name: 'data2' });
    act(() => calls[0]?.cb.onData({ step: 'volume', what: 'data', bytes: 2048, total: 4096 }));
    expect(screen.getByRole('progressbar', { name: 'Copied' }).getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByRole('region', { name: 'Copy volume data to second' }).textContent).toMatch(/volume data: 2(\.0)? KiB of about 4(\.0)? KiB copied/);
    act(() => calls[0]?.cb.onEnd(undefined, { code: 'NAME_CONFLICT', message: 'second already has a volume named data2' }));
    const field = screen.getByRole('textbox', { name: 'Name on the target' });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')?.split(' ')[0] ?? '')?.textContent).toBe('second already has a volume named data2');
  });

  it('Recreate: says before confirming that the original is stopped and kept; Cancel closes the stream', () => {
    const calls = fakeClient();
    render(<RecreateDialog from="second" container="web" running onClose={() => undefined} />);
    expect(screen.getByRole('note', { name: 'Before you confirm' }).textContent).toMatch(/web is stopped here once the new one is made, and kept: it is not removed/);
    fireEvent.click(screen.getByRole('checkbox', { name: /Copy its named volumes/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Recreate' }));
    expect(calls[0]?.input).toEqual({ from: 'second', to: 'host', container: 'web', copyVolumes: true });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel Recreate web on host' }));
    expect(calls[0]?.close).toHaveBeenCalled();
    expect(screen.getByRole('region', { name: 'Recreate web on host' }).textContent).toMatch(/cancelled/);
  });
});
