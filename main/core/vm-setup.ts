// vm.setUp: the Berth VM where no engine answers, in one click — its image built when missing, the VM started, its engine made the current, remembered one.
import type { Api } from '../../app/api.js';
import type { VmSetUpProgress, VmSetUpResult } from '../../app/vm-setup.js';
import { BerthError } from '../../app/errors.js';
import type { Handlers } from './handlers.js';
import { createLogger } from './log.js';
import type { VmManager } from './vm/index.js';

const log = createLogger('vm.setup');

/** Lines of the build kept for a window that joins a set-up under way (a reload mid-build). */
const KEPT_LINES = 200;

export interface VmSetUpOptions {
  vm: Pick<VmManager, 'imageState' | 'buildImage' | 'start' | 'status'>;
  /** Makes the VM's engine the current, remembered one (engines.use). */
  useEngine(id: string): Promise<{ id: string; name: string }>;
  /** The VM's engine id in engines.list. */
  engineId: string;
}

/**
 * One set-up at a time, owned by the core: a window that closes its stream (or reloads) leaves it running, and a
 * window that asks again joins it, with the lines so far.
 */
export class VmSetUp {
  private running: Promise<VmSetUpResult> | undefined;
  private readonly seen: VmSetUpProgress[] = [];
  private readonly listeners = new Set<(p: VmSetUpProgress) => void>();

  constructor(private readonly o: VmSetUpOptions) {}

  run(onProgress: (p: VmSetUpProgress) => void): { result: Promise<VmSetUpResult>; detach(): void } {
    for (const p of this.seen) onProgress(p);
    this.listeners.add(onProgress);
    if (!this.running) {
      this.seen.length = 0;
      this.running = this.setUp().finally(() => (this.running = undefined));
    }
    return { result: this.running, detach: () => this.listeners.delete(onProgress) };
  }

  private say(p: VmSetUpProgress): void {
    this.seen.push(p);
    if (this.seen.length > KEPT_LINES) this.seen.splice(1, this.seen.length - KEPT_LINES);
    for (const l of this.listeners) l(p);
  }

  private async setUp(): Promise<VmSetUpResult> {
    const t0 = Date.now();
    let built = false;
    this.say({ step: 'image' });
    const image = await this.o.vm.imageState();
    if (image.state === 'missing') {
      if (!image.build.possible) throw new BerthError('VM_ERROR', `${image.reason} ${image.build.why ?? ''}${image.build.command ? ` ${image.build.command}` : ''}`.trim());
      log.info(`building the ${image.arch} guest image: ${image.build.command ?? ''}`);
      await this.o.vm.buildImage((line) => this.say({ step: 'image', line }));
      built = true;
    }
    this.say({ step: 'start' });
    if (this.o.vm.status().state !== 'running') await this.o.vm.start();
    this.say({ step: 'engine' });
    const engine = await this.o.useEngine(this.o.engineId);
    const ms = Date.now() - t0;
    log.info(`set up the Berth VM in ${Math.round(ms / 1000)} s${built ? ' (image built)' : ''}; ${engine.name} is the current engine`);
    return { engine: { id: engine.id, name: engine.name }, built, ms };
  }
}

/** The contract's vm.image and vm.setUp over one VmSetUp. */
export function createVmSetUpHandlers(vm: VmManager, setUp: VmSetUp): Pick<Handlers<Api>['vm'], 'image' | 'setUp'> {
  return {
    image: () => vm.imageState(),
    setUp: (_input, sink) => {
      const { result, detach } = setUp.run((p) => void sink.push(p));
      result.then(
        (r) => {
          detach();
          sink.end(r);
        },
        (e: unknown) => {
          detach();
          sink.fail(e);
        },
      );
      // Closing the stream stops listening, not the set-up: it goes on in the core, and a window asking again joins it.
      return { close: detach };
    },
  };
}
