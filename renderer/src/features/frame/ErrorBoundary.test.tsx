import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setConnection, type BerthClient } from '../../transport/index';
import { PartBoundary, RootBoundary } from './ErrorBoundary';
import { isChunkLoadError } from './reportError';

let broken = true;
function Flaky({ text = 'fine' }: { text?: string }) {
  if (broken) throw new Error('state vanished mid-render');
  return <p>{text}</p>;
}

describe('error boundaries', () => {
  let reportError: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    broken = true;
    reportError = vi.fn(async () => ({ logged: true }));
    setConnection({ client: { app: { reportError } } as unknown as BerthClient, state: () => 'open', onState: () => () => undefined });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    cleanup();
    setConnection(undefined);
    vi.restoreAllMocks();
  });

  it('a part says what failed, reports it to the core, and "Reload this page" renders it again', () => {
    render(
      <div>
        <nav aria-label="Sections">rail</nav>
        <PartBoundary what="Images page" resetKey="#/images">
          <Flaky />
        </PartBoundary>
      </div>,
    );
    const alert = screen.getByRole('alert', { name: 'The Images page failed' });
    expect(alert.textContent).toContain('state vanished mid-render');
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeTruthy();
    expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ where: 'Images page', message: 'state vanished mid-render', stack: expect.stringContaining('Error'), componentStack: expect.stringContaining('Flaky') }));
    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Reload this page' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('fine')).toBeTruthy();
  });

  it('another route starts the part over', () => {
    const { rerender } = render(
      <PartBoundary what="image page" resetKey="#/images/a">
        <Flaky />
      </PartBoundary>,
    );
    expect(screen.getByRole('alert', { name: 'The image page failed' })).toBeTruthy();
    broken = false;
    rerender(
      <PartBoundary what="Volumes page" resetKey="#/volumes">
        <Flaky text="volumes" />
      </PartBoundary>,
    );
    expect(screen.getByText('volumes')).toBeTruthy();
  });

  it('the root boundary is the last resort: a message and a window reload, never an empty page', () => {
    render(
      <RootBoundary>
        <Flaky />
      </RootBoundary>,
    );
    expect(screen.getByRole('alert', { name: 'The window failed' }).textContent).toContain('state vanished mid-render');
    expect(screen.getByRole('button', { name: 'Reload the window' })).toBeTruthy();
    expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ where: 'window' }));
  });

  it('a report that cannot reach the core is only logged in the console', () => {
    setConnection({ client: { app: { reportError: () => Promise.reject(new Error('link down')) } } as unknown as BerthClient, state: () => 'closed', onState: () => () => undefined });
    render(
      <PartBoundary what="dock" resetKey="dock">
        <Flaky />
      </PartBoundary>,
    );
    expect(screen.getByRole('button', { name: 'Reload this dock' })).toBeTruthy();
  });

  it('a lazily loaded page that is gone from the server is told apart (only a window reload helps)', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/ImagePage-x.js'))).toBe(true);
    expect(isChunkLoadError(new Error('boom'))).toBe(false);
  });
});
