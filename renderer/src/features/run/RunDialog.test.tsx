import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BerthError } from '../../../../app/errors';
import { useStore } from '../../store/index';
import { setConnection, type BerthClient } from '../../transport/index';
import { RunDialog } from './RunDialog';

function fakeClient(run: (spec: unknown) => Promise<unknown>) {
  const client = {
    containers: { run: vi.fn(run) },
    images: { inspect: vi.fn(async () => ({ Config: { ExposedPorts: { '80/tcp': {} } } })) },
  } as unknown as BerthClient;
  setConnection({ client, state: () => 'open', onState: () => () => undefined });
  return client as unknown as { containers: { run: ReturnType<typeof vi.fn> } };
}

const field = (name: string) => screen.getByLabelText(name, { selector: 'input,select' }) as HTMLInputElement;

describe('<RunDialog>', () => {
  beforeEach(() => useStore.getState().openRun({ image: 'berth-test/busybox:latest' }));
  afterEach(() => {
    cleanup();
    useStore.getState().closeRun();
    setConnection(undefined);
  });

  it('flags invalid fields before anything is sent', async () => {
    const c = fakeClient(async () => ({}));
    render(<RunDialog />);
    fireEvent.change(field('Memory limit'), { target: { value: '64q' } });
    fireEvent.change(field('Name'), { target: { value: '-x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(field('Memory limit').getAttribute('aria-invalid')).toBe('true'));
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByRole('alert').map((a) => a.textContent).join(' ')).toMatch(/64q/);
    expect(c.containers.run).not.toHaveBeenCalled();
  });

  it('publishes an EXPOSE chip with one click and sends the spec', async () => {
    const c = fakeClient(async () => ({ id: 'abc', name: 'web', warnings: [], ports: [] }));
    render(<RunDialog />);
    const chip = await screen.findByRole('button', { name: 'Publish port 80/tcp' });
    fireEvent.click(chip);
    expect((screen.getByRole('textbox', { name: 'Host port, row 1' }) as HTMLInputElement).value).toBe('80');
    fireEvent.change(field('Name'), { target: { value: 'web' } });
    fireEvent.change(field('Memory limit'), { target: { value: '64m' } });
    fireEvent.change(field('CPU shares'), { target: { value: '512' } });
    expect(screen.getByLabelText('Equivalent docker run command').textContent).toBe('docker run -d --name web -p 80:80 --memory 64m --cpu-shares 512 berth-test/busybox:latest');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    });
    expect(c.containers.run).toHaveBeenCalledWith(expect.objectContaining({ name: 'web', memory: 67108864, cpuShares: 512, ports: [{ hostPort: 80, containerPort: 80, protocol: 'tcp' }] }));
    expect(useStore.getState().runDialog).toBeUndefined();
  });

  it('puts an engine error on the field it concerns', async () => {
    fakeClient(async () => {
      throw new BerthError('PORT_IN_USE', 'Port 8080 is in use by another program — choose another or leave it blank');
    });
    render(<RunDialog />);
    fireEvent.click(screen.getByRole('button', { name: 'Add port' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Host port, row 1' }), { target: { value: '8080' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Container port, row 1' }), { target: { value: '80' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    });
    const host = screen.getByRole('textbox', { name: 'Host port, row 1' });
    expect(host.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(host.getAttribute('aria-describedby') as string)?.textContent).toMatch(/8080 is in use/);
    expect(useStore.getState().runDialog).toBeDefined();
  });

  it('fills the form from a pasted docker run line', async () => {
    fakeClient(async () => ({}));
    render(<RunDialog />);
    const paste = field('Paste a docker run command');
    fireEvent.change(paste, { target: { value: 'docker run -d --name api -p 9090:80 --memory 128m busybox httpd -f' } });
    fireEvent.keyDown(paste, { key: 'Enter' });
    expect(field('Image').value).toBe('busybox');
    expect(field('Name').value).toBe('api');
    expect(field('Memory limit').value).toBe('128m');
    expect(field('Command').value).toBe('httpd -f');
  });

  it('offers "Pull and run" when the image is not here: pulls as an activity task, then runs the same spec', async () => {
    let runs = 0;
    const c = fakeClient(async () => {
      runs++;
      if (runs === 1) throw new BerthError('IMAGE_NOT_FOUND', 'Image reg.test/app:1 is not on this engine — pull it first (Run does not pull).', { field: 'image' });
      return { id: 'new', name: 'app', warnings: [], ports: [] };
    });
    let finishPull: (() => void) | undefined;
    (c as unknown as { images: Record<string, unknown> }).images.pull = vi.fn((input: { ref: string }, cb: { onData(x: unknown): void; onEnd(r: unknown, e?: unknown): void }) => {
      cb.onData({ layers: [{ id: 'l1', status: 'Downloading', current: 1, total: 2 }] });
      finishPull = () => cb.onEnd({ id: `sha256:${input.ref.length}` });
      return { write() {}, resize() {}, ack() {}, close() {} };
    });
    render(<RunDialog />);
    fireEvent.change(field('Image'), { target: { value: 'reg.test/app:1' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    });
    expect(field('Image').getAttribute('aria-invalid')).toBe('true');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Pull and run' }));
    });
    const pull = (c as unknown as { images: { pull: ReturnType<typeof vi.fn> } }).images.pull;
    expect(pull).toHaveBeenCalledWith(expect.objectContaining({ ref: 'reg.test/app:1' }), expect.anything());
    expect(useStore.getState().activityOpen).toBe(true);
    expect(useStore.getState().tasks[0]).toMatchObject({ title: 'Pull reg.test/app:1', state: 'running' });
    expect(screen.getByText(/Pulling reg.test\/app:1/)).toBeTruthy();
    expect(c.containers.run).toHaveBeenCalledTimes(1);
    await act(async () => {
      finishPull?.();
    });
    await waitFor(() => expect(c.containers.run).toHaveBeenCalledTimes(2));
    expect(c.containers.run.mock.calls[1]?.[0]).toMatchObject({ image: 'reg.test/app:1' });
    await waitFor(() => expect(useStore.getState().runDialog).toBeUndefined());
    expect(useStore.getState().tasks[0]?.state).toBe('done');
  });

  it('offers a Platform field when the image is of another platform than the engine, and sends it', async () => {
    const client = {
      containers: { run: vi.fn(async () => ({ id: 'abc', name: 'arm', warnings: [], ports: [] })) },
      images: { inspect: vi.fn(async () => ({ Os: 'linux', Architecture: 'arm64', Variant: 'v8', Config: {} })) },
      engine: { version: vi.fn(async () => ({ version: '20.10', apiVersion: '1.41', os: 'linux', arch: 'amd64', kernelVersion: '6.1' })) },
    } as unknown as BerthClient;
    setConnection({ client, state: () => 'open', onState: () => () => undefined });
    useStore.getState().setEngineFacts({});
    render(<RunDialog />);
    const use = await screen.findByRole('button', { name: 'Use linux/arm64/v8' });
    expect(screen.getByText(/This image is linux\/arm64\/v8; the engine runs linux\/amd64/)).toBeTruthy();
    fireEvent.change(field('Platform'), { target: { value: 'arm64' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await waitFor(() => expect(field('Platform').getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getAllByRole('alert').map((a) => a.textContent).join(' ')).toMatch(/Platform "arm64" is not os\/arch/);
    fireEvent.click(use);
    expect(field('Platform').value).toBe('linux/arm64/v8');
    expect(screen.getByLabelText('Equivalent docker run command').textContent).toBe('docker run -d --platform linux/arm64/v8 berth-test/busybox:latest');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    });
    expect((client as unknown as { containers: { run: ReturnType<typeof vi.fn> } }).containers.run).toHaveBeenCalledWith(expect.objectContaining({ platform: 'linux/arm64/v8' }));
  });
});
