// A row's menu of its less frequent actions: a "⋯" button opening a list of menu items; a choice, Escape, Tab, a click elsewhere or a scroll closes it.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';

export interface RowMenuItem {
  label: string;
  onSelect(): void;
}

/** Where the menu stands: under the button, its right edge on the button's (above it when there is no room below). */
function place(button: HTMLElement, menu: HTMLElement): { top: number; right: number } {
  const b = button.getBoundingClientRect();
  const below = b.bottom + 4;
  const top = below + menu.offsetHeight > window.innerHeight ? Math.max(4, b.top - 4 - menu.offsetHeight) : below;
  return { top, right: Math.max(4, window.innerWidth - b.right) };
}

/**
 * `label` names the button and its menu ("More actions for web"). The menu is drawn over the page (a portal), so a
 * scrolling or virtualised table does not cut it off; its events stop at the menu, so the row under it is not clicked.
 */
export function RowMenu({ label, items }: { label: string; items: readonly RowMenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [at, setAt] = useState<{ top: number; right: number } | undefined>();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const close = (refocus: boolean) => {
    setOpen(false);
    setAt(undefined);
    if (refocus) button.current?.focus();
  };

  useLayoutEffect(() => {
    if (open && button.current && menu.current) setAt(place(button.current, menu.current));
  }, [open]);
  // Focus moves in once the menu is placed: while hidden (measured, not yet placed) nothing in it can take focus.
  const placed = at !== undefined;
  useEffect(() => {
    if (placed) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [placed]);

  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) close(false);
    };
    window.addEventListener('mousedown', away);
    window.addEventListener('scroll', away, true);
    window.addEventListener('resize', away);
    return () => {
      window.removeEventListener('mousedown', away);
      window.removeEventListener('scroll', away, true);
      window.removeEventListener('resize', away);
    };
  }, [open]);

  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown') all[(i + 1) % all.length]?.focus();
    else if (e.key === 'ArrowUp') all[(i - 1 + all.length) % all.length]?.focus();
    else if (e.key === 'Home') all[0]?.focus();
    else if (e.key === 'End') all[all.length - 1]?.focus();
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn small"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={(e) => {
          e.stopPropagation();
          if (open) close(false);
          else setOpen(true);
        }}
        onKeyDown={(e) => {
          // The table's keys (arrows move its selection) are not the menu's.
          if (e.key !== 'Escape' && e.key !== 'ArrowDown') return;
          e.stopPropagation();
          e.preventDefault();
          if (e.key === 'Escape') close(false);
          else if (!open) setOpen(true);
          else menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
        }}
      >
        ⋯
      </button>
      {open
        ? createPortal(
            <div
              ref={menu}
              id={id}
              role="menu"
              aria-label={label}
              className="row-menu"
              style={at ? { top: at.top, right: at.right } : { visibility: 'hidden' }}
              onClick={(e) => e.stopPropagation()}
              onKeyDown={onKey}
            >
              {items.map((item) => (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => {
                    close(false);
                    item.onSelect();
                  }}
                >
                  {item.label}
                </button>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
