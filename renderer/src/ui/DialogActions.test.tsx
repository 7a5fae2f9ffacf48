// DialogActions: the note only when there is one, the close word given, the work button off while disabled.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DialogActions } from './DialogActions';

afterEach(cleanup);

describe('<DialogActions>', () => {
  it('Cancel and the verb; no note; the verb runs the work', () => {
    const go = vi.fn();
    const close = vi.fn();
    const { container } = render(<DialogActions onClose={close} verb="Tag" onGo={go} />);
    expect(container.querySelector('.muted')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Tag' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(go).toHaveBeenCalledOnce();
    expect(close).toHaveBeenCalledOnce();
  });

  it('while a task runs: its note, Close, and the verb off', () => {
    render(<DialogActions note="Closing keeps the copy going in Activity." onClose={() => undefined} closeWord="Close" verb="Copy" onGo={() => undefined} disabled />);
    expect(screen.getByText('Closing keeps the copy going in Activity.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Copy' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
