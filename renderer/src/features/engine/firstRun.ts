// What the window offers where no engine has answered yet: the Berth VM in one click (its image built first when missing), or why not (pure).
import type { EngineEntry } from '../../../../app/engines.js';
import type { EngineStatus } from '../../../../app/model.js';
import type { VmImageState, VmSetUpStep } from '../../../../app/vm-setup.js';
import type { VmStatus } from '../../../../app/vm.js';
import type { Support } from '../../lib/support.js';

export interface FirstRunInput {
  engine: EngineStatus | undefined;
  /** An engine has answered in this window since it opened (an outage after that is the banner's, not a first run). */
  everUp: boolean;
  vmSupport: Support;
  vm: VmStatus | undefined;
  image: VmImageState | undefined;
  engines: readonly EngineEntry[];
  currentId: string | undefined;
}

export interface FirstRunOffer {
  /** The one button; absent when Berth cannot set the VM up here (then `command` says what a person runs). */
  action?: string;
  /** What the button does: switch to the VM's engine that answers already (its id), or set the VM up (vm.setUp). */
  switchTo?: string;
  /** What the click does, in a sentence. */
  text: string;
  command?: string;
  /** Other engines that answer: switching to one is the quicker way out. */
  others: { id: string; name: string }[];
}

/** The offer, or undefined when the window has nothing to offer (an engine answers, it is only an outage, no VM here). */
export function firstRunOffer(i: FirstRunInput): FirstRunOffer | undefined {
  if (i.everUp || i.engine?.state !== 'down' || i.vmSupport !== 'yes') return undefined;
  // The VM on its way up (started by the app, `berth vm start`, a set-up in another window): the banner says so.
  if (i.vm && (i.vm.state === 'starting' || i.vm.state === 'creating')) return undefined;
  const others = i.engines.filter((e) => e.state === 'up' && e.id !== i.currentId).map((e) => ({ id: e.id, name: e.name }));
  const vmEngine = i.engines.find((e) => e.source === 'vm');
  if (vmEngine && vmEngine.state === 'up' && vmEngine.id !== i.currentId) {
    return { action: `Use ${vmEngine.name}`, switchTo: vmEngine.id, text: 'The Berth VM is running: its engine can be this window\'s.', others: others.filter((o) => o.id !== vmEngine.id) };
  }
  if (!i.image) return { text: 'Looking for the Berth VM\'s image…', others };
  if (i.image.state === 'ready') {
    return { action: 'Start the Berth VM', text: `Berth can run its own Docker engine in a small VM (${i.image.arch}, image ${i.image.version}), and make it this window's engine.`, others };
  }
  if (i.image.build.possible) {
    return {
      action: 'Build and start the Berth VM',
      text: `Berth can run its own Docker engine in a small VM. Its ${i.image.arch} image is not installed yet: Berth builds it from Debian packages first (a minute or a few, once), then starts the VM and makes it this window's engine.`,
      ...(i.image.build.command ? { command: i.image.build.command } : {}),
      others,
    };
  }
  return { text: `${i.image.reason} ${i.image.build.why ?? ''}`.trim(), ...(i.image.build.command ? { command: i.image.build.command } : {}), others };
}

/** The set-up's steps as the window lists them, with the one under way. */
export const SETUP_STEPS: { step: VmSetUpStep; label: string }[] = [
  { step: 'image', label: 'The VM image' },
  { step: 'start', label: 'Start the VM' },
  { step: 'engine', label: 'Use its engine' },
];

/** The words beside the step under way: the build's last line, or the VM's start stage. */
export function stepDetail(step: VmSetUpStep, lastLine: string | undefined, vm: VmStatus | undefined): string {
  if (step === 'image') return lastLine ? lastLine.replace(/^build-image:\s*/, '') : 'checking the installed image';
  if (step === 'start') {
    if (vm?.stage) return `${vm.stage}…`;
    return vm?.state === 'running' ? 'running' : 'starting';
  }
  return 'switching';
}
