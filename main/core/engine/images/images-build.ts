// Builds an image from a context folder with the classic builder (/build): streamed output lines, typed failures.
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { Api } from '../../../../app/api.js';
import { BerthError } from '../../../../app/errors.js';
import type { CoreContext } from '../../context.js';
import type { Handlers } from '../../handlers.js';
import { createLogger } from '../../log.js';
import { mapEngineError } from '../link/errors.js';
import { buildContext } from './images-context.js';
import { splitImageRef, type EngineMessage } from './images-progress.js';
import { pump } from './images-stream.js';

const log = createLogger('images-build');

/** A failed build's words as a typed error: the Dockerfile's fault, a missing base image, or the engine's. */
export function classifyBuildMessage(message: string): BerthError {
  const l = message.toLowerCase();
  const opts = { detail: message };
  if (/pull access denied|manifest unknown|repository does not exist|no such image|not found: manifest|manifest for .* not found/.test(l)) {
    return new BerthError('IMAGE_NOT_FOUND', `The build failed: a base image was not found (${message}).`, { ...opts, field: 'dockerfile' });
  }
  if (/unauthorized|authentication required|no basic auth credentials/.test(l)) {
    return new BerthError('UNAUTHORIZED', `The build failed: a registry refused access (${message}).`, { ...opts, field: 'dockerfile' });
  }
  if (
    /returned a non-zero code|dockerfile parse error|unknown instruction|unknown flag|copy failed|add failed|failed to process|no source files were specified|cannot locate specified dockerfile|outside the build context|failed to compute cache key|no build stage|not found in build context|when using copy with more than one source|is not a valid|invalid reference format|the dockerfile .* cannot be empty|file with no instructions|unable to prepare context/.test(
      l,
    )
  ) {
    return new BerthError('INVALID_INPUT', `The build failed: ${message}`, { ...opts, field: 'dockerfile' });
  }
  return new BerthError('INTERNAL', `The build failed: ${message}`, opts);
}

/** Splits the builder's `stream` text into lines, keeping a partial line until its end arrives. */
export class BuildLines {
  private partial = '';
  private readonly pending: string[] = [];
  auxId: string | undefined;
  shortId: string | undefined;

  apply(m: EngineMessage): void {
    if (m.aux && typeof m.aux.ID === 'string') this.auxId = m.aux.ID;
    if (typeof m.stream === 'string') {
      const parts = (this.partial + m.stream).split(/\r?\n/);
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.line(line);
    } else if (m.status && m.progressDetail?.current === undefined) {
      // Progress of a base-image pull (`pull: true` or a missing FROM): status changes only, not every byte.
      this.line(m.id ? `${m.id}: ${m.status}` : m.status);
    }
  }

  private line(text: string) {
    const built = /^Successfully built ([0-9a-f]{12,64})\s*$/.exec(text);
    if (built) this.shortId = built[1];
    this.pending.push(text);
  }

  /** The lines since the last call; at the end also the unterminated last one. */
  take(final = false): { lines: string[] } | undefined {
    if (final && this.partial) {
      this.pending.push(this.partial);
      this.partial = '';
    }
    return this.pending.length > 0 ? { lines: this.pending.splice(0) } : undefined;
  }
}

function checkTag(t: string): string {
  const { digest } = splitImageRef(t, 'tags');
  if (digest) throw new BerthError('INVALID_INPUT', `A build is tagged with a name, not a digest: "${t}".`, { field: 'tags' });
  return t.trim();
}

export function createBuildHandlers(ctx: CoreContext): Pick<Handlers<Api>['images'], 'build'> {
  return {
    async build(input, sink) {
      const tags = input.tags.map(checkTag);
      const context = await buildContext(input.context, input.dockerfile);
      const ctl = new AbortController();
      const onAbort = () => ctl.abort();
      sink.signal.addEventListener('abort', onAbort, { once: true });
      let tarError: Error | undefined;
      // tar-stream is a streamx stream; the engine client wants a Node stream.
      const body = Readable.from(context.tar as AsyncIterable<Buffer>);
      body.on('error', (e: Error) => {
        tarError = e;
        ctl.abort();
      });
      log.info(`build ${input.context} (${context.entries} entries, ${context.dockerfile}) -> ${tags.join(', ') || '<untagged>'}`);
      // `t` may repeat (one per tag); the typings only know one.
      const opts: Omit<Docker.ImageBuildOptions, 't'> & { t?: string[] } = { dockerfile: context.dockerfile, rm: true, forcerm: true, abortSignal: ctl.signal };
      if (tags.length > 0) opts.t = tags;
      if (Object.keys(input.buildArgs).length > 0) opts.buildargs = input.buildArgs;
      if (input.noCache) opts.nocache = true;
      if (input.pull) opts.pull = true;
      let source: Readable;
      try {
        source = (await ctx.docker.buildImage(body, opts as Docker.ImageBuildOptions)) as unknown as Readable;
      } catch (e) {
        sink.signal.removeEventListener('abort', onAbort);
        if (tarError) throw new BerthError('INVALID_INPUT', `The build context could not be read: ${tarError.message}`, { field: 'context', detail: tarError.message });
        if (sink.signal.aborted) throw new BerthError('CANCELLED', 'The build was cancelled.');
        const text = (e as { json?: { message?: unknown } }).json?.message;
        throw typeof text === 'string' ? classifyBuildMessage(text) : mapEngineError(e, { field: 'dockerfile' });
      }
      const lines = new BuildLines();
      return pump(source, sink, {
        label: `build ${input.context}`,
        coalesce: false,
        onMessage: (m) => lines.apply(m),
        take: (final) => lines.take(final),
        toError: (err, fromStream) => {
          if (fromStream && typeof err === 'string') return classifyBuildMessage(err);
          if (tarError) return new BerthError('INVALID_INPUT', `The build context could not be read: ${tarError.message}`, { field: 'context' });
          return mapEngineError(err, { field: 'dockerfile' });
        },
        async finish() {
          const ref = lines.auxId ?? lines.shortId;
          if (!ref) throw new BerthError('INTERNAL', 'The build ended without naming an image; see the output above.');
          const info = await ctx.docker.getImage(ref).inspect().catch((e: unknown) => {
            throw mapEngineError(e, { what: ref });
          });
          log.info(`built ${info.Id}`);
          return { id: info.Id };
        },
      });
    },
  };
}
