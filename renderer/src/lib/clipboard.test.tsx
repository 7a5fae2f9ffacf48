// A copy or paste the clipboard refuses (Electron's permission handler, no secure context) is shown, never swallowed (issue 13, D1).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toasts } from '../features/activity/Toasts';
import { RunDialog } from '../features/run/RunDialog';
import { useStore } from '../store/index';
import { setConnection, type BerthClient } from '../transport/index';
import { JsonDialog } from '../ui/JsonDialog';
import { copyText, pasteText } from './clipboard';

function setClipboard(c: Partial<Clipboard> | undefined): void {
  Object.defineProperty(navigator, 'clipboard', { value: c, configurable: true });
}
const denied = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));

describe('clipboard', () => {
  beforeEach(() => useStore.setState({ toasts: [] }));
  afterEach(() => {
    cleanup();
    setClipboard(undefined);
  });

  it('copies, and says nothing when it worked', async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard({ writeText });
    expect(await copyText('hello')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('hello');
    expect(useStore.getState().toasts).toEqual([]);
  });

  it('shows a refused write as an error notification', async () => {
    setClipboard({ writeText: vi.fn(denied) });
    render(<Toasts />);
    await act(async () => {
      expect(await copyText('hello')).toBe(false);
    });
    expect(screen.getByRole('alert').textContent).toContain('Could not copy to the clipboard: Write permission denied.');
  });

  it('shows a missing clipboard and a refused read too', async () => {
    setClipboard(undefined);
    expect(await copyText('x')).toBe(false);
    setClipboard({ readText: vi.fn(() => Promise.reject(new DOMException('Read permission denied.', 'NotAllowedError'))) });
    expect(await pasteText()).toBeUndefined();
    expect(useStore.getState().toasts.map((t) => [t.level, t.title])).toEqual([
      ['error', 'Could not copy to the clipboard: The clipboard is not available in this window.'],
      ['error', 'Could not paste from the clipboard: Read permission denied.'],
    ]);
  });

  it('the Copy JSON button of an inspect dialog reports a refusal', async () => {
    setClipboard({ writeText: vi.fn(denied) });
    render(
      <>
        <JsonDialog title="Volume v" json={{ a: 1 }} onClose={() => undefined} onCopy={(t) => void copyText(t)} />
        <Toasts />
      </>,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy JSON' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('Write permission denied.');
  });

  it('the run dialog\'s "Copy command" shows the error instead of doing nothing, and does not claim "Copied"', async () => {
    setConnection({ client: { images: { inspect: vi.fn(async () => ({})) } } as unknown as BerthClient, state: () => 'open', onState: () => () => undefined });
    useStore.getState().openRun({ image: 'busybox' });
    setClipboard({ writeText: vi.fn(denied) });
    render(
      <>
        <RunDialog />
        <Toasts />
      </>,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy command' }));
    });
    expect(useStore.getState().toasts.map((t) => t.title)).toEqual(['Could not copy to the clipboard: Write permission denied.']);
    expect(screen.queryByRole('button', { name: 'Copied' })).toBeNull();
    useStore.getState().closeRun();
    setConnection(undefined);
  });
});
