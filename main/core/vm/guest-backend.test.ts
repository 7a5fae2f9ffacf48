import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../app/errors.js';
import { GuestBackend } from './guest-backend.js';

/** A backend with no guest: the shared part alone, its tracker moved by hand. */
class Bare extends GuestBackend {
  constructor() {
    super('qemu');
  }
  to(...states: Array<'creating' | 'stopped' | 'starting' | 'running'>): void {
    for (const s of states) this.tracker.set(s);
  }
  stage(): void {
    this.tracker.beginStage('engine');
  }
  explain(e: unknown): Promise<unknown> {
    return this.withEngineLog(e);
  }
}

describe('GuestBackend', () => {
  it('refuses exec, shell and forwards until a linked guest runs', async () => {
    const b = new Bare();
    const notRunning = { code: 'VM_ERROR', message: expect.stringContaining('not running') };
    await expect(Promise.resolve().then(() => b.exec('true'))).rejects.toMatchObject(notRunning);
    await expect(Promise.resolve().then(() => b.shell({ cols: 80, rows: 24 }))).rejects.toMatchObject(notRunning);
    b.to('creating', 'stopped', 'starting', 'running');
    // Running, but no link was ever made.
    await expect(Promise.resolve().then(() => b.forward({ socketPath: '/var/run/docker.sock' }))).rejects.toMatchObject(notRunning);
  });

  it('reports status changes to listeners until disposed', () => {
    const b = new Bare();
    const seen: string[] = [];
    const off = b.onStatus((s) => seen.push(s.state));
    b.to('creating');
    off();
    b.to('stopped');
    expect(seen).toEqual(['creating']);
    expect(b.state()).toMatchObject({ state: 'stopped', backend: 'qemu' });
    expect(b.onConnection(() => undefined)()).toBe(true);
  });

  it('leaves a failure as it is when no guest can add the engine log', async () => {
    const b = new Bare();
    b.to('creating', 'stopped', 'starting');
    b.stage();
    const e = new BerthError('TIMEOUT', 'no answer');
    expect(await b.explain(e)).toBe(e);
  });
});
