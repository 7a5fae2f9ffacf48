// Links that leave Berth (published ports): in the desktop app the host opens them in the default browser; in a browser, a new tab.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { attempt } from '../lib/attempt.js';
import { useStore } from '../store/index.js';
import { client, isDesktop } from '../transport/index.js';

/** Opens a URL outside the window: `app.openExternal` on the desktop (it allows loopback ports and an allowlist), `window.open` in a browser. */
export async function openExternal(url: string): Promise<void> {
  if (!isDesktop()) {
    window.open(url, '_blank', 'noopener,noreferrer');
    return;
  }
  const r = await attempt('Open link', () => client().app.openExternal({ url }));
  if (r && !r.opened) {
    useStore.getState().notify({ level: 'error', title: 'Berth did not open that link', detail: `${url} — the desktop app opens published ports on this machine and a few known sites only.` });
  }
}

export function ExternalLink({ href, children, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || !isDesktop()) return;
    // Electron refuses new windows: the host opens the link instead.
    e.preventDefault();
    void openExternal(href);
  };
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" onClick={click} {...rest}>
      {children}
    </a>
  );
}
