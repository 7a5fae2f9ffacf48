// Resume in the window, against a scripted VM (vm.* answered by the test; everything else is the real core): a resumed VM
// says so with the time it took and skips the network stage, a cold boot says why it did not resume, and the setting
// that chooses between saving and a clean shutdown is a checkbox.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';

const done = (stage: 'boot' | 'network' | 'ssh' | 'engine', startedAtMs: number, durationMs: number) => ({ stage, startedAtMs, durationMs, status: 'done' as const });

test('a resumed VM says Resumed with its time, a cold boot says why, and keeping containers running is a setting', async ({ page }) => {
  const svm = await ScriptedVm.install(page, {
    initial: {
      state: 'running',
      running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 },
      socketPath: '/home/you/.berth/run/docker.sock',
      stages: [done('boot', 0, 700), done('ssh', 700, 450), done('engine', 1150, 50)],
      lastStart: { how: 'resumed', ms: 1200 },
    },
  });
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  await expect(vm.state).toHaveText('Running (resumed in 1.2 s)');
  await expect(vm.startNote).toHaveText('Resumed in 1.2 s: containers kept running from the last stop.');
  await expect(vm.stage(/^Load the saved VM: done/)).toBeVisible();
  await expect(vm.stages.getByRole('listitem')).toHaveCount(3);

  // The next start could not resume: it booted, and the page says why.
  svm.set({
    stages: [done('boot', 0, 4000), done('network', 4000, 3000), done('ssh', 7000, 1000), done('engine', 8000, 9000)],
    lastStart: { how: 'booted', ms: 17_000, coldReason: 'it was saved with another memory size (2048 then, 4096 now)' },
  });
  await expect(vm.startNote).toHaveText('Booted in 17.0 s instead of resuming: it was saved with another memory size (2048 then, 4096 now).');
  await expect(vm.stages.getByRole('listitem')).toHaveCount(4);

  // Keeping containers running across restarts is on by default; unticked and saved, the next stop shuts down cleanly.
  await expect(vm.keepRunning).toBeChecked();
  await vm.keepRunning.uncheck();
  await vm.settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => svm.core.callsTo('vm.setSettings')).toEqual([{ keepContainersRunning: false }]);
  await expect(page.getByText('Saved: from the next stop the VM is shut down cleanly.')).toBeVisible();
});
