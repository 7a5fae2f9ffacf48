// The settings page on `berth serve`: settings.* answers UNSUPPORTED, so the page says settings are stored by the desktop
// app and shows what is in effect (endpoint, engine, theme), without a diagnostics button or a host terminal. The desktop
// side is checked with settings.* scripted through the window's WebSocket (the real core serves everything else).
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { Dock } from '../pages/Dock.js';
import { ScriptedCore } from '../pages/ScriptedCore.js';
import { SettingsPage } from '../pages/SettingsPage.js';

test('on serve the settings page says they live in the desktop app, with the read-only facts', async ({ page }) => {
  const app = new BerthApp(page);
  const settings = new SettingsPage(page);
  await app.open();
  await app.go('Settings');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(settings.storedElsewhere).toContainText('Settings are stored by the desktop app');
  const address = (await app.endpoint.getAttribute('title'))?.split(' — ')[1] ?? '';
  await expect(settings.facts).toContainText(address);
  await expect(settings.facts).toContainText('A browser on berth serve');
  await expect(settings.facts).toContainText(/follows the system \(now (light|dark)\)/);
  // Desktop-only things are not offered here.
  await expect(settings.exportDiagnostics).toHaveCount(0);
  await expect(settings.theme('Dark')).toHaveCount(0);
  await app.dockButton.click();
  const dock = new Dock(page);
  await expect(dock.region).toBeVisible();
  await expect(dock.hostTerminalButton).toHaveCount(0);
});

test('desktop settings (scripted settings.*): theme applies live, toggles save, the endpoint is checked, diagnostics export; app.navigate shows a page', async ({ page }) => {
  let stored = { startVmAtLaunch: true, stopVmOnQuit: true, closeToTray: true, theme: 'system', endpoint: '', notifications: true, proxy: {} };
  const core = await ScriptedCore.install(page, {
    requests: {
      'settings.get': () => stored,
      'settings.set': (patch) => {
        stored = { ...stored, ...(patch as object) };
        core.emit('settings.changed', stored);
        return stored;
      },
      'diagnostics.export': () => ({ path: '/home/you/berth-diagnostics-2026-11-29.zip', files: ['core.log', 'versions.json', 'settings.json'], bytes: 48_213, cancelled: false }),
    },
  });
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new BerthApp(page);
  const settings = new SettingsPage(page);
  await app.open();
  await expect(app.railLink('Containers')).toHaveAttribute('aria-current', 'page');

  // The host's menu asks for the settings page.
  core.emit('app.navigate', { route: '#/settings' });
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(app.railLink('Settings')).toHaveAttribute('aria-current', 'page');
  await expect(settings.storedElsewhere).toHaveCount(0);
  await expect(settings.theme('Follow the system')).toBeChecked();

  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await settings.theme('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(bg).not.toBe(light);
  await expect.poll(() => core.callsTo('settings.set')).toContainEqual({ theme: 'dark' });
  await settings.theme('Light').check();
  await expect.poll(bg).toBe(light);

  await settings.toggle('Stop the VM when Berth quits').uncheck();
  await expect(settings.toggle('Stop the VM when Berth quits')).not.toBeChecked();
  await expect.poll(() => core.callsTo('settings.set')).toContainEqual({ stopVmOnQuit: false });

  await settings.endpoint.fill('docker.example:2375');
  await settings.region.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(settings.endpoint).toHaveAttribute('aria-invalid', 'true');
  await settings.endpoint.fill('tcp://127.0.0.1:2375');
  await settings.region.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(settings.endpoint).not.toHaveAttribute('aria-invalid', 'true');
  await expect.poll(() => core.callsTo('settings.set')).toContainEqual({ endpoint: 'tcp://127.0.0.1:2375' });

  await settings.exportDiagnostics.click();
  await expect(settings.region.getByRole('region', { name: 'Diagnostics' }).getByRole('status')).toContainText('Wrote 3 files');
  await expect(settings.region.getByRole('region', { name: 'Diagnostics' }).getByRole('status')).toContainText('/home/you/berth-diagnostics-2026-11-29.zip');
});
