// The Engine page's VM data disk card against a scripted VM (vm.disk and vm.reclaimDisk answered by the test; everything else is the real
// core): the disk's size on this computer next to what the engine uses, "Give space back" with the bytes returned, and a refusal shown.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';

const GiB = 2 ** 30;

test('the data disk card shows the disk on this computer and what "Give space back" returned', async ({ page }) => {
  let allocated = 3 * GiB;
  let refuse = false;
  const svm = await ScriptedVm.install(page, {
    initial: { state: 'running', running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 }, socketPath: '/home/you/.berth/run/docker.sock' },
    extra: {
      requests: {
        // The window's engine is the VM's (the card belongs on its Engine page); df and the rest stay the real engine's.
        'engine.status': () => ({ state: 'up', since: Date.now(), endpoint: { kind: 'vm', label: 'Berth VM', address: '/home/you/.berth/run/docker.sock' }, version: '26.1.5' }),
        'vm.disk': () => ({ file: '/home/you/.berth/vm/default/data.img', allocatedBytes: allocated, apparentBytes: 64 * GiB, guest: { sizeBytes: 63 * GiB, usedBytes: 1.5 * GiB } }),
        'vm.reclaimDisk': async () => {
          if (refuse) throw { code: 'VM_ERROR', message: 'The VM is not running; start it, then give space back.' };
          await new Promise((r) => setTimeout(r, 300));
          const before = allocated;
          allocated = 2 * GiB;
          return { reason: 'manual', at: Date.now(), durationMs: 1250, allocatedBefore: before, allocatedAfter: allocated, returnedBytes: before - allocated, trimmedBytes: 61 * GiB };
        },
      },
    },
  });
  const app = new BerthApp(page);
  await app.open();
  await app.go('Engine');
  const card = page.getByRole('region', { name: 'VM data disk' });
  await expect(card).toContainText('On this computer3 GiB of 64 GiB');
  await expect(card).toContainText('In the VM’s filesystem1.5 GiB used of 63 GiB');
  // What the real engine says it uses, once its df is read.
  await expect(card).toContainText(/Engine uses \(system df\)[\d.]+ [KMG]?i?B/);

  const give = card.getByRole('button', { name: 'Give space back' });
  await give.click();
  await expect(card.getByRole('button', { name: 'Giving space back…' })).toBeDisabled();
  await expect(card.getByRole('status', { name: 'Space given back' })).toHaveText('Gave 1 GiB back to this computer: the disk went from 3 GiB to 2 GiB (1.3 s).');
  await expect(card).toContainText('On this computer2 GiB of 64 GiB');
  expect(svm.core.callsTo('vm.reclaimDisk')).toHaveLength(1);

  refuse = true;
  await give.click();
  await expect(card.getByRole('status', { name: 'Space given back' })).toHaveText('Could not give space back: The VM is not running; start it, then give space back.');

  // A stopped VM: nothing to trim, the button says so by being off.
  await svm.stop();
  await expect(give).toBeDisabled();
});
