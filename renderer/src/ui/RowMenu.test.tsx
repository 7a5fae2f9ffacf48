// RowMenu: opens on its button with the first item focused, arrows move, Escape closes back to the button, a choice or a click elsewhere closes; nothing reaches the row.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RowMenu } from './RowMenu';

function inRow(items: { label: string; onSelect(): void }[]) {
  const rowClick = vi.fn();
  const rowKey = vi.fn();
  render(
    <div role="row" aria-label="web" onClick={rowClick} onKeyDown={rowKey}>
      <RowMenu label="More actions for web" items={items} />
    </div>,
  );
  return { rowClick, rowKey, button: screen.getByRole('button', { name: 'More actions for web' }) };
}

afterEach(cleanup);

describe('<RowMenu>', () => {
  it('opens with the first item focused; arrows move between items; Escape closes and focuses the button', () => {
    const { button, rowKey } = inRow([
      { label: 'Recreate on engine…', onSelect: () => undefined },
      { label: 'Commit…', onSelect: () => undefined },
    ]);
    expect(button.getAttribute('aria-haspopup')).toBe('menu');
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.click(button);
    const menu = screen.getByRole('menu', { name: 'More actions for web' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe(menu.id);
    const [first, second] = screen.getAllByRole('menuitem');
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(menu, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(button);
    // The table's own keys (arrows move its selection) never saw the menu's.
    expect(rowKey).not.toHaveBeenCalled();
  });

  it('a choice runs its action and closes the menu, and the row under it is not clicked', () => {
    const recreate = vi.fn();
    const { button, rowClick } = inRow([{ label: 'Recreate on engine…', onSelect: recreate }]);
    fireEvent.click(button);
    fireEvent.click(screen.getByRole('menuitem', { name: 'Recreate on engine…' }));
    expect(recreate).toHaveBeenCalledOnce();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(rowClick).not.toHaveBeenCalled();
  });

  it('a click elsewhere closes it without choosing', () => {
    const recreate = vi.fn();
    const { button } = inRow([{ label: 'Recreate on engine…', onSelect: recreate }]);
    fireEvent.click(button);
    expect(screen.getByRole('menu')).toBeTruthy();
    fireEvent.mouseDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(recreate).not.toHaveBeenCalled();
  });

  it('from the keyboard: ArrowDown on the button opens it, Escape on the button closes it, neither reaching the table', () => {
    const { button, rowKey } = inRow([{ label: 'Recreate on engine…', onSelect: () => undefined }]);
    fireEvent.keyDown(button, { key: 'ArrowDown' });
    expect(screen.getByRole('menu')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('menuitem'));
    button.focus();
    fireEvent.keyDown(button, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(rowKey).not.toHaveBeenCalled();
  });
});
