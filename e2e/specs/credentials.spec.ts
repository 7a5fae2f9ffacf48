// Remembered registry sign-ins on `berth serve` (no keychain): clear text only after the warning is accepted, a reload
// browses without retyping, the file is 0600 in 0700, Settings lists host and user (never the password) and forgets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BerthApp } from '../pages/BerthApp.js';
import { RegistryDialog } from '../pages/RegistryDialog.js';
import { SettingsPage } from '../pages/SettingsPage.js';
import { BUSYBOX, docker, dockerQuiet } from '../support/docker.js';
import { root, serve, type Served } from '../support/serve.js';

const USER = 'berth-e2e';
const PASSWORD = `e2e-${process.pid}-pw`;
const NAME = 'e2e-credentials';
let registry = '';
let home = '';
let dockerConfig = '';
let served: Served | undefined;
const REPO = 'berth-e2e/remembered';
const sh = (...args: string[]) => execFileSync('bash', [join(root, 'scripts/registry.sh'), ...args], { encoding: 'utf8' }).trim();

test.beforeAll(async () => {
  registry = sh('start', '--name', NAME, '--auth', `${USER}:${PASSWORD}`);
  // The fixture image goes in with a throwaway docker CLI config, so no credentials are left in ~/.docker.
  dockerConfig = mkdtempSync(join(tmpdir(), 'berth-e2e-dockercfg-'));
  docker('tag', BUSYBOX, `${registry}/${REPO}:1`);
  execFileSync('docker', ['--config', dockerConfig, 'login', '-u', USER, '--password-stdin', registry], { input: PASSWORD, stdio: ['pipe', 'ignore', 'pipe'] });
  docker('--config', dockerConfig, 'push', `${registry}/${REPO}:1`);
  dockerQuiet('rmi', `${registry}/${REPO}:1`);
  // A server of this spec's own, with its own Berth home: what it remembers stays in a temporary folder.
  home = mkdtempSync(join(tmpdir(), 'berth-e2e-home-'));
  served = await serve([], { BERTH_HOME: home });
});

test.afterAll(async () => {
  await served?.stop();
  sh('stop', '--name', NAME);
  rmSync(dockerConfig, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

test('remember a sign-in (accepting clear text), reload, browse without retyping, then forget it', async ({ page }) => {
  const app = new BerthApp(page);
  const dialog = new RegistryDialog(page);
  await app.open(served!.url);
  await app.go('Images');

  // Without credentials the registry refuses.
  await dialog.open(registry);
  await dialog.list();
  await expect(dialog.errors.first()).toContainText(/needs a user name and password/);

  // Remembering without a keychain: the warning is next to the checkbox, and nothing is sent until it is accepted.
  await dialog.signIn(USER, PASSWORD);
  await expect(dialog.plaintextWarning).toContainText(/Not encrypted/);
  await expect(dialog.plaintextWarning).toContainText(join(home, 'credentials', 'registries.json'));
  await dialog.remember.check();
  await dialog.list();
  await expect(dialog.errors.filter({ hasText: /cannot encrypt the password/ })).toBeVisible();
  await expect(dialog.repositories).toBeHidden();
  await dialog.acceptPlaintext.check();
  await dialog.list();
  await expect(dialog.repositories.getByRole('button', { name: REPO, exact: true })).toBeVisible();

  // Stored owner-only, as the person accepted: 0600 in a 0700 folder.
  const file = join(home, 'credentials', 'registries.json');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(join(home, 'credentials')).mode & 0o777).toBe(0o700);
  expect(JSON.parse(readFileSync(file, 'utf8')).registries[registry].username).toBe(USER);

  // After a reload nothing is typed: the remembered sign-in is named, and used for the list and the tags.
  await page.reload();
  await app.go('Images');
  await dialog.open(registry);
  await expect(dialog.rememberedNote).toContainText(`remembered for ${registry} as ${USER}`);
  await expect(dialog.rememberedNote).toContainText('stored unencrypted');
  await dialog.list();
  await dialog.openRepository(REPO);
  await expect(dialog.pullButton(`${registry}/${REPO}:1`)).toBeVisible();
  await dialog.close();

  // Settings shows host and user, never the password, and forgets.
  const settings = new SettingsPage(page);
  await app.go('Settings');
  await expect(settings.rememberedSignIn(registry, USER)).toContainText('not encrypted');
  await expect(settings.rememberedRegistries).toContainText(/Not encrypted/);
  expect(await page.content()).not.toContain(PASSWORD);
  await settings.forgetSignIn(registry).click();
  await expect(settings.rememberedRegistries).toContainText('No sign-ins are remembered');
  expect(readFileSync(file, 'utf8')).not.toContain(PASSWORD);

  // Forgotten: the registry refuses again.
  await app.go('Images');
  await dialog.open(registry);
  await expect(dialog.rememberedNote).toBeHidden();
  await dialog.list();
  await expect(dialog.errors.first()).toContainText(/needs a user name and password/);
});
