// Terminal links (issue 13, low): OSC 8 hyperlinks and links in the text go through one filter before anything opens.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const opened = vi.hoisted(() => [] as string[]);
vi.mock('../../ui/ExternalLink.js', () => ({ openExternal: async (url: string) => void opened.push(url) }));

import { useStore } from '../../store/index';
import { openTerminalLink, oscLinkHandler, terminalLinkTarget } from './links';
import { disposeSession, termSession } from './sessions';

describe('terminal links', () => {
  beforeEach(() => {
    opened.length = 0;
    useStore.setState({ toasts: [] });
  });

  it('lets http(s) through and refuses every other scheme and credentials', () => {
    expect(terminalLinkTarget('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    expect(terminalLinkTarget('https://docs.docker.com/')).toBe('https://docs.docker.com/');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'ms-msdt:/id', 'berth://app/index.html', 'data:text/html,x', 'https://user:pw@example.com/', 'not a url', '']) {
      expect(terminalLinkTarget(bad), bad).toBeUndefined();
    }
  });

  it('opens an allowed link, and says why a refused one did not open', () => {
    openTerminalLink('https://docs.docker.com/');
    openTerminalLink('file:///etc/passwd');
    expect(opened).toEqual(['https://docs.docker.com/']);
    expect(useStore.getState().toasts.map((t) => t.title)).toEqual(['Berth did not open that terminal link']);
  });

  it("is every terminal's OSC 8 handler (not xterm's confirm-and-window.open default)", () => {
    const s = termSession('c1', 'exec', 'links-test');
    try {
      expect(s.term.options.linkHandler).toBe(oscLinkHandler);
      expect(oscLinkHandler.allowNonHttpProtocols).toBe(false);
      const click = new MouseEvent('click');
      oscLinkHandler.activate(click, 'javascript:alert(document.cookie)', { start: { x: 1, y: 1 }, end: { x: 2, y: 1 } });
      oscLinkHandler.activate(click, 'http://127.0.0.1:3000/', { start: { x: 1, y: 1 }, end: { x: 2, y: 1 } });
      expect(opened).toEqual(['http://127.0.0.1:3000/']);
    } finally {
      disposeSession('links-test');
    }
  });
});
