// The pull and push dialogs are one piece: each starts its own task with the typed reference; Enter and the running note are the pull's.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useStore } from '../../store/index';
import { setConnection, type BerthClient } from '../../transport/index';
import { PullDialog, PushDialog } from './TransferDialog';

function fakeClient() {
  const stream = () => ({ write() {}, resize() {}, ack() {}, close() {} });
  const pull = vi.fn(stream);
  const push = vi.fn(stream);
  const client = {
    registry: { remembered: vi.fn(async () => ({ storage: 'encrypted', storageLabel: 'a keychain', file: '/x', entries: [] })), rememberedChanged: () => () => undefined },
    images: { pull, push },
  } as unknown as BerthClient;
  setConnection({ client, state: () => 'open', onState: () => () => undefined });
  return { pull, push };
}

afterEach(() => {
  cleanup();
  setConnection(undefined);
  useStore.setState({ tasks: [] });
});

describe('pull and push dialogs', () => {
  it('pull: Enter in the field starts the pull, and the footer says closing keeps it going', async () => {
    const c = fakeClient();
    render(<PullDialog onClose={() => undefined} />);
    const field = screen.getByRole('textbox', { name: 'Image reference' });
    await act(async () => {
      fireEvent.change(field, { target: { value: ' busybox:1 ' } });
      fireEvent.keyDown(field, { key: 'Enter' });
    });
    expect(c.pull).toHaveBeenCalledWith({ ref: 'busybox:1' }, expect.anything());
    expect(screen.getByText('Closing keeps the pull going in Activity.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Pull' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('region', { name: 'Pull busybox:1' }).textContent).toMatch(/running for/);
  });

  it('push: the button pushes the name as given (Enter does not), with no running note', async () => {
    const c = fakeClient();
    render(<PushDialog initial="localhost:5000/app:1.0" onClose={() => undefined} />);
    const field = screen.getByRole('textbox', { name: 'Push as' });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(c.push).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Push' }));
    });
    expect(c.push).toHaveBeenCalledWith({ ref: 'localhost:5000/app:1.0' }, expect.anything());
    expect(c.pull).not.toHaveBeenCalled();
    expect(screen.queryByText(/Closing keeps/)).toBeNull();
  });

  it('a bad reference is refused on the field, and nothing starts', () => {
    const c = fakeClient();
    render(<PushDialog initial="Not A Ref" onClose={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Push' }));
    expect(c.push).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'Push as' }).getAttribute('aria-invalid')).toBe('true');
  });
});
