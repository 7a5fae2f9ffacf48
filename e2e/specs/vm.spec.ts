// The VM page on `berth serve` against the local socket: the core answers vm.* with UNSUPPORTED, and the page says plainly
// which engine this window talks to instead of breaking (the rest of the window keeps working).
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { VmPage } from '../pages/VmPage.js';

test('on serve against the local socket the VM page says the VM is not in use, and names the endpoint', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const app = new BerthApp(page);
  const vm = new VmPage(page);
  await app.open();
  await expect(app.railLink('VM')).toContainText('not in use');
  await app.go('VM');
  await vm.expectOpen();
  const address = (await app.endpoint.getAttribute('title'))?.split(' — ')[1] ?? '';
  expect(address).not.toBe('');
  await expect(vm.notInUse).toContainText(`The Berth VM is not in use: this window talks to`);
  await expect(vm.notInUse).toContainText(address);
  // Nothing to press that would fail.
  await expect(vm.region.getByRole('button')).toHaveCount(0);
  // The URL works on its own (a reload straight onto the page), and the other pages still work.
  await page.reload();
  await expect(vm.notInUse).toBeVisible({ timeout: 20_000 });
  await app.go('Containers');
  await expect(page.getByRole('grid', { name: 'Containers list' })).toBeVisible();
  expect(errors).toEqual([]);
});
