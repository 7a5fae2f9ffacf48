// All engines' lists: each action goes to the row's engine (not the window's), its words name that engine, Recreate opens from it.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transport } from '../../../../app/client';
import type { EngineEntry } from '../../../../app/engines';
import { BerthError } from '../../../../app/errors';
import type { ContainerSummary, ImageSummary, VolumeSummary } from '../../../../app/model';
import { useStore } from '../../store/index';
import { clientsOver, setConnection } from '../../transport/index';
import { ContainerRows, ImageRows, VolumeRows } from './EngineLists';

const box: EngineEntry = { id: 'added:box', name: 'box', kind: 'socket', source: 'added', url: 'unix:///box.sock', tls: false, state: 'up', since: 0 };
const host: EngineEntry = { ...box, id: 'host', name: 'default', source: 'host', url: 'unix:///var/run/docker.sock' };
const web: ContainerSummary = { id: 'c1', name: 'web', image: 'nginx', imageId: 'x', command: '', created: 1, state: 'running', status: 'Up', ports: [], labels: {}, networks: [], volumes: [] };
const data: VolumeSummary = { name: 'data', driver: 'local', mountpoint: '/v/data', labels: {}, scope: 'local' };
const img: ImageSummary = { id: 'sha256:abc', repoTags: ['app:1'], repoDigests: [], created: 1, size: 2048, containers: 0, labels: {}, dangling: false };

/** A transport that records each request with the engine it names; `fail` channels answer an error. */
function connect(fail: string[] = []) {
  const calls: { ch: string; input: unknown; engine: string | undefined }[] = [];
  const t: Transport = {
    request: async (ch, input, opts) => {
      calls.push({ ch, input, engine: opts?.engine });
      if (fail.includes(ch)) throw new BerthError('CONFLICT', 'it is in use');
      return ch === 'images.remove' ? { untagged: [], deleted: [] } : { ok: true };
    },
    subscribe: () => () => undefined,
    open: () => ({ write() {}, resize() {}, ack() {}, close() {} }),
  };
  setConnection({ ...clientsOver(t), state: () => 'open', onState: () => () => undefined });
  useStore.setState({ engines: [host, box], toasts: [] });
  return calls;
}

const titles = () => useStore.getState().toasts.map((t) => t.title);

afterEach(() => {
  cleanup();
  setConnection(undefined);
  useStore.setState({ engines: [], toasts: [] });
});

describe('All engines lists', () => {
  it("a container's actions go to its engine, and say so; the switch offered when the window shows another", async () => {
    const calls = connect(['containers.restart']);
    render(<ContainerRows engine={box} rows={[web]} current={false} />);
    expect(screen.getByRole('region', { name: 'Containers on box' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show box in the window' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop web on box' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove web on box' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restart web on box' })));
    expect(calls).toEqual([
      { ch: 'containers.stop', input: { id: 'c1' }, engine: 'added:box' },
      { ch: 'containers.remove', input: { id: 'c1', force: true }, engine: 'added:box' },
      { ch: 'containers.restart', input: { id: 'c1' }, engine: 'added:box' },
    ]);
    expect(titles()).toEqual(['Removed web on box', 'Restart web on box: it is in use']);
  });

  it("Recreate from a row's menu opens the dialog from the row's engine: the window's engine is a target", () => {
    connect();
    render(<ContainerRows engine={box} rows={[web]} current={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'More actions for web on box' }));
    fireEvent.click(screen.getByRole('menuitem', { name: 'Recreate on engine…' }));
    expect(screen.getByRole('dialog', { name: 'Recreate web on another engine' })).toBeTruthy();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['default']);
  });

  it('an image: Remove goes to its engine; Copy to engine… opens from it', async () => {
    const calls = connect();
    render(<ImageRows engine={box} rows={[img]} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove image app:1 on box' })));
    expect(calls).toEqual([{ ch: 'images.remove', input: { id: 'sha256:abc', force: false, noPrune: false }, engine: 'added:box' }]);
    expect(titles()).toEqual(['Removed app:1 on box']);
    fireEvent.click(screen.getByRole('button', { name: 'Copy image app:1 on box to another engine' }));
    expect(screen.getByRole('dialog', { name: 'Copy app:1 to another engine' })).toBeTruthy();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['default']);
  });

  it('a volume: Remove goes to its engine; Copy to engine… opens from it with the name field', async () => {
    const calls = connect();
    render(<VolumeRows engine={box} rows={[data]} />);
    expect(screen.getByRole('row', { name: 'data on box' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove volume data on box' })));
    expect(calls).toEqual([{ ch: 'volumes.remove', input: { name: 'data', force: false }, engine: 'added:box' }]);
    expect(titles()).toEqual(['Removed volume data on box']);
    fireEvent.click(screen.getByRole('button', { name: 'Copy volume data on box to another engine' }));
    expect(screen.getByRole('dialog', { name: 'Copy volume data to another engine' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Name on the target' })).toBeTruthy();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['default']);
  });
});
