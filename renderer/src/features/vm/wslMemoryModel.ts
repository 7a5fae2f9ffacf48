// The "Give memory back to Windows" card's logic (pure): WSL2's autoMemoryReclaim choices, what each does, what the file says now.
import type { VmStatus, WslMemoryReclaim, WslMemoryReclaimMode } from '../../../../app/vm.js';

export interface ReclaimChoice {
  mode: WslMemoryReclaimMode;
  label: string;
  /** One sentence on what WSL then does. */
  what: string;
}

export const RECLAIM_CHOICES: readonly ReclaimChoice[] = [
  { mode: 'disabled', label: 'Off', what: 'Memory the VM’s file cache holds stays with WSL until it stops; only memory Linux frees goes back.' },
  { mode: 'gradual', label: 'Gradually', what: 'Once the VM’s CPU has been idle for a while, WSL hands cached memory back to Windows little by little.' },
  {
    mode: 'dropcache',
    label: 'At once (drop caches)',
    what: 'Once the VM’s CPU has been idle for a while, WSL drops the whole file cache: the most memory back, and files are read from disk again afterwards.',
  },
];

/** What WSL does when the file does not set it (found in Microsoft's notes and WSL's source). */
export const WSL_DEFAULT_NOTE = 'Not set: WSL’s own default applies — at once (drop caches) on current WSL, off on WSL 2.0 to 2.1.';

export const RESTART_NOTE = 'Applies after WSL restarts. Restarting WSL stops every WSL distribution on this computer, not only Berth’s; Berth’s VM starts again after.';

export interface WslMemoryView {
  /** The choice to tick: the file's value, or none when not set or unknown. */
  selected: WslMemoryReclaimMode | undefined;
  /** What the file says now, in words. */
  current: string;
  /** Things in the file to know about (a value WSL does not know, duplicates it ignores). */
  warnings: string[];
  restartNote: string | undefined;
}

export const labelOf = (mode: WslMemoryReclaimMode): string => RECLAIM_CHOICES.find((c) => c.mode === mode)?.label ?? mode;

/** The card shows only for the WSL2 VM (the core answers UNSUPPORTED elsewhere). */
export const showsWslMemory = (status: VmStatus | undefined): boolean => status?.backend === 'wsl';

export function wslMemoryView(s: WslMemoryReclaim): WslMemoryView {
  const warnings: string[] = [];
  if (s.unknownValue !== undefined) {
    warnings.push(`The file says autoMemoryReclaim=${s.unknownValue}, which WSL does not know: it warns and uses its default. Choosing below replaces it.`);
  }
  if (s.ignoredDuplicates > 0) {
    warnings.push(`autoMemoryReclaim is in the file ${s.ignoredDuplicates + 1} times; WSL reads the first and ignores the rest. Berth changes the first.`);
  }
  return {
    selected: s.mode,
    current: s.mode ? `In ${s.path}: ${labelOf(s.mode)}.` : s.exists ? `${WSL_DEFAULT_NOTE} (${s.path} does not set it.)` : `${WSL_DEFAULT_NOTE} (There is no ${s.path}; Berth creates it when you apply a choice.)`,
    warnings,
    restartNote: s.restartNeeded ? RESTART_NOTE : undefined,
  };
}

/** Whether Apply has anything to do. */
export const canApply = (s: WslMemoryReclaim | undefined, choice: WslMemoryReclaimMode | undefined): boolean => s !== undefined && choice !== undefined && choice !== s.mode;

export const savedMessage = (mode: WslMemoryReclaimMode): string => `Saved “${labelOf(mode)}” in .wslconfig: it applies after WSL restarts.`;
