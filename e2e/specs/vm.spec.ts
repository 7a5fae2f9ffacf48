// The VM page on `berth serve` against the local socket: the Berth VM is at hand beside that engine (not started), and the
// page says plainly which engine this window uses (the rest of the window keeps working on it).
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { VmPage } from '../pages/VmPage.js';

test('on serve against the local socket the VM is at hand, not started, and the page names the engine this window uses', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await expect(app.railLink('VM')).toContainText(/not created|stopped/);
  await app.go('VM');
  await vm.expectOpen();
  const address = (await app.endpoint.getAttribute('title'))?.split(' — ')[1] ?? '';
  expect(address).not.toBe('');
  await expect(vm.engineNote).toContainText('This window uses');
  await expect(vm.engineNote).toContainText(address);
  await expect(vm.engineNote).toContainText('berth-vm');
  await expect(vm.state).toHaveText(/Not created|Stopped/);
  await expect(vm.action('Start')).toBeEnabled();
  // The URL works on its own (a reload straight onto the page), and the other pages still work.
  await page.reload();
  await expect(vm.engineNote).toBeVisible({ timeout: 20_000 });
  await app.go('Containers');
  await expect(page.getByRole('grid', { name: 'Containers list' })).toBeVisible();
  expect(errors).toEqual([]);
});
