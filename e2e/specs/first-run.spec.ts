// First run with no engine, on the real Berth VM: `berth serve` against a socket nothing answers on, with no guest image
// installed; one click builds the image (its output shown as it comes), starts the VM and makes its engine the window's.
// It builds the image with debootstrap (root, Debian's packages) and boots QEMU, so it runs only with BERTH_E2E_VM=1;
// BERTH_E2E_VM_BUILD=0 uses the installed image instead of building one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { EngineSwitcher } from '../pages/EngineSwitcher.js';
import { FirstRun } from '../pages/FirstRun.js';
import { root, serve, type Served } from '../support/serve.js';

test.skip(process.env.BERTH_E2E_VM !== '1', 'builds the guest image and boots the real VM: run with BERTH_E2E_VM=1 (root, QEMU, debootstrap)');

test('no engine answers: one click builds the VM image, starts the VM and makes berth-vm the engine', async ({ page }) => {
  const build = process.env.BERTH_E2E_VM_BUILD !== '0';
  test.setTimeout(build ? 900_000 : 480_000);
  const home = mkdtempSync(join(tmpdir(), 'berth-e2e-first-'));
  // An empty image cache: nothing installed, so the set-up builds one (kept out of the real cache, removed after).
  const cache = mkdtempSync(join(tmpdir(), 'berth-e2e-cache-'));
  const nowhere = join(home, 'nothing-here.sock');
  let served: Served | undefined;
  try {
    served = await serve(['--endpoint', `unix://${nowhere}`], { BERTH_HOME: home, ...(build ? { BERTH_VM_CACHE: cache, BERTH_VM_IMAGE: '' } : {}) });
    await page.goto(served.url);
    const app = new BerthApp(page);
    const first = new FirstRun(page);
    await expect(app.banner).toContainText('The engine is unreachable');
    await expect(app.banner).toContainText(nowhere);
    const action = build ? 'Build and start the Berth VM' : 'Start the Berth VM';
    await expect(first.button(action)).toBeEnabled();
    if (build) await expect(first.region).toContainText('builds it from Debian packages first');
    if (process.env.BERTH_E2E_SCREENSHOTS === '1') await page.screenshot({ path: join(root, 'docs', 'screenshots', 'first-run.png') });

    await first.button(action).click();
    await expect(first.button('Setting up…')).toBeDisabled();
    if (build) {
      await expect(first.step('The VM image')).toHaveAccessibleName(/^The VM image: running/);
      // The recipe's own lines, as they come.
      await expect(first.buildOutput).toContainText('build-image: debootstrap', { timeout: 60_000 });
      await expect(first.step('The VM image')).toHaveAccessibleName('The VM image: done', { timeout: 600_000 });
    }
    await expect(first.step('Start the VM')).toHaveAccessibleName(/^Start the VM: (running|done)/, { timeout: 60_000 });
    // The banner goes once the VM's engine is the window's; the top bar names it and the lists are its own.
    await expect(app.banner).toBeHidden({ timeout: 420_000 });
    const switcher = new EngineSwitcher(page);
    await expect(switcher.button).toHaveAccessibleName('Engine: berth-vm');
    await expect(app.railLink('Engine')).toContainText('up', { timeout: 30_000 });
    await expect(app.railLink('VM')).toContainText('running');
    await expect(page.getByRole('grid', { name: 'Containers list' })).toBeVisible();
    // The engine answers the docker CLI too, through the VM's socket.
    const version = execFileSync('docker', ['-H', `unix://${join(home, 'run', 'docker.sock')}`, 'version', '--format', '{{.Server.Os}}'], { encoding: 'utf8', timeout: 60_000 }).trim();
    expect(version).toBe('linux');
  } finally {
    // SIGTERM lets the core stop the VM: it gets the minute that can take before the quick kill.
    await served?.stop(60_000);
    rmSync(home, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  }
});
