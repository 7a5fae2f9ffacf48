// When closing a dock tab deserves a question, and how its terminal session is keyed (pure).
import type { TermStatus } from '../terminal/sessions.js';
import type { DockKind } from './slice.js';

export function isTerminalKind(k: DockKind): k is 'exec' | 'attach' | 'vm' | 'host' {
  return k !== 'logs';
}

/** Ask only when a process is still running in the tab: a terminal that is open (or opening). A log follower never asks. */
export function closeNeedsAsk(kind: DockKind, status: TermStatus | undefined): boolean {
  return isTerminalKind(kind) && (status === 'open' || status === 'connecting');
}

export function dockSessionKey(tabId: string): string {
  return `dock:${tabId}`;
}
