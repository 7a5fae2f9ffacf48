// Native notifications for what happens out of sight: a container exits non-zero, a pull/build/push ends, a port cannot be forwarded.
import { api } from '../../app/api.js';
import { nameOf, type Disposer } from '../../app/contract.js';
import type { WireError } from '../../app/errors.js';
import type { EngineEvent } from '../../app/model.js';
import type { VmPortForward } from '../../app/vm.js';
import { toWireError } from '../core/errors.js';
import { createLogger } from '../core/log.js';
import type { NotificationCtor } from './types.js';

const log = createLogger('notifications');

/** A container stopped on purpose (docker stop/kill, Berth's Stop) within this long before it died is not news. */
const INTENT_MS = 30_000;
/** The same thing is said at most once in this window. */
const REPEAT_MS = 10_000;

export interface Notice {
  title: string;
  body: string;
}

export interface NotifierOptions {
  Notification: NotificationCtor;
  /** The setting, read at each notice. */
  enabled(): boolean;
  /** Clicking a notice opens the window. */
  onClick(): void;
  now?: () => number;
  /** Linux bodies are escaped (see escapeNotificationMarkup); default this process's platform. */
  platform?: NodeJS.Platform;
}

export interface Notifier {
  notify(n: Notice): boolean;
  /** Feed every engine event; only a non-zero exit nobody asked for becomes a notice. */
  engineEvent(e: EngineEvent): void;
  /** Feed the end of a pull, push or build stream. */
  streamEnded(channel: string, input: unknown, error?: WireError): void;
  /** Feed the VM's forwards; a failed one becomes a notice. */
  forwards(list: readonly VmPortForward[]): void;
}

const STREAM_WORDS: Record<string, { what: string; ref: (input: Record<string, unknown>) => string }> = {
  [nameOf(api, api.images.pull)]: { what: 'Pull', ref: (i) => String(i.ref ?? 'image') },
  [nameOf(api, api.images.push)]: { what: 'Push', ref: (i) => String(i.ref ?? 'image') },
  [nameOf(api, api.images.build)]: { what: 'Build', ref: (i) => (Array.isArray(i.tags) && i.tags.length > 0 ? String(i.tags[0]) : 'image') },
};

/** Stream channels whose end is worth a notice. */
export const NOTIFIED_STREAMS = Object.keys(STREAM_WORDS);

const short = (s: string, n = 180) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Linux notification daemons that advertise `body-markup` (GNOME, KDE, dunst, mako, …) read the body as a small
 * HTML subset, and Electron hands it to libnotify unescaped: a container name, image or engine message with `<`,
 * `>` or `&` would be dropped, restyled or turned into a link. The summary (title) is plain text by the
 * specification, so it is left as it is. Escaped after shortening, so no entity is cut in half.
 */
export function escapeNotificationMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createNotifier(opts: NotifierOptions): Notifier {
  const now = opts.now ?? Date.now;
  const body = (opts.platform ?? process.platform) === 'linux' ? (s: string) => escapeNotificationMarkup(short(s)) : (s: string) => short(s);
  const intended = new Map<string, number>();
  const said = new Map<string, number>();

  const notify = (n: Notice): boolean => {
    if (!opts.enabled() || !opts.Notification.isSupported()) return false;
    const key = `${n.title}\n${n.body}`;
    const t = now();
    if ((said.get(key) ?? -Infinity) > t - REPEAT_MS) return false;
    said.set(key, t);
    if (said.size > 200) for (const [k, at] of said) if (at < t - REPEAT_MS) said.delete(k);
    try {
      const note = new opts.Notification({ title: short(n.title, 80), body: body(n.body), silent: false });
      note.on('click', opts.onClick);
      note.show();
      return true;
    } catch (e) {
      log.warn('showing a notification failed', e);
      return false;
    }
  };

  return {
    notify,
    engineEvent(e) {
      if (e.type !== 'container') return;
      const t = now();
      if (e.action === 'kill' || e.action === 'stop' || e.action === 'destroy' || e.action.startsWith('exec_')) {
        if (e.action !== 'stop' && !e.action.startsWith('exec_')) intended.set(e.id, t);
        return;
      }
      if (e.action !== 'die') return;
      const code = Number(e.attributes.exitCode ?? '0');
      const stoppedOnPurpose = (intended.get(e.id) ?? -Infinity) > t - INTENT_MS;
      intended.delete(e.id);
      if (code === 0 || Number.isNaN(code) || stoppedOnPurpose) return;
      const name = e.attributes.name ?? e.id.slice(0, 12);
      notify({ title: `${name} exited with code ${code}`, body: `The container ${name} (${e.attributes.image ?? 'unknown image'}) stopped unexpectedly. Open Berth to read its logs.` });
    },
    streamEnded(channel, input, error) {
      const words = STREAM_WORDS[channel];
      if (!words) return;
      const ref = words.ref(typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {});
      if (error?.code === 'CANCELLED') return;
      if (error) notify({ title: `${words.what} of ${ref} failed`, body: error.message });
      else notify({ title: `${words.what} of ${ref} finished`, body: `${words.what} of ${ref} is done.` });
    },
    forwards(list) {
      for (const f of list) {
        if (f.status !== 'failed') continue;
        const who = f.containerName ?? f.containerId?.slice(0, 12) ?? 'the VM';
        notify({
          title: `Port ${f.hostPort}/${f.protocol} could not be forwarded`,
          body: `${who}: ${f.error?.message ?? `${f.hostIp}:${f.hostPort} is not available on this computer.`}`,
        });
      }
    },
  };
}

/** Wraps stream handlers so their end (result or error) reaches `onEnd`, without changing what the window gets. */
export function observeStreamEnds<T extends object>(handlers: T, channelsToWatch: readonly string[], onEnd: (channel: string, input: unknown, error?: WireError) => void): T {
  const table = handlers as Record<string, Record<string, unknown> | undefined>;
  const out: Record<string, Record<string, unknown> | undefined> = { ...table };
  for (const ch of channelsToWatch) {
    const [group, member] = ch.split('.') as [string, string];
    const fn = table[group]?.[member];
    if (typeof fn !== 'function') continue;
    type SinkLike = { end(r: unknown): void; fail(e: unknown): void } & Record<string, unknown>;
    const wrapped = (input: unknown, sink: SinkLike) => {
      let done = false;
      const once = (err?: WireError) => {
        if (done) return;
        done = true;
        try {
          onEnd(ch, input, err);
        } catch (e) {
          log.warn(`observer of ${ch} failed`, e);
        }
      };
      const observed = Object.create(sink) as SinkLike;
      observed.end = (r: unknown) => {
        sink.end(r);
        once();
      };
      observed.fail = (e: unknown) => {
        sink.fail(e);
        once(toWireError(e, ch));
      };
      return (fn as (i: unknown, s: SinkLike) => unknown)(input, observed);
    };
    out[group] = { ...out[group], [member]: wrapped };
  }
  return out as T;
}

/** Subscribes a notifier to the core's bus (engine events, and VM forwards when the contract has them). */
export function wireNotifier(n: Notifier, subscribe: (channel: string, cb: (payload: unknown) => void) => Disposer, channelsPresent: { engineEvents: string; forwards?: string | undefined }): Disposer {
  const offs = [subscribe(channelsPresent.engineEvents, (p) => n.engineEvent(p as EngineEvent))];
  if (channelsPresent.forwards) offs.push(subscribe(channelsPresent.forwards, (p) => n.forwards(Array.isArray(p) ? (p as VmPortForward[]) : [p as VmPortForward])));
  return () => offs.forEach((off) => off());
}
