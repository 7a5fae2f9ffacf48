// The frame: `/` focuses the filter and it narrows the list; Ctrl+K opens the command palette; the rail shows counts and state.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { ContainersPage } from '../pages/ContainersPage.js';
import { BUSYBOX, cleanup, docker, TEST_LABEL, unique } from '../support/docker.js';

test.afterAll(() => cleanup());

test('filter with `/`, the palette with Ctrl+K, counts in the rail', async ({ page }) => {
  const app = new BerthApp(page);
  const list = new ContainersPage(page);
  await app.open();
  const a = unique('alpha');
  const b = unique('bravo');
  docker('run', '-d', '--label', TEST_LABEL, '--name', a, BUSYBOX, 'sleep', '300');
  docker('create', '--label', TEST_LABEL, '--name', b, BUSYBOX);
  await list.expectState(a, 'Running');
  await list.expectState(b, 'Created');
  await expect(app.railLink('Containers')).toContainText(/\d+\/\d+/);
  await expect(app.railLink('Engine')).toContainText('up');

  await page.locator('body').press('/');
  await expect(app.filter).toBeFocused();
  await page.keyboard.type(a);
  await expect(list.row(a)).toBeVisible();
  await expect(list.row(b)).toHaveCount(0);
  await app.filter.press('Escape');
  await expect(list.row(b)).toBeVisible();

  await page.locator('body').press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await palette.getByRole('textbox', { name: 'Command' }).fill(`shell ${a}`);
  await expect(palette.getByRole('option', { name: `Open shell in ${a}` })).toBeVisible();
  await palette.getByRole('textbox', { name: 'Command' }).fill('pull');
  await palette.getByRole('textbox', { name: 'Command' }).press('Enter');
  await expect(page.getByRole('dialog', { name: 'Pull an image' })).toBeVisible();
  await expect(app.railLink('Images')).toHaveAttribute('aria-current', 'page');
});
