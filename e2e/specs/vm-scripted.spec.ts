// The VM page against a scripted VM (vm.* answered by the test through the window's WebSocket; everything else is the real
// core). The real VM cannot boot on the e2e machine; this proves the window: stages with timings and a live timer, actions,
// settings that wait for a restart, console, the VM shell, port forwards with failures, the typed reset, a failed start.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { CONSOLE, ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';

test('start with live stage timings, settings applied on restart, console, shell, forwards and reset', async ({ page }) => {
  test.setTimeout(90_000);
  const svm = await ScriptedVm.install(page);
  svm.pace = 0.25;
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await expect(app.railLink('VM')).toContainText('stopped');
  await app.go('VM');
  await expect(vm.state).toHaveText('Stopped');
  await expect(vm.action('Stop')).toBeDisabled();
  await expect(vm.region.getByRole('region', { name: 'About the VM' })).toContainText('TCG (software emulation');
  await expect(vm.region.getByRole('region', { name: 'About the VM' })).toContainText('KVM did not answer within 5 s');

  // Start: each stage says what it waits for and how long it has taken; the timer moves without new events.
  await vm.action('Start').click();
  await expect(vm.state).toContainText('Starting — ');
  await expect(app.railLink('VM')).toContainText('starting');
  await expect(vm.stage(/^SSH login: in progress/)).toBeVisible({ timeout: 10_000 });
  const t1 = await vm.state.innerText();
  await page.waitForTimeout(500);
  const t2 = await vm.state.innerText();
  expect(t2).toMatch(/waiting for the SSH login \(\d+\.\d s\)/);
  expect(t2).not.toBe(t1);
  await expect(vm.stage('Boot (kernel and init): done, 4.2 s')).toBeVisible();
  await expect(vm.stage('Engine answering: waiting')).toBeVisible();
  await expect(vm.state).toHaveText('Running (started in 20.0 s)', { timeout: 15_000 });
  await expect(vm.stage('Engine answering: done, 9.8 s')).toBeVisible();
  await expect(vm.action('Start')).toBeDisabled();
  await expect(app.railLink('VM')).toContainText('running');

  // Settings are saved now and applied on restart; the page says so until then.
  await expect(vm.settingsField('CPUs')).toHaveValue('2');
  await vm.settingsField('CPUs').fill('4');
  await vm.settingsField('Memory (MiB)').fill('4g');
  await vm.settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => svm.core.callsTo('vm.setSettings')).toEqual([{ cpus: 4, memoryMiB: 4096 }]);
  const note = vm.settings.getByRole('status', { name: 'Restart needed' });
  await expect(note).toContainText('Running with 2 CPUs, 2048 MiB memory');
  await vm.settingsField('CPUs').fill('0');
  await vm.settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(vm.settingsField('CPUs')).toHaveAttribute('aria-invalid', 'true');
  expect(svm.core.callsTo('vm.setSettings')).toHaveLength(1);
  await vm.settingsField('CPUs').fill('4');
  svm.pace = 0.05;
  await note.getByRole('button', { name: 'Restart now' }).click();
  await expect(vm.state).toHaveText(/^Running/, { timeout: 15_000 });
  await expect(note).toBeHidden({ timeout: 15_000 });
  await expect(vm.region.getByRole('region', { name: 'About the VM' })).toContainText('4 CPUs, 4096 MiB');

  // Console, then the VM's own shell.
  await vm.tab('Console');
  await expect(vm.console).toContainText(CONSOLE[CONSOLE.length - 1] as string);
  await vm.tab('Terminal');
  const term = vm.region.getByRole('region', { name: 'Terminal of the Berth VM' });
  await expect(vm.region.getByRole('status', { name: 'Terminal status' })).toContainText('Shell in the Berth VM', { timeout: 10_000 });
  await term.click();
  await page.keyboard.type('uname -r\n', { delay: 5 });
  await expect.poll(() => term.locator('.xterm-rows').innerText()).toMatch(/6\.1\.0-berth-cloud-amd64/);

  // Port forwards, a failed one with its reason.
  svm.setForwards([
    { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 18080, guestPort: 18080, containerName: 'web', origin: 'published', status: 'active' },
    { protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 5432, guestPort: 5432, containerName: 'db', origin: 'published', status: 'failed', error: { code: 'PORT_IN_USE', message: 'Port 5432 is in use by another program on this computer.' } },
  ]);
  await expect(app.notifications()).toContainText('Port 5432/tcp of db could not be forwarded to this computer');
  await vm.tab(/^Port forwards \(2, 1 failed\)$/);
  await expect(vm.forward('127.0.0.1:5432/tcp')).toContainText('Failed: Port 5432 is in use by another program');
  await expect(vm.forward('127.0.0.1:18080/tcp').getByRole('link', { name: 'Open 127.0.0.1:18080/tcp' })).toHaveAttribute('href', 'http://127.0.0.1:18080');

  // Reset needs the phrase typed, and warns that it deletes data.
  await vm.resetButton.click();
  const d = vm.resetDialog;
  await expect(d.getByRole('alert')).toContainText('This deletes your data');
  const go = d.getByRole('button', { name: 'Delete all data and reset' });
  await expect(go).toBeDisabled();
  await d.getByRole('textbox', { name: /to confirm/ }).fill('delete my dat');
  await expect(go).toBeDisabled();
  await d.getByRole('textbox', { name: /to confirm/ }).fill('delete my data');
  await go.click();
  await expect(d).toBeHidden({ timeout: 15_000 });
  await expect.poll(() => svm.core.callsTo('vm.reset')).toEqual([{ confirm: 'delete my data' }]);
});

test('a start that fails says at which stage, with the last console lines, and can start again', async ({ page }) => {
  const svm = await ScriptedVm.install(page);
  svm.failNext = {
    stage: 'ssh',
    error: { code: 'VM_ERROR', message: 'The guest did not accept an SSH login within 60 s.', consoleTail: ['berth-init: sshd: no hostkeys available -- exiting.', 'berth-init: giving up on sshd'] },
  };
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  await vm.action('Start').click();
  await expect(vm.failure).toContainText('The guest did not accept an SSH login within 60 s.', { timeout: 10_000 });
  await expect(vm.failure.getByLabel('Console at the failure')).toContainText('no hostkeys available');
  await expect(vm.state).toHaveText('Failed at “SSH login”');
  await expect(vm.stage(/^SSH login: failed/)).toBeVisible();
  await expect(app.railLink('VM')).toContainText('failed');
  await expect(vm.action('Start')).toBeEnabled();
});

test('QEMU missing (a Mac without Homebrew QEMU): the failure gives one install command to copy; a found QEMU is named', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const svm = await ScriptedVm.install(page, { durations: { boot: 40 } });
  svm.failNext = {
    stage: 'boot',
    error: { code: 'VM_ERROR', message: 'QEMU (qemu-system-aarch64) is not installed. Install it with: brew install qemu — or set BERTH_QEMU to its path.', fix: 'brew install qemu' },
  };
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  await vm.action('Start').click();
  await expect(vm.failure).toContainText('qemu-system-aarch64) is not installed', { timeout: 10_000 });
  await expect(vm.fixCommand.getByLabel('Fix command')).toHaveText('brew install qemu');
  await vm.fixCommand.getByRole('button', { name: 'Copy' }).click();
  await expect(vm.fixCommand.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('brew install qemu');

  // Installed: the page names the QEMU, the guest's architecture, and what an old QEMU lacks.
  svm.set({ state: 'running', error: undefined, guestArch: 'aarch64', emulator: { path: '/opt/homebrew/bin/qemu-system-aarch64', source: 'Homebrew', version: '6.2.0', note: 'QEMU 6.2 is older than 7.0, which macOS needs for 9p/virtiofs folder sharing' } });
  await expect(vm.failure).toBeHidden();
  await expect(vm.about).toContainText('QEMU 6.2.0 (Homebrew)');
  await expect(vm.about).toContainText('aarch64');
  await expect(vm.about.getByRole('note', { name: 'About QEMU' })).toContainText('older than 7.0');
});
