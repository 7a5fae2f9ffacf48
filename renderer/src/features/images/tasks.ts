// Image work that streams progress (pull, push, build) started as activity tasks; the panel and dialogs show them.
import type { Remember } from '../../../../app/credentials.js';
import type { RegistryAuth } from '../../../../app/model.js';
import { shortId } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { client } from '../../transport/index.js';
import { finishTask, newTaskId, trackTask } from '../activity/tasks.js';

/** Typed credentials (none: the core uses the sign-in remembered for the registry) and whether to remember them. */
export interface SignInRequest {
  auth?: RegistryAuth | undefined;
  remember?: Remember | undefined;
}

const cleanAuth = (s?: SignInRequest) => ({
  ...(s?.auth && (s.auth.username || s.auth.password) ? { auth: s.auth } : {}),
  ...(s?.remember ? { remember: s.remember } : {}),
});

/** Starts a pull as an activity task; `onEnd` hears how it ended (an error, or nothing when the image is here). */
export function startPull(ref: string, auth?: SignInRequest, onEnd?: (err?: unknown) => void): string {
  const id = newTaskId('pull');
  const s = useStore.getState();
  s.startTask({ id, kind: 'pull', title: `Pull ${ref}` });
  const h = client().images.pull(
    { ref, ...cleanAuth(auth) },
    {
      onData: (c) => useStore.getState().progressTask(id, { layers: c.layers, status: c.status }),
      onEnd: (r, err) => {
        finishTask(id, err, r ? `Pulled ${ref} (${shortId(r.id)})` : undefined);
        onEnd?.(err);
      },
    },
  );
  trackTask(id, h, onEnd && (() => onEnd({ code: 'CANCELLED', message: `The pull of ${ref} was cancelled.` })));
  return id;
}

export function startPush(ref: string, auth?: SignInRequest): string {
  const id = newTaskId('push');
  useStore.getState().startTask({ id, kind: 'push', title: `Push ${ref}` });
  const h = client().images.push(
    { ref, ...cleanAuth(auth) },
    {
      onData: (c) => useStore.getState().progressTask(id, { layers: c.layers, status: c.status }),
      onEnd: (r, err) => finishTask(id, err, r ? `Pushed ${ref}${r.digest ? ` (${r.digest.slice(0, 19)}…)` : ''}` : undefined),
    },
  );
  trackTask(id, h);
  return id;
}

export interface BuildRequest {
  context: string;
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string>;
  noCache: boolean;
  pull: boolean;
}

export function startBuild(req: BuildRequest): string {
  const id = newTaskId('build');
  useStore.getState().startTask({ id, kind: 'build', title: `Build ${req.tags[0] ?? req.context}` });
  const h = client().images.build(req, {
    onData: (c) => useStore.getState().progressTask(id, { lines: c.lines }),
    onEnd: (r, err) => finishTask(id, err, r ? `Built ${shortId(r.id)}${req.tags.length ? ` as ${req.tags.join(', ')}` : ''}` : undefined),
  });
  trackTask(id, h);
  return id;
}
