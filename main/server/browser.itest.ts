// H1 (issue 13) in a real browser: Debian Chromium opens the printed URL of `berth serve` (the built renderer, dist/renderer, on a real
// engine); the token moves from the fragment to sessionStorage, survives a reload and opens a second tab, and a web server on another
// loopback port that the page links to receives nothing usable: no cookie, no token in any header or URL.
import { existsSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../core/api.js';
import { startCore } from '../core/testing/engine.js';
import { startServer, type RunningServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const RENDERER = resolve(import.meta.dirname, '../../dist/renderer');

/** Counts the contract messages a page's WebSockets receive: `hello` once a socket is accepted, `res` for each answer. */
function watchSockets(page: Page): { hello: number; res: number } {
  const seen = { hello: 0, res: 0 };
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : f.payload.toString();
      if (text.startsWith('{"t":"hello"')) seen.hello++;
      if (text.startsWith('{"t":"res"')) seen.res++;
    }),
  );
  return seen;
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens `url` in `page` and waits until its window is connected: a socket accepted and a request answered. */
async function openConnected(page: Page, url: string, seen = watchSockets(page)): Promise<void> {
  await page.goto(url);
  await until(`the window at ${url} to connect`, () => seen.hello > 0 && seen.res > 0);
}

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
}

describe('berth serve in a browser: the token reaches only its own server', () => {
  let core: Core;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let other: Server;
  let otherUrl = '';
  const received: Received[] = [];

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error(`no built renderer at ${RENDERER}: run \`npm run build\` first`);
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (bash scripts/setup-env.sh)`);
    core = await startCore();
    server = await startServer({ core, staticDir: RENDERER });
    // Another local web server, as a container's published port would be: it records everything it is sent.
    other = createServer((req, res) => {
      received.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>a container</title>');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    context = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => other?.close(r));
    await server?.close();
    core?.dispose();
  });

  it('moves the token from the fragment into sessionStorage, off the address bar, and sets no cookie', async () => {
    const page = await context.newPage();
    await openConnected(page, server.openUrl);
    expect(page.url()).not.toContain(server.token);
    expect(await page.evaluate(() => sessionStorage.getItem('berth.token'))).toBe(server.token);
    expect(await context.cookies()).toEqual([]);
  });

  it('keeps working after a reload (sessionStorage) and in a second tab opened from the printed URL', async () => {
    const page = context.pages()[0] as Page;
    const seen = watchSockets(page);
    await page.reload();
    await until('the reloaded window to connect', () => seen.hello > 0 && seen.res > 0);
    const second = await context.newPage();
    await openConnected(second, server.openUrl);
    // Two entries, about:blank and this page: replaceState rewrote the entry that held the token instead of adding one.
    expect(second.url()).not.toContain(server.token);
    expect(await second.evaluate(() => history.length)).toBe(2);
    await second.close();
  });

  it('sends nothing usable to another loopback server the page links to (window.open, a link, navigating away)', async () => {
    const page = context.pages()[0] as Page;
    await page.evaluate((u) => window.open(`${u}/opened`, '_blank', 'noopener,noreferrer'), otherUrl);
    await page.evaluate((u) => {
      const a = document.createElement('a');
      Object.assign(a, { href: `${u}/linked`, target: '_blank', rel: 'noopener noreferrer', textContent: 'published port' });
      document.body.append(a);
      a.click();
    }, otherUrl);
    await until('both new tabs to load', () => received.filter((r) => r.url === '/opened' || r.url === '/linked').length >= 2);
    await page.evaluate((u) => location.assign(`${u}/navigated`), otherUrl);
    await until('the navigation to arrive', () => received.some((r) => r.url === '/navigated'));
    for (const r of received) {
      expect(r.headers.cookie, r.url).toBeUndefined();
      expect(JSON.stringify(r), r.url).not.toContain(server.token);
    }
  });

  it('opens no connection for a tab without the token, nor with a wrong one; the old ?token= URL still leads in', async () => {
    const fresh = await browser.newContext();
    const bare = await fresh.newPage();
    const bareSeen = watchSockets(bare);
    await bare.goto(server.url);
    await bare.getByRole('alert', { name: 'Access token needed' }).waitFor({ timeout: 20_000 });
    const wrong = await fresh.newPage();
    const wrongSeen = watchSockets(wrong);
    await wrong.goto(`${server.url}#token=${'x'.repeat(32)}`);
    await new Promise((r) => setTimeout(r, 3000));
    expect(bareSeen).toEqual({ hello: 0, res: 0 });
    expect(wrongSeen).toEqual({ hello: 0, res: 0 });
    const legacy = await fresh.newPage();
    await openConnected(legacy, `${server.url}?token=${server.token}`);
    expect(legacy.url()).not.toContain(server.token);
    expect(await fresh.cookies()).toEqual([]);
    await fresh.close();
  });
});
