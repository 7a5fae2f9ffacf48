// Pull and push with per-layer progress and registry credentials (typed or remembered; X-Registry-Auth), as contract streams.
import type { Readable } from 'node:stream';
import type { Api } from '../../../../app/api.js';
import { BerthError } from '../../../../app/errors.js';
import type { RegistryAuth } from '../../../../app/model.js';
import type { CoreContext } from '../../context.js';
import { explainRefusal, rememberAfter, signInFor } from '../../credentials/sign-in.js';
import type { Handlers } from '../../handlers.js';
import { createLogger } from '../../log.js';
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
      const registry = splitImageRef(ref).domain;
      const signIn = await signInFor(ctx.credentials, registry, input);
      const state = new LayerState();
      const opts: Record<string, unknown> = { abortSignal: sink.signal };
      if (signIn.auth) opts.authconfig = authConfigFor(ref, signIn.auth);
      log.info(`pull ${ref}${signIn.auth?.username ? ` as ${signIn.auth.username}${signIn.remembered ? ' (remembered)' : ''}` : ''}`);
      let source: Readable;
      try {
        source = (await ctx.docker.pull(ref, opts)) as Readable;
      } catch (e) {
        throw explainRefusal(cancelledOr(sink.signal, e, 'pull', ref), signIn);
      }
      const toError = streamError('pull', ref);
      return pump(source, sink, {
        label: `pull ${ref}`,
        coalesce: true,
        onMessage: (m) => state.apply(m),
        take: () => state.take(),
        toError: (err, fromStream) => explainRefusal(toError(err, fromStream), signIn),
        async finish() {
          let id: string;
          try {
            id = (await ctx.docker.getImage(ref).inspect()).Id;
          } catch (e) {
            throw mapRegistryError(e, 'pull', ref);
          }
          await rememberAfter(ctx.credentials, registry, input, `The pull of ${ref}`);
          return { id };
        },
      });
    },

    async push(input, sink) {
      const ref = checkRef(input.ref);
      const { name, tag, digest } = splitImageRef(ref);
      if (digest) throw new BerthError('INVALID_INPUT', 'Push a tag, not a digest: tag the image first.', { field: 'ref' });
      const registry = splitImageRef(ref).domain;
      const signIn = await signInFor(ctx.credentials, registry, input);
      const state = new LayerState();
      log.info(`push ${ref}${signIn.auth?.username ? ` as ${signIn.auth.username}${signIn.remembered ? ' (remembered)' : ''}` : ''}`);
      let source: Readable;
      try {
        // The engine insists on an X-Registry-Auth header for push; an empty config means "anonymous".
        source = (await ctx.docker.getImage(name).push({ tag: tag ?? 'latest', authconfig: authConfigFor(ref, signIn.auth), abortSignal: sink.signal })) as Readable;
      } catch (e) {
        throw explainRefusal(cancelledOr(sink.signal, e, 'push', ref), signIn);
      }
      const toError = streamError('push', ref);
      return pump(source, sink, {
        label: `push ${ref}`,
        coalesce: true,
        onMessage: (m) => state.apply(m),
        take: () => state.take(),
        toError: (err, fromStream) => explainRefusal(toError(err, fromStream), signIn),
        async finish() {
          await rememberAfter(ctx.credentials, registry, input, `The push of ${ref}`);
          return state.digest ? { digest: state.digest } : {};
        },
      });
    },
  };
}
