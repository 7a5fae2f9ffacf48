// Notifications: unexpected non-zero exits only, stream ends of pulls/builds/pushes, failed forwards, setting and repeats honoured.
import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../app/model.js';
import { BerthError } from '../../app/errors.js';
import { createNotifier, escapeNotificationMarkup, observeStreamEnds, wireNotifier } from './notifications.js';
import { FakeNotification } from './testing/fake-electron.js';

function notifier(enabled = true, platform?: NodeJS.Platform) {
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  let t = 1_000_000;
  const onClick = vi.fn();
  const n = createNotifier({ Notification: FakeNotification, enabled: () => enabled, onClick, now: () => t, ...(platform ? { platform } : {}) });
  return { n, onClick, advance: (ms: number) => (t += ms) };
}

const ev = (action: string, id = 'c1', attributes: Record<string, string> = {}): EngineEvent => ({ type: 'container', action, id, attributes: { name: 'web', image: 'nginx', ...attributes }, time: 0 });

describe('notifications', () => {
  it('escapes markup in Linux bodies (daemons read them as HTML), not elsewhere, and not the plain-text title (issue 13, low)', () => {
    const message = 'pull access denied for <a href="https://evil.example">x</a> & <b>more</b>';
    for (const [platform, body] of [
      ['linux', 'pull access denied for &lt;a href="https://evil.example"&gt;x&lt;/a&gt; &amp; &lt;b&gt;more&lt;/b&gt;'],
      ['darwin', message],
      ['win32', message],
    ] as const) {
      const { n } = notifier(true, platform);
      n.streamEnded('images.pull', { ref: 'a&b' }, new BerthError('IMAGE_NOT_FOUND', message).toWire());
      expect(FakeNotification.shown, platform).toEqual([{ title: 'Pull of a&b failed', body }]);
    }
    // Shortened first, then escaped: no entity is cut in half.
    const { n } = notifier(true, 'linux');
    n.notify({ title: 't', body: `${'x'.repeat(178)}&&&` });
    expect(FakeNotification.shown[0]?.body).toBe(`${'x'.repeat(178)}&amp;…`);
    expect(escapeNotificationMarkup('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('tells of a container that exited non-zero on its own', () => {
    const { n } = notifier();
    n.engineEvent(ev('die', 'c1', { exitCode: '2' }));
    expect(FakeNotification.shown).toEqual([{ title: 'web exited with code 2', body: expect.stringContaining('stopped unexpectedly') }]);
  });

  it('stays quiet for exit 0, for a stop or kill someone asked for, and for other events', () => {
    const { n } = notifier();
    n.engineEvent(ev('die', 'c1', { exitCode: '0' }));
    n.engineEvent(ev('kill', 'c2', { signal: '15' }));
    n.engineEvent(ev('die', 'c2', { exitCode: '143' }));
    n.engineEvent(ev('start'));
    n.engineEvent({ ...ev('die', 'c3', { exitCode: '1' }), type: 'network' });
    expect(FakeNotification.shown).toEqual([]);
  });

  it('tells of a later unexpected crash of a container that was stopped long ago', () => {
    const { n, advance } = notifier();
    n.engineEvent(ev('kill', 'c1'));
    n.engineEvent(ev('die', 'c1', { exitCode: '137' }));
    advance(60_000);
    n.engineEvent(ev('die', 'c1', { exitCode: '1' }));
    expect(FakeNotification.shown.map((s) => s.title)).toEqual(['web exited with code 1']);
  });

  it('does not repeat the same notice within 10 s, and honours the setting and platform support', () => {
    const a = notifier();
    a.n.engineEvent(ev('die', 'c1', { exitCode: '1' }));
    a.n.engineEvent(ev('die', 'c1', { exitCode: '1' }));
    expect(FakeNotification.shown).toHaveLength(1);
    a.advance(11_000);
    a.n.engineEvent(ev('die', 'c1', { exitCode: '1' }));
    expect(FakeNotification.shown).toHaveLength(2);
    const off = notifier(false);
    off.n.engineEvent(ev('die', 'c1', { exitCode: '1' }));
    expect(FakeNotification.shown).toHaveLength(0);
    const none = notifier();
    FakeNotification.supported = false;
    expect(none.n.notify({ title: 'x', body: 'y' })).toBe(false);
  });

  it('tells when a pull, push or build finishes or fails, but not when it was cancelled', () => {
    const { n } = notifier();
    n.streamEnded('images.pull', { ref: 'nginx:latest' });
    n.streamEnded('images.build', { tags: ['me/app:1'] }, { code: 'INTERNAL', message: 'step 3 failed' });
    n.streamEnded('images.push', { ref: 'me/app:1' }, { code: 'CANCELLED', message: 'closed' });
    n.streamEnded('containers.logs', { id: 'x' });
    expect(FakeNotification.shown).toEqual([
      { title: 'Pull of nginx:latest finished', body: 'Pull of nginx:latest is done.' },
      { title: 'Build of me/app:1 failed', body: 'step 3 failed' },
    ]);
  });

  it('tells of a port that could not be forwarded', () => {
    const { n } = notifier();
    n.forwards([
      { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080, guestPort: 80, origin: 'published', status: 'active' },
      { protocol: 'udp', hostIp: '127.0.0.1', hostPort: 53, guestPort: 53, containerName: 'dns', origin: 'published', status: 'failed', error: { code: 'PORT_IN_USE', message: 'Port 53 is in use by another program.' } },
    ]);
    expect(FakeNotification.shown).toEqual([{ title: 'Port 53/udp could not be forwarded', body: 'dns: Port 53 is in use by another program.' }]);
  });

  it('opens the window when a notice is clicked', () => {
    const { n, onClick } = notifier();
    const shown: FakeNotification[] = [];
    const Spy = class extends FakeNotification {
      constructor(o: { title: string; body: string }) {
        super(o);
        shown.push(this);
      }
    };
    const m = createNotifier({ Notification: Spy, enabled: () => true, onClick });
    m.notify({ title: 't', body: 'b' });
    shown[0]?.emit('click');
    expect(onClick).toHaveBeenCalled();
    expect(n).toBeDefined();
  });

  it('observes stream ends without changing what the consumer gets', async () => {
    const ends: unknown[] = [];
    const handlers = {
      images: {
        pull: (_i: unknown, sink: { push(c: unknown): boolean; end(r: unknown): void }) => {
          sink.push('layer');
          sink.end({ id: 'sha256:1' });
          return { close: () => undefined };
        },
        build: (_i: unknown, sink: { fail(e: unknown): void }) => {
          sink.fail(new BerthError('IMAGE_NOT_FOUND', 'base image missing'));
          return { close: () => undefined };
        },
        list: async () => [],
      },
    };
    const wrapped = observeStreamEnds(handlers, ['images.pull', 'images.build', 'images.push'], (ch, input, err) => ends.push([ch, input, err]));
    const got: unknown[] = [];
    const sink = { push: (c: unknown) => (got.push(c), true), end: (r: unknown) => got.push(['end', r]), fail: (e: unknown) => got.push(['fail', (e as Error).message]), onDrain: () => undefined, signal: new AbortController().signal };
    const w = wrapped as typeof handlers;
    w.images.pull({ ref: 'x' }, sink);
    w.images.build({ tags: [] }, sink);
    expect(got).toEqual(['layer', ['end', { id: 'sha256:1' }], ['fail', 'base image missing']]);
    expect(ends).toEqual([['images.pull', { ref: 'x' }, undefined], ['images.build', { tags: [] }, { code: 'IMAGE_NOT_FOUND', message: 'base image missing' }]]);
    expect(w.images.list).toBe(handlers.images.list);
  });

  it('subscribes to engine events and, when present, VM forwards', () => {
    const subs = new Map<string, (p: unknown) => void>();
    const offs: string[] = [];
    const { n } = notifier();
    const spy = vi.spyOn(n, 'engineEvent');
    const off = wireNotifier(n, (ch, cb) => (subs.set(ch, cb), () => offs.push(ch)), { engineEvents: 'engine.events', forwards: 'vm.forwards' });
    subs.get('engine.events')?.(ev('die', 'c9', { exitCode: '3' }));
    expect(spy).toHaveBeenCalled();
    off();
    expect(offs.sort()).toEqual(['engine.events', 'vm.forwards']);
  });
});
