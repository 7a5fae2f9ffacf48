// The VM page's "Containers and this computer" card against a scripted VM: closed by default, a port list checked as typed, applied at once.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ScriptedVm } from '../pages/ScriptedVm.js';
import { VmPage } from '../pages/VmPage.js';

test('containers reach this computer only by choice: none by default, some ports, all, applied without a restart', async ({ page }) => {
  const svm = await ScriptedVm.install(page, {
    initial: { state: 'running', stages: [], running: { cpus: 2, memoryMiB: 2048, diskGiB: 64 }, hostAccess: { applied: { mode: 'none' }, hostAddress: '10.0.2.2' } },
  });
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await app.go('VM');
  const card = vm.hostAccess;
  await expect(card.getByRole('radio', { name: /^No: only what containers publish/ })).toBeChecked();
  await expect(card.getByLabel('Host access in force')).toContainText('cannot reach services on this computer');
  await expect(card.getByRole('button', { name: 'Apply' })).toBeDisabled();

  // A port list is checked before anything is sent; the error names the bad entry.
  await card.getByRole('radio', { name: 'Only these ports' }).check();
  const ports = card.getByLabel('Host ports containers may open');
  await ports.fill('5432, postgres');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByText('"postgres" is not a port number.')).toBeVisible();
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  expect(svm.settings.hostAccess).toBeUndefined();
  await ports.fill('70000');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByText('70000 is not a port: ports go from 1 to 65535.')).toBeVisible();

  await ports.fill('5432, 6379');
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByLabel('Host access in force')).toHaveText('In force: Containers reach host.docker.internal on ports 5432, 6379 only.');
  expect(svm.settings.hostAccess).toEqual({ mode: 'ports', ports: [5432, 6379] });
  await expect(card).toContainText('open only what your containers need');
  // No restart is asked for.
  await expect(vm.region.getByRole('status', { name: /restart needed/i })).toHaveCount(0);

  await card.getByRole('radio', { name: /^Yes: every service/ }).check();
  await card.getByRole('button', { name: 'Apply' }).click();
  await expect(card.getByLabel('Host access in force')).toContainText('every service on this computer');
  expect(svm.settings.hostAccess).toEqual({ mode: 'all' });
});
