// The VM page against the real Berth VM: `berth serve --vm` (its own BERTH_HOME) boots the VM; the page shows the stages as
// they happen, then the engine on the VM, its shared folders and the refusal of an unshared bind, the VM's shell and
// console, a stop that saves it and a start that resumes it. It boots QEMU (TCG where KVM is
// missing: a minute or more, and heavy on a small machine), so it runs only with BERTH_E2E_VM=1.
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { RunDialog } from '../pages/RunDialog.js';
import { VmPage } from '../pages/VmPage.js';
import { serve, type Served } from '../support/serve.js';

test.skip(process.env.BERTH_E2E_VM !== '1', 'boots the real VM: run with BERTH_E2E_VM=1 (needs QEMU and a built VM image)');

test('the real VM: stages while it boots, then running; its shell and console; stop, then a resume', async ({ page }) => {
  test.setTimeout(420_000);
  const home = mkdtempSync(join(tmpdir(), 'berth-e2e-vm-'));
  const before = process.env.BERTH_HOME;
  let served: Served | undefined;
  try {
    process.env.BERTH_HOME = home;
    served = await serve(['--vm']);
    if (before === undefined) delete process.env.BERTH_HOME;
    else process.env.BERTH_HOME = before;
    await page.goto(served.url);
    const app = new BerthApp(page);
    const vm = new VmPage(page);
    await expect(app.rail).toBeVisible();
    await app.go('VM');
    await vm.expectOpen();
    // While it boots the state names the stage it waits for, with a time; it ends running, every stage with its duration.
    await expect(vm.state).toHaveText(/^(Starting — .*\(\d+(\.\d)? s|\d+ min \d+ s\)|Creating|Running)/, { timeout: 60_000 });
    await expect(vm.state).toHaveText(/^Running/, { timeout: 300_000 });
    for (const stage of ['Boot (kernel and init)', 'Guest network', 'SSH login', 'Engine answering']) {
      await expect(vm.stage(new RegExp(`^${stage.replace(/[()]/g, '\\$&')}: done, `))).toBeVisible();
    }
    await expect(app.endpoint).toContainText('Berth VM');
    await expect(app.railLink('Engine')).toContainText('up', { timeout: 60_000 });
    await expect(vm.region.getByRole('region', { name: 'About the VM' })).toContainText('docker.sock');

    // File sharing: the defaults (home and temp) mounted over SSHFS; a bind outside them is refused on its field.
    const homeDir = homedir();
    await expect(vm.share(homeDir)).toHaveAccessibleName(`${homeDir}: mounted over SSHFS`, { timeout: 30_000 });
    await expect(vm.share(tmpdir())).toHaveAccessibleName(`${tmpdir()}: mounted over SSHFS`);
    if (process.env.BERTH_E2E_SCREENSHOTS === '1') await vm.sharing.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'vm-file-sharing.png') });
    const run = new RunDialog(page);
    await run.open();
    await run.fill({ image: 'berth-test/busybox', command: 'true' });
    await run.addMount('Bind (host path)', '/srv/berth-unshared', '/data');
    await run.submit();
    await expect(run.dialog.getByRole('alert').filter({ hasText: 'not shared' })).toHaveText('/srv/berth-unshared is not shared with the Berth VM: add it under VM → File sharing');
    await run.dialog.getByRole('button', { name: 'Cancel' }).click();
    await app.go('VM');

    await vm.tab('Console');
    await expect(vm.console).not.toHaveText(/Reading the console|the console is empty/);
    await vm.tab('Terminal');
    await expect(vm.region.getByRole('status', { name: 'Terminal status' })).toContainText('Shell in the Berth VM', { timeout: 30_000 });
    const term = vm.region.getByRole('region', { name: 'Terminal of the Berth VM' });
    await term.click();
    await page.keyboard.type('echo vm-$((6*7)); uname -s\n', { delay: 5 });
    await expect.poll(() => term.locator('.xterm-rows').innerText(), { timeout: 20_000 }).toMatch(/vm-42\s+Linux/);
    if (process.env.BERTH_E2E_SCREENSHOTS === '1') await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'vm.png') });

    // Stop saves the whole VM; Start resumes it, and the page says so with the time it took.
    await vm.action('Stop').click();
    await expect(vm.state).toHaveText('Stopped', { timeout: 120_000 });
    await expect(vm.action('Start')).toBeEnabled();
    await vm.action('Start').click();
    await expect(vm.state).toHaveText(/^Running \(resumed in /, { timeout: 180_000 });
    await expect(vm.startNote).toHaveText(/^Resumed in .*: containers kept running from the last stop\.$/);
    await expect(vm.stage(/^Load the saved VM: done, /)).toBeVisible();
    // The window's engine is back at once, not after the connection's backoff.
    await expect(app.railLink('Engine')).toContainText('up', { timeout: 3000 });
    await expect(app.banner).toBeHidden();
    if (process.env.BERTH_E2E_SCREENSHOTS === '1') await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'docs', 'screenshots', 'vm-resumed.png') });
    await vm.action('Stop').click();
    await expect(vm.state).toHaveText('Stopped', { timeout: 120_000 });
  } finally {
    // SIGTERM lets the core stop the VM: it gets the minute that can take before the quick kill.
    await served?.stop(60_000);
    rmSync(home, { recursive: true, force: true });
  }
});
