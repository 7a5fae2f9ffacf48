// The VM page's "Give memory back to Windows" card against a scripted WSL2 VM: WSL's default shown when .wslconfig does
// not set it, a choice saved on Apply, WSL restarted only on the person's click; hidden for the QEMU VM.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';

const running = { state: 'running' as const, stages: [], running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 } };

test('WSL2: autoMemoryReclaim chosen in the window, applied after a WSL restart the person asks for', async ({ page }) => {
  const svm = await ScriptedVm.install(page, { initial: { ...running, backend: 'wsl', accel: 'wsl', accelNote: 'CPU and memory limits come from .wslconfig' } });
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  const card = vm.wslMemory;
  await expect(card).toBeVisible();
  await expect(card.getByLabel('autoMemoryReclaim now')).toContainText('Not set: WSL’s own default applies');
  await expect(card.getByLabel('autoMemoryReclaim now')).toContainText('There is no C:\\Users\\Ann Lee\\.wslconfig');
  for (const name of [/^Off:/, /^Gradually:/, /^At once \(drop caches\):/]) await expect(card.getByRole('radio', { name })).not.toBeChecked();
  await expect(card.getByRole('radio', { name: /^Gradually:/ })).toHaveAccessibleName(/hands cached memory back to Windows little by little/);
  await expect(card.getByRole('button', { name: 'Apply' })).toBeDisabled();
  await expect(card.getByRole('status', { name: 'WSL restart needed' })).toHaveCount(0);

  await card.getByRole('radio', { name: /^Gradually:/ }).check();
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByLabel('autoMemoryReclaim now')).toHaveText('In C:\\Users\\Ann Lee\\.wslconfig: Gradually.');
  expect(svm.core.callsTo('vm.setWslMemory')).toEqual([{ mode: 'gradual' }]);
  // Nothing restarts on its own: the person is told what a restart stops, and asked.
  const note = card.getByRole('status', { name: 'WSL restart needed' });
  await expect(note).toContainText('stops every WSL distribution on this computer');
  expect(svm.wslRestarts).toBe(0);
  await note.getByRole('button', { name: 'Restart WSL now' }).click();
  await expect(note).toHaveCount(0);
  expect(svm.wslRestarts).toBe(1);
  await expect(vm.state).toContainText(/running/i);
  expect(svm.core.callsTo('vm.restartWsl')).toHaveLength(1);
});

test('the card is not shown for the QEMU VM', async ({ page }) => {
  const svm = await ScriptedVm.install(page, { initial: running });
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  await expect(vm.hostAccess).toBeVisible();
  await expect(vm.wslMemory).toHaveCount(0);
  expect(svm.core.callsTo('vm.wslMemory')).toHaveLength(0);
});
