// <ExternalLink>: a plain new-tab link in a browser; in the desktop app the host opens it, and a refusal is said.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../store/index';
import { setConnection, type BerthClient } from '../transport/index';
import { ExternalLink } from './ExternalLink';

function fake(opened: boolean) {
  const openExternal = vi.fn(async () => ({ opened }));
  setConnection({ client: { app: { openExternal } } as unknown as BerthClient, state: () => 'open', onState: () => () => undefined });
  return openExternal;
}

describe('<ExternalLink>', () => {
  afterEach(() => {
    cleanup();
    setConnection(undefined);
    delete window.berthTransport;
  });

  it('in a browser: a plain new-tab link that does not hand over the window', () => {
    const openExternal = fake(true);
    render(<ExternalLink href="http://127.0.0.1:8080">8080→80/tcp</ExternalLink>);
    const a = screen.getByRole('link', { name: '8080→80/tcp' });
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    fireEvent.click(a);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('in the desktop app: asks the host to open it, and says so when the host refuses', async () => {
    window.berthTransport = {} as NonNullable<typeof window.berthTransport>;
    const openExternal = fake(false);
    render(<ExternalLink href="http://127.0.0.1:8080">8080→80/tcp</ExternalLink>);
    const ev = new MouseEvent('click', { bubbles: true, cancelable: true });
    screen.getByRole('link', { name: '8080→80/tcp' }).dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    expect(openExternal).toHaveBeenCalledWith({ url: 'http://127.0.0.1:8080' });
    await waitFor(() => expect(useStore.getState().toasts.some((t) => t.title === 'Berth did not open that link')).toBe(true));
  });
});
