// Unit tests: the progress pump batches, honours backpressure (pause or coalesce), aborts and fails typed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BerthError } from '../../../../app/errors.js';
import type { Sink } from '../../handlers.js';
import { LayerState } from './images-progress.js';
import { BATCH_MS, collect, pump } from './images-stream.js';

interface TestSink<C, R> extends Sink<C, R> {
  chunks: C[];
  result?: R;
  error?: unknown;
  drain(): void;
  done: Promise<void>;
  abort(): void;
}

function testSink<C, R>(opts: { acceptUntilBehind?: number } = {}): TestSink<C, R> {
  const ac = new AbortController();
  const drains: (() => void)[] = [];
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  const s: TestSink<C, R> = {
    chunks: [],
    push(c) {
      s.chunks.push(c);
      return s.chunks.length !== opts.acceptUntilBehind; // behind once, after that many chunks
    },
    onDrain: (cb) => drains.push(cb),
    end(r) {
      s.result = r;
      finish();
    },
    fail(e) {
      s.error = e;
      finish();
    },
    signal: ac.signal,
    drain: () => drains.splice(0).forEach((cb) => cb()),
    done,
    abort: () => ac.abort(),
  };
  return s;
}

const line = (o: object) => `${JSON.stringify(o)}\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function layerSpec(state: LayerState) {
  return {
    label: 'test',
    coalesce: true,
    onMessage: (m: Parameters<LayerState['apply']>[0]) => void state.apply(m),
    take: () => state.take(),
    toError: (e: unknown, fromStream: boolean) => (fromStream ? new BerthError('IMAGE_NOT_FOUND', String(e)) : e),
    finish: async () => ({ id: 'sha256:x' }),
  };
}

describe('pump', () => {
  it('batches many messages into few chunks and ends with the result', async () => {
    const src = new PassThrough();
    const sink = testSink<unknown, { id: string }>();
    pump(src, sink, layerSpec(new LayerState()));
    for (let i = 0; i <= 100; i++) src.write(line({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: i, total: 100 } }));
    src.end();
    await sink.done;
    expect(sink.result).toEqual({ id: 'sha256:x' });
    expect(sink.chunks.length).toBeLessThanOrEqual(2);
    expect(sink.chunks.at(-1)).toEqual({ layers: [{ id: 'aaaaaaaaaaaa', status: 'Downloading', current: 100, total: 100 }] });
  });

  it('fails with the typed error of an errorDetail line, after sending what came before', async () => {
    const src = new PassThrough();
    const sink = testSink<unknown, unknown>();
    pump(src, sink, layerSpec(new LayerState()));
    src.write(line({ status: 'Pulling fs layer', id: 'aaaaaaaaaaaa', progressDetail: {} }));
    src.write(line({ errorDetail: { message: 'manifest unknown' }, error: 'manifest unknown' }));
    await sink.done;
    expect((sink.error as BerthError).code).toBe('IMAGE_NOT_FOUND');
    expect(sink.chunks).toHaveLength(1);
    expect(src.destroyed).toBe(true);
  });

  it('coalescing: keeps reading while the consumer is behind and sends only the latest state on drain', async () => {
    const src = new PassThrough();
    const sink = testSink<{ layers: { current?: number }[] }, unknown>({ acceptUntilBehind: 1 });
    pump(src, sink, layerSpec(new LayerState()) as never);
    src.write(line({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1, total: 9 } }));
    await sleep(BATCH_MS * 3);
    expect(sink.chunks).toHaveLength(1); // behind now
    for (let i = 2; i <= 9; i++) src.write(line({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: i, total: 9 } }));
    await sleep(BATCH_MS * 3);
    expect(sink.chunks).toHaveLength(1);
    expect(src.isPaused()).toBe(false);
    sink.drain();
    expect(sink.chunks).toHaveLength(2);
    expect(sink.chunks[1]?.layers[0]?.current).toBe(9);
    src.end();
    await sink.done;
  });

  it('lines: pauses the engine stream while the consumer is behind and resumes on drain', async () => {
    const src = new PassThrough();
    const sink = testSink<{ lines: string[] }, unknown>({ acceptUntilBehind: 1 });
    const pending: string[] = [];
    pump(src, sink, {
      label: 'lines',
      coalesce: false,
      onMessage: (m) => void pending.push(m.stream ?? ''),
      take: () => (pending.length ? { lines: pending.splice(0) } : undefined),
      toError: (e) => e,
      finish: async () => undefined,
    });
    src.write(line({ stream: 'one' }));
    await sleep(BATCH_MS * 3);
    expect(src.isPaused()).toBe(true);
    src.write(line({ stream: 'two' }));
    await sleep(BATCH_MS * 3);
    expect(sink.chunks).toEqual([{ lines: ['one'] }]);
    sink.drain();
    await sleep(BATCH_MS * 3);
    expect(src.isPaused()).toBe(false);
    expect(sink.chunks).toEqual([{ lines: ['one'] }, { lines: ['two'] }]);
    src.end();
    await sink.done;
  });

  it('stops the engine stream when the consumer goes away', async () => {
    const src = new PassThrough();
    const sink = testSink<unknown, unknown>();
    pump(src, sink, layerSpec(new LayerState()));
    sink.abort();
    expect(src.destroyed).toBe(true);
  });
});

describe('collect', () => {
  it('reads all messages and rejects on an error line', async () => {
    const ok = new PassThrough();
    ok.end(line({ stream: 'Loaded image: a:b\n' }));
    expect(await collect(ok, (m) => new Error(m))).toEqual([{ stream: 'Loaded image: a:b\n' }]);
    const bad = new PassThrough();
    bad.end(line({ errorDetail: { message: 'nope' } }));
    await expect(collect(bad, (m) => new Error(m))).rejects.toThrow('nope');
  });
});
