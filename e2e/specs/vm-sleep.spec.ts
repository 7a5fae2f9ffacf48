// The VM's idle sleep in the window, against a scripted VM (vm.* answered by the test; everything else is the real core):
// the VM page and the rail say Sleeping while the running VM sleeps, the wake time once awake, the idle time is a setting,
// and Stop still works.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';

test('a sleeping VM says Sleeping on the VM page and the rail, then the wake time once awake; the idle time is a setting', async ({ page }) => {
  const svm = await ScriptedVm.install(page, {
    initial: { state: 'running', running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 }, socketPath: '/home/you/.berth/run/docker.sock' },
  });
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  await expect(vm.state).toHaveText('Running');
  await expect(app.railLink('VM')).toContainText('running');

  // Idle: the core paused it.
  svm.set({ sleeping: true });
  await expect(vm.state).toHaveText('Sleeping — wakes on the next request');
  await expect(app.railLink('VM')).toContainText('sleeping');
  await expect(vm.action('Stop')).toBeEnabled();
  await expect(vm.action('Start')).toBeDisabled();

  // The first request woke it: running again, with the time the wake took.
  svm.set({ sleeping: undefined, lastWakeMs: 14 });
  await expect(vm.state).toHaveText('Running, last woke in 14 ms');
  await expect(app.railLink('VM')).toContainText('running');

  // The idle time is a setting in minutes (0 = never) that applies at once; a negative one is refused before it is sent.
  await expect(vm.settingsField('Sleep when idle (minutes)')).toHaveValue('5');
  await vm.settingsField('Sleep when idle (minutes)').fill('-1');
  await vm.settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(vm.settingsField('Sleep when idle (minutes)')).toHaveAttribute('aria-invalid', 'true');
  expect(svm.core.callsTo('vm.setSettings')).toHaveLength(0);
  await vm.settingsField('Sleep when idle (minutes)').fill('0.5');
  await vm.settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => svm.core.callsTo('vm.setSettings')).toEqual([{ sleepAfterS: 30 }]);
  await expect(page.getByText('Saved: the VM sleeps after that idle time from now on.')).toBeVisible();

  // Asleep again, Stop from the page stops it (the core wakes it first to shut the guest down).
  svm.set({ sleeping: true });
  await expect(vm.state).toHaveText('Sleeping — wakes on the next request');
  await vm.action('Stop').click();
  await expect(vm.state).toHaveText('Stopped');
  expect(svm.core.callsTo('vm.stop')).toHaveLength(1);
});
