// The `vm` group of the contract over a VmManager: lifecycle, settings, console, the VM terminal, forwards (the set-up is the core's: vm-setup.ts).
import { StringDecoder } from 'node:string_decoder';
import type { Api } from '../../../app/api.js';
import { BerthError } from '../../../app/errors.js';
import { Batcher } from '../streams/batcher.js';
import type { Handlers } from '../handlers.js';
import type { VmManager } from './manager.js';
import { WslMemorySetting } from './wsl/memory-reclaim.js';

const OK = { ok: true as const };

/** `wslMemory`: the WSL2 memory-reclaim setting (tests pass their own; by default it answers UNSUPPORTED off WSL2). */
export function createVmHandlers(vm: VmManager, wslMemory: WslMemorySetting = new WslMemorySetting({ vm })): Omit<Handlers<Api>['vm'], 'image' | 'setUp'> {
  return {
    status: async () => vm.status(),
    start: async () => (await vm.start(), OK),
    stop: async (input) => (await vm.stop({ shutdown: input?.shutdown === true }), OK),
    restart: async () => (await vm.restart(), OK),
    reset: async () => (await vm.reset(), OK),
    settings: async () => vm.settings,
    setSettings: (patch) => vm.setSettings(patch),
    console: async ({ lines }) => vm.consoleTail(lines),
    forwardList: async () => vm.forwards(),
    disk: () => vm.diskUsage(),
    reclaimDisk: () => vm.reclaimDisk(),
    wslMemory: () => wslMemory.get(),
    setWslMemory: ({ mode }) => wslMemory.set(mode),
    restartWsl: async () => (await wslMemory.restartWsl(), OK),
    shell: async ({ cols, rows }, sink) => {
      if (vm.status().state !== 'running') throw new BerthError('CONFLICT', 'The Berth VM is not running — start it, then open its terminal.');
      const session = await vm.openShell({ cols, rows });
      const decoder = new StringDecoder('utf8');
      // The VM shell session offers no pause: a consumer that falls far behind is cut off by the session's hard cap.
      const batcher = new Batcher<string>(
        (parts) => {
          const text = parts.join('');
          if (text) sink.push(text);
        },
        { intervalMs: 16, maxItems: Number.POSITIVE_INFINITY, maxBytes: 64 * 1024 },
        (s) => s.length,
      );
      const offData = session.onData((b) => batcher.add(decoder.write(Buffer.from(b))));
      const offExit = session.onExit((code) => {
        batcher.add(decoder.end());
        batcher.flush();
        sink.end({ exitCode: code, shell: 'sh' });
      });
      sink.signal.addEventListener('abort', () => session.close());
      return {
        write: (d) => session.write(d),
        resize: (c, r) => session.resize({ cols: c, rows: r }),
        close: () => {
          offData();
          offExit();
          session.close();
        },
      };
    },
  };
}
