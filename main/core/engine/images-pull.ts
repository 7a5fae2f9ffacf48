// Pull and push with per-layer progress and registry credentials (X-Registry-Auth), as contract streams.
import type { Readable } from 'node:stream';
import type { Api } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import type { RegistryAuth } from '../../../app/model.js';
import type { CoreContext } from '../context.js';
import type { Handlers } from '../handlers.js';
import { createLogger } from '../log.js';
import { classifyRegistryMessage, LayerState, mapRegistryError, serverAddressOf, splitImageRef, withDefaultTag, type RegistryOp } from './images-progress.js';
import { pump } from './images-stream.js';

const log = createLogger('images-pull');

type ImageHandlers = Handlers<Api>['images'];

/** The engine's auth config for a reference; the password never reaches a log line. */
export function authConfigFor(ref: string, auth: RegistryAuth | undefined): { username?: string; password?: string; serveraddress: string } {
  const out: { username?: string; password?: string; serveraddress: string } = { serveraddress: auth?.serveraddress || serverAddressOf(ref) };
  if (auth?.username) out.username = auth.username;
  if (auth?.password) out.password = auth.password;
  return out;
}

function streamError(op: RegistryOp, ref: string) {
  return (err: unknown, fromStream: boolean): unknown => {
    if (fromStream && typeof err === 'string') return classifyRegistryMessage(err, op, ref) ?? new BerthError('INTERNAL', `The ${op} of ${ref} failed: ${err}`, { detail: err });
    return mapRegistryError(err, op, ref);
  };
}

function cancelledOr(signal: AbortSignal, err: unknown, op: RegistryOp, ref: string): BerthError {
  return signal.aborted ? new BerthError('CANCELLED', `The ${op} of ${ref} was cancelled.`) : mapRegistryError(err, op, ref);
}

/** Validates a reference (INVALID_INPUT naming `ref`) and adds `:latest` when it names no tag or digest. */
function checkRef(ref: string): string {
  splitImageRef(ref);
  return withDefaultTag(ref);
}

export function createPullHandlers(ctx: CoreContext): Pick<ImageHandlers, 'pull' | 'push'> {
  return {
    async pull(input, sink) {
      const ref = checkRef(input.ref);
      const state = new LayerState();
      const opts: Record<string, unknown> = { abortSignal: sink.signal };
      if (input.auth) opts.authconfig = authConfigFor(ref, input.auth);
      log.info(`pull ${ref}${input.auth?.username ? ` as ${input.auth.username}` : ''}`);
      let source: Readable;
      try {
        source = (await ctx.docker.pull(ref, opts)) as Readable;
      } catch (e) {
        throw cancelledOr(sink.signal, e, 'pull', ref);
      }
      return pump(source, sink, {
        label: `pull ${ref}`,
        coalesce: true,
        onMessage: (m) => state.apply(m),
        take: () => state.take(),
        toError: streamError('pull', ref),
        async finish() {
          try {
            const info = await ctx.docker.getImage(ref).inspect();
            return { id: info.Id };
          } catch (e) {
            throw mapRegistryError(e, 'pull', ref);
          }
        },
      });
    },

    async push(input, sink) {
      const ref = checkRef(input.ref);
      const { name, tag, digest } = splitImageRef(ref);
      if (digest) throw new BerthError('INVALID_INPUT', 'Push a tag, not a digest: tag the image first.', { field: 'ref' });
      const state = new LayerState();
      log.info(`push ${ref}${input.auth?.username ? ` as ${input.auth.username}` : ''}`);
      let source: Readable;
      try {
        // The engine insists on an X-Registry-Auth header for push; an empty config means "anonymous".
        source = (await ctx.docker.getImage(name).push({ tag: tag ?? 'latest', authconfig: authConfigFor(ref, input.auth), abortSignal: sink.signal })) as Readable;
      } catch (e) {
        throw cancelledOr(sink.signal, e, 'push', ref);
      }
      return pump(source, sink, {
        label: `push ${ref}`,
        coalesce: true,
        onMessage: (m) => state.apply(m),
        take: () => state.take(),
        toError: streamError('push', ref),
        finish: async () => (state.digest ? { digest: state.digest } : {}),
      });
    },
  };
}
