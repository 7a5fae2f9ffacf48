// Figure 11.switch: another engine chosen in the window's top bar -> its container list painted, both engines connected.
import type { Page } from 'playwright-core';
import { importBusyboxImage } from '../main/core/testing/busybox-image.js';
import type { SecondDockerd } from '../main/core/testing/second-dockerd.js';
import { launchBrowser, newProbedPage, rowSeen, watchRow, whatPageShows } from './lib/browser.js';
import { withCore } from './lib/core.js';
import { BENCH_LABEL, docker, RUN_ID } from './lib/docker.js';
import { figure, summarize } from './lib/stats.js';
import type { BenchOptions, Figure } from './lib/types.js';

/** Chooses `engine` in the switcher; answers ms from the click to the frame that paints `row` of that engine's list. */
async function switchTo(page: Page, engine: string, row: string): Promise<number> {
  await page.evaluate((n) => Reflect.deleteProperty(window.__bench.rows, n), row);
  await page.getByRole('banner').getByRole('button', { name: /^Engine/ }).click();
  const option = page.getByRole('listbox', { name: 'Engines' }).getByRole('option', { name: new RegExp(`^${engine} — `) });
  await option.waitFor();
  await watchRow(page, row);
  const t0 = await option.evaluate((el) => {
    const t = performance.now();
    (el as HTMLElement).click();
    return t;
  });
  const seen = await rowSeen(page, row, 30_000);
  return seen.paintedPerf - t0;
}

/** Runs against its own berth serve whose DOCKER_CONFIG names the second engine as the docker context `context`. */
export async function switchFigure(opts: BenchOptions, second: SecondDockerd, config: string, context: string): Promise<Figure> {
  const repeats = opts.quick ? 3 : 20;
  const image = `berth-bench/switch:${RUN_ID}`;
  const names = { host: `berth-bench-switch-host-${RUN_ID}`, second: `berth-bench-switch-second-${RUN_ID}` };
  importBusyboxImage(image, { host: second.url });
  const onSecond = await second.docker.createContainer({ name: names.second, Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
  const hostImage = importBusyboxImage(image);
  const onHost = await docker.createContainer({ name: names.host, Image: hostImage, Cmd: ['true'], Labels: { [BENCH_LABEL]: RUN_ID } });
  try {
    const run = await withCore(
      opts,
      'switch',
      async (served) => {
        const browser = await launchBrowser();
        try {
          const page = await newProbedPage(browser);
          await page.goto(served.openUrl);
          await watchRow(page, names.host);
          await rowSeen(page, names.host, 60_000).catch(async (e: unknown) => {
            throw new Error(`the window never showed ${names.host}: ${await whatPageShows(page, e)}`);
          });
          // The first switch connects the second engine (a fresh connection, its model's first listing).
          const first = await switchTo(page, context, names.second);
          await switchTo(page, 'default', names.host);
          const warm: number[] = [];
          for (let i = 0; i < repeats; i++) {
            warm.push(await switchTo(page, context, names.second));
            warm.push(await switchTo(page, 'default', names.host));
          }
          return { first, warm };
        } finally {
          await browser.close();
        }
      },
      { DOCKER_CONFIG: config },
    );
    const v = run.value;
    return figure({
      id: '11.switch',
      title: 'another engine chosen in the top bar -> its container list painted (both engines connected)',
      unit: 'ms',
      better: 'lower',
      berth: summarize(v.warm),
      absTarget: { max: 100, on: 'p95', text: 'p95 <= 100 ms' },
      extra: { 'first switch to the second engine (connects it), ms': Math.round(v.first) },
      notes: [
        'Timed in Chromium through berth serve: from the click on the engine in the switcher to the frame that paints the chosen engine\'s container (rAF + task after the row is in the DOM), alternating between the host\'s dockerd and the second dockerd.',
        'Once connected: the pool keeps the engine switched away from for 30 s, so each switch is engines.use (answered from the live connection) plus the containers list asked of that engine.',
      ],
    });
  } finally {
    await onHost.remove({ force: true }).catch(() => undefined);
    await onSecond.remove({ force: true }).catch(() => undefined);
    await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  }
}
