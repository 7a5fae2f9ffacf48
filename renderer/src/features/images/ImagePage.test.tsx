import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../../app/errors';
import type { EngineStatus } from '../../../../app/model';
import { useStore } from '../../store/index';
import { setConnection, type BerthClient } from '../../transport/index';
import { ImagePage } from './ImagePage';

const status = (state: EngineStatus['state']): EngineStatus => ({ state, endpoint: { kind: 'socket', label: 'Local socket', address: '/var/run/docker.sock' }, since: 0 });

describe('<ImagePage> through an outage', () => {
  afterEach(() => {
    cleanup();
    setConnection(undefined);
  });

  it('opened while the engine is down, it reads the image again when the engine is back, and the error goes', async () => {
    let up = false;
    const down = () => new BerthError('ENGINE_UNREACHABLE', 'The Docker engine is not answering.');
    const inspect = vi.fn(async () => {
      if (!up) throw down();
      return { Config: { Cmd: ['httpd', '-f'], Env: ['MODE=ok'] }, Os: 'linux', Architecture: 'amd64', RootFS: { Layers: ['a'] } };
    });
    const history = vi.fn(async () => {
      if (!up) throw down();
      return [{ id: 'x', created: 0, createdBy: '/bin/sh -c #(nop) CMD ["httpd"]', size: 10, comment: '', tags: [] }];
    });
    setConnection({ client: { images: { inspect, history } } as unknown as BerthClient, state: () => 'open', onState: () => () => undefined });
    act(() => {
      useStore.getState().setLink('open');
      useStore.getState().setEngineStatus(status('down'));
    });
    render(<ImagePage id="sha256:abc" />);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Image error' }).textContent).toContain('not answering'));
    expect(screen.queryByRole('region', { name: 'Config' })).toBeNull();

    up = true;
    act(() => useStore.getState().setEngineStatus(status('up')));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Config' }).textContent).toContain('httpd -f'));
    expect(screen.queryByRole('status', { name: 'Image error' })).toBeNull();
    expect(screen.getByRole('table', { name: 'Image history' }).textContent).toContain('CMD ["httpd"]');
    expect(inspect).toHaveBeenCalledTimes(2);
  });
});
