// CopyButton: says "Copied" after a copy that worked, nothing of the sort after a refused one, and is off with nothing to copy.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../store/index';
import { CopyButton } from './CopyButton';

function setClipboard(writeText: (t: string) => Promise<void>): void {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
}

describe('<CopyButton>', () => {
  afterEach(() => {
    cleanup();
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });

  it('copies the text and says so', async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard(writeText);
    render(<CopyButton text="apt install qemu" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    });
    expect(writeText).toHaveBeenCalledWith('apt install qemu');
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('a refused copy does not claim "Copied" and is notified', async () => {
    useStore.setState({ toasts: [] });
    setClipboard(() => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')));
    render(<CopyButton text="x" label="Copy command" />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy command' }));
    });
    expect(screen.queryByRole('button', { name: 'Copied' })).toBeNull();
    expect(useStore.getState().toasts.map((t) => t.title)).toEqual(['Could not copy to the clipboard: Write permission denied.']);
  });

  it('is disabled with nothing to copy', () => {
    render(<CopyButton text={undefined} />);
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
