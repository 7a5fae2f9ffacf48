// Hostile strings (markup, ANSI/OSC escapes, control and bidi characters, huge values, invalid UTF-8, a 90,000-character
// line) in labels, env values, a commit message and logs: shown as inert text; no element injected, no dialog, no script run.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainerPage } from '../pages/ContainerPage.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { ImagesPage } from '../pages/ImagesPage.js';
import { BUSYBOX, cleanup, docker, dockerQuiet, TEST_LABEL, unique } from '../support/docker.js';

/** Each payload, if it ever ran, would set window.__pwned (or open a dialog). */
const HOSTILE = {
  script: '<script>window.__pwned="script"</script>',
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  svg: '<svg/onload=alert("svg")>',
  link: '<a href="javascript:window.__pwned=\'a\'">click</a>',
  ansi: '\x1b[31mred\x1b[0m \x1b]0;PWNED-TITLE\x07 \x1b]8;;javascript:alert(1)\x1b\\osc8\x1b]8;;\x1b\\ \x1b[2J\x1b[H',
  control: 'bell\x07 bs\x08 cr\r vt\x0b ff\x0c esc\x1b del\x7f end',
  rtl: 'invoice\u202Efdp.exe and \u2066isolate\u2069',
  long: `long-${'L'.repeat(20_000)}-end`,
};

const names: string[] = [];
const volumes: string[] = [];
const images: string[] = [];
const container = unique('hostile');
const volume = unique('hostile-vol');
const image = `berth-e2e/${unique('hostile-img')}:1`;

/** Everything the window must never do, recorded from the start of the page. */
async function watch(page: Page): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    // zod probes `new Function` once (blocked: 'eval'); anything else blocked would be an injection attempt reaching the DOM.
    document.addEventListener('securitypolicyviolation', (e) => {
      if (e.blockedURI !== 'eval') w.__csp.push(`${e.violatedDirective} ${e.blockedURI}: ${e.sample}`);
    });
  });
  return { dialogs };
}

/** Nothing ran and nothing was injected: no flag, no CSP report, no script/handler/javascript: link in the body. */
async function expectInert(page: Page, dialogs: string[], title: string): Promise<void> {
  const facts = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __csp: string[] };
    return {
      pwned: w.__pwned,
      csp: w.__csp,
      scripts: document.body.querySelectorAll('script').length,
      handlers: [...document.body.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      jsLinks: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
      injected: document.body.querySelectorAll('img[src="x"], svg[onload], iframe, object, embed').length,
    };
  });
  expect(facts).toEqual({ pwned: undefined, csp: [], scripts: 0, handlers: 0, jsLinks: 0, injected: 0 });
  expect(dialogs).toEqual([]);
  expect(await page.title()).toBe(title);
}

test.beforeAll(() => {
  const labels = Object.entries(HOSTILE).flatMap(([k, v]) => ['--label', `hostile.${k}=${v}`]);
  const env = Object.entries(HOSTILE).flatMap(([k, v]) => ['-e', `H_${k.toUpperCase()}=${v}`]);
  // The log: markup and escapes from the env, OSC title/hyperlink, invalid UTF-8, a 90,000-character line, then a marker.
  const script = String.raw`
    for v in "$H_SCRIPT" "$H_IMG" "$H_SVG" "$H_LINK" "$H_RTL" "$H_CONTROL"; do echo "log: $v"; done
    printf '\033]0;PWNED-TITLE\007title-set-attempt\n'
    printf '\033]2;PWNED-TITLE2\033\\title-set-attempt-2\n'
    printf '\033]8;;javascript:alert(1)\033\\osc8-link\033]8;;\033\\\n'
    printf '\033[31mred\033[0m \033[?1049h\033[2J alt-screen-attempt\n'
    printf 'invalid utf8: \377\376\303\050\340\200 end\n'
    head -c 90000 /dev/zero | tr '\0' 'y'; echo
    echo hostile-log-end
    sleep 3600`;
  names.push(container);
  docker('run', '-d', '--label', TEST_LABEL, ...labels, ...env, '--name', container, BUSYBOX, 'sh', '-c', script);
  volumes.push(volume);
  docker('volume', 'create', '--label', TEST_LABEL, ...labels, volume);
  // An image whose labels, env and history (the commit message) carry the same strings.
  const base = unique('hostile-base');
  names.push(base);
  docker('create', '--label', TEST_LABEL, '--name', base, BUSYBOX, 'true');
  const changes = [`LABEL hostile.script="${HOSTILE.script.replace(/"/g, '\\"')}" hostile.rtl="${HOSTILE.rtl}"`, `ENV H_IMG="${HOSTILE.img.replace(/"/g, '\\"')}"`];
  images.push(image);
  execFileSync('docker', ['commit', ...changes.flatMap((c) => ['--change', c]), '-m', `${HOSTILE.script} ${HOSTILE.ansi}`, base, image], { stdio: 'ignore' });
});

test.afterAll(() => {
  cleanup({ names, volumes, images });
  for (const i of images) dockerQuiet('rmi', '-f', i);
});

test('hostile labels, env and logs of a container are inert text; list, inspect and logs still render', async ({ page }) => {
  test.setTimeout(120_000);
  const { dialogs } = await watch(page);
  const app = new BerthApp(page);
  await app.open();
  const title = await page.title();
  const list = new ContainersPage(page);
  await list.expectState(container, 'Running');
  await list.open(container);
  const c = new ContainerPage(page, container);
  await c.expectOpen();

  // Logs: every line arrives, markup as text, the 90,000-character line and what follows it shown.
  await expect(c.logs).toContainText('hostile-log-end', { timeout: 30_000 });
  await expect(c.logs).toContainText(`log: ${HOSTILE.script}`);
  await expect(c.logs).toContainText(`log: ${HOSTILE.img}`);
  await expect(c.logs).toContainText('title-set-attempt-2');
  await expect(c.logs).toContainText('osc8-link');
  await expect(c.logs).toContainText(/invalid utf8: .* end/);
  await expect(c.logs).toContainText('y'.repeat(200));
  // Controls are shown, not obeyed: the title attempt is visible text (the page title is unchanged, below), bidi
  // controls cannot reorder the line, and each escape (\x1B, \u202E: any font draws them) is drawn apart (class ctl).
  await expect(c.logs).toContainText('\\x1B]0;PWNED-TITLE\\x07title-set-attempt');
  await expect(c.logs).toContainText('log: invoice\\u202Efdp.exe and \\u2066isolate\\u2069');
  await expect(c.logs).toContainText('log: bell\\x07 bs\\x08 cr\\x0D vt\\x0B ff\\x0C esc\\x1B del\\x7F end');
  await expect(c.logs.locator('.ctl', { hasText: '\\u202E' }).first()).toBeVisible();
  const logText = await c.logs.innerText();
  // No control character reaches the page as such (only colours are obeyed): no ESC, BEL or bidi control in the text.
  // eslint-disable-next-line no-control-regex
  expect(logText).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  await expect(c.logs.getByRole('link')).toHaveCount(0);
  await expectInert(page, dialogs, title);

  // Inspect: the values are there, as text.
  await c.tab('Inspect');
  const envCard = page.getByRole('region', { name: 'Environment' });
  await expect(envCard).toContainText(`H_SCRIPT=${HOSTILE.script}`);
  await expect(envCard).toContainText(`H_IMG=${HOSTILE.img}`);
  await expect(envCard).toContainText(`hostile.link=${HOSTILE.link}`);
  await expect(envCard).toContainText('-end');
  // Hidden characters are shown, not obeyed: a bidi override cannot make "fdp.exe" read "exe.pdf", controls are pictures.
  await expect(envCard).toContainText('hostile.rtl=invoice⟦U+202E⟧fdp.exe and ⟦U+2066⟧isolate⟦U+2069⟧');
  await expect(envCard).toContainText('H_CONTROL=bell␇ bs␈ cr␍ vt␋ ff␌ esc␛ del␡ end');
  await expect(envCard).toContainText('hostile.ansi=␛[31mred␛[0m ␛]0;PWNED-TITLE␇');
  await expectInert(page, dialogs, title);
  await expectNoHorizontalOverflow(page);

  // Back to the list: it still renders, and the row is intact.
  await app.go('Containers');
  await list.expectState(container, 'Running');
  await expectInert(page, dialogs, title);
});

test('hostile volume labels and image labels, env and history are inert text', async ({ page }) => {
  const { dialogs } = await watch(page);
  const app = new BerthApp(page);
  await app.open();
  const title = await page.title();

  await app.go('Volumes');
  const vols = page.getByRole('grid', { name: 'Volumes list' });
  await expect(vols.getByRole('row', { name: volume, exact: true })).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: `Inspect volume ${volume}` }).click();
  const json = page.getByLabel(/JSON$/);
  await expect(json).toContainText(JSON.stringify(HOSTILE.script));
  await expect(json).toContainText(JSON.stringify(HOSTILE.img));
  await expect(json).toContainText('"hostile.rtl": "invoice⟦U+202E⟧fdp.exe');
  await expectInert(page, dialogs, title);
  await page.keyboard.press('Escape');

  await app.go('Images');
  const imgs = new ImagesPage(page);
  await imgs.expectRow(image);
  await imgs.row(image).getByRole('button', { name: image.split(':')[0], exact: true }).click();
  const region = page.getByRole('region', { name: `Image ${image}` });
  await expect(region.getByRole('region', { name: 'Environment' })).toContainText(`hostile.script=${HOSTILE.script}`);
  await expect(region.getByRole('region', { name: 'Environment' })).toContainText(`H_IMG=${HOSTILE.img}`);
  await expect(region.getByRole('region', { name: 'Environment' })).toContainText('hostile.rtl=invoice⟦U+202E⟧fdp.exe');
  await expect(region.getByRole('table', { name: 'Image history' })).toBeVisible();
  await expectInert(page, dialogs, title);
  await expectNoHorizontalOverflow(page);
});

/** A 20,000-character value wraps inside its card instead of widening the page. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const pageEl = document.querySelector('.page');
    return { scroll: pageEl?.scrollWidth ?? 0, client: pageEl?.clientWidth ?? 0 };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client + 1);
}
