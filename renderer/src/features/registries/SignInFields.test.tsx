// The remember choice in the pull dialog and the settings card: clear text needs consent, passwords never shown, forget works.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RememberedRegistries } from '../../../../app/credentials';
import { setConnection, type BerthClient } from '../../transport/index';
import { PullDialog } from '../images/TransferDialog';
import { RememberedRegistries as RememberedCard } from './RememberedRegistries';

function fakeClient(list: RememberedRegistries) {
  let changed: ((l: RememberedRegistries) => void) | undefined;
  const pull = vi.fn(() => ({ write() {}, resize() {}, ack() {}, close() {} }));
  const client = {
    registry: {
      remembered: vi.fn(async () => list),
      rememberedChanged: (cb: (l: RememberedRegistries) => void) => {
        changed = cb;
        return () => undefined;
      },
      forget: vi.fn(async ({ registry }: { registry: string }) => {
        changed?.({ ...list, entries: list.entries.filter((e) => e.host !== registry) });
        return { forgotten: true };
      }),
    },
    images: { pull },
  } as unknown as BerthClient;
  setConnection({ client, state: () => 'open', onState: () => () => undefined });
  return { pull, forget: (client as unknown as { registry: { forget: ReturnType<typeof vi.fn> } }).registry.forget };
}

const plaintext: RememberedRegistries = {
  storage: 'plaintext',
  storageLabel: 'a file only you can read (not encrypted)',
  file: '/home/me/.berth/credentials/registries.json',
  entries: [{ host: '127.0.0.1:5000', username: 'me', savedAt: '2030-01-02T00:00:00Z', encrypted: false, usable: true }],
};

afterEach(() => {
  cleanup();
  setConnection(undefined);
});

describe('remember this sign-in', () => {
  it('without a keychain: warns next to the checkbox and sends nothing until the person accepts clear text', async () => {
    const c = fakeClient({ ...plaintext, entries: [] });
    render(<PullDialog initial="ghcr.io/team/app:1" onClose={() => undefined} />);
    const warning = await screen.findByRole('note', { name: 'Unencrypted storage warning' });
    expect(warning.textContent).toMatch(/Not encrypted.*clear text in \/home\/me\/\.berth\/credentials\/registries\.json/);
    fireEvent.change(screen.getByLabelText('Registry username'), { target: { value: 'me' } });
    fireEvent.change(screen.getByLabelText('Registry password or token'), { target: { value: 's3cret' } });
    const remember = screen.getByRole('checkbox', { name: 'Remember this sign-in for ghcr.io' });
    expect(remember.getAttribute('aria-describedby')).toBe(warning.id);
    fireEvent.click(remember);
    fireEvent.click(screen.getByRole('button', { name: 'Pull' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot encrypt the password/);
    expect(c.pull).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Store the password unencrypted' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pull' }));
    expect(c.pull).toHaveBeenCalledWith({ ref: 'ghcr.io/team/app:1', auth: { username: 'me', password: 's3cret' }, remember: { acceptPlaintext: true } }, expect.anything());
  });

  it('with a remembered sign-in for the registry: says so, sends no credentials, and can forget it', async () => {
    const c = fakeClient(plaintext);
    render(<PullDialog initial="127.0.0.1:5000/app:1" onClose={() => undefined} />);
    const note = await screen.findByRole('status', { name: 'Remembered sign-in' });
    expect(note.textContent).toMatch(/Signing in with the sign-in remembered for 127\.0\.0\.1:5000 as me \(stored unencrypted\)/);
    fireEvent.click(screen.getByRole('button', { name: 'Pull' }));
    expect(c.pull).toHaveBeenCalledWith({ ref: '127.0.0.1:5000/app:1' }, expect.anything());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Forget the sign-in for 127.0.0.1:5000' }));
    });
    expect(c.forget).toHaveBeenCalledWith({ registry: '127.0.0.1:5000' });
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Remembered sign-in' })).toBeNull());
  });

  it('the settings card lists host and username, never a password, and forgets', async () => {
    const c = fakeClient({ ...plaintext, storage: 'encrypted', storageLabel: 'the macOS Keychain', entries: [{ ...plaintext.entries[0]!, encrypted: true }] });
    render(<RememberedCard />);
    const item = await screen.findByRole('listitem', { name: '127.0.0.1:5000 as me' });
    expect(item.textContent).toMatch(/encrypted, saved 2030-01-02/);
    expect(screen.getByRole('region', { name: 'Remembered registries' }).textContent).toMatch(/encrypted by the macOS Keychain/);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Forget the sign-in for 127.0.0.1:5000' }));
    });
    expect(c.forget).toHaveBeenCalled();
    expect(await screen.findByText(/No sign-ins are remembered/)).toBeTruthy();
  });
});
