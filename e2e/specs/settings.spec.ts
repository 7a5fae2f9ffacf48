// The settings page on `berth serve`: settings.* answers UNSUPPORTED, so the page says settings are stored by the desktop
// app and shows what is in effect (endpoint, engine, theme), without a diagnostics button or a host terminal.
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { Dock } from '../pages/Dock.js';
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
