// Where a link in a terminal may lead: the web-links addon (URLs in the text) and OSC 8 hyperlinks go through one filter.
import type { ILinkHandler } from '@xterm/xterm';
import { useStore } from '../../store/index.js';
import { openExternal } from '../../ui/ExternalLink.js';

/**
 * The URL a terminal link may open: http(s) only, without credentials; undefined otherwise. A program in a
 * container writes OSC 8 links (`ESC ] 8 ;; target ST text`) whose text need not be their target, so the target is
 * checked here, and again by the desktop host's openExternal filter.
 */
export function terminalLinkTarget(uri: string): string | undefined {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  if (u.username || u.password) return undefined;
  return u.href;
}

/** Opens a terminal link through the filter, or says why not. */
export function openTerminalLink(uri: string): void {
  const target = terminalLinkTarget(uri);
  if (target === undefined) {
    useStore.getState().notify({ level: 'error', title: 'Berth did not open that terminal link', detail: `${uri.slice(0, 200)} — only http and https links without a user name or password open.` });
    return;
  }
  void openExternal(target);
}

/** xterm's handler for OSC 8 hyperlinks: the same filter as the web-links addon (xterm's default would confirm() and window.open()). */
export const oscLinkHandler: ILinkHandler = {
  activate: (_event, uri) => openTerminalLink(uri),
  allowNonHttpProtocols: false,
};
