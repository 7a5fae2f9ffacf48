// Page object of the VM page: its state, start-up stages, actions, settings form, console, terminal, port forwards and reset.
import { expect, type Locator, type Page } from '@playwright/test';

export type VmAction = 'Start' | 'Stop' | 'Restart';

export class VmPage {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'VM', exact: true });
  }
  async expectOpen(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'VM', exact: true })).toBeVisible();
  }
  /** The plain statement shown when this endpoint has no Berth VM. */
  get notInUse(): Locator {
    return this.region.getByRole('status', { name: 'VM status' });
  }
  /** Which engine the window uses, when the VM is at hand beside another one. */
  get engineNote(): Locator {
    return this.region.getByRole('status', { name: 'Engine in use' });
  }
  get state(): Locator {
    return this.region.getByRole('status', { name: 'VM state' });
  }
  get sharing(): Locator {
    return this.region.getByRole('region', { name: 'File sharing' });
  }
  /** A shared folder's row; its accessible name is "<path>: <state>". */
  share(path: string): Locator {
    return this.sharing.getByRole('listitem', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `) });
  }
  /** The "Containers and this computer" card: may containers open services on the host's loopback. */
  get hostAccess(): Locator {
    return this.region.getByRole('region', { name: 'Containers and this computer' });
  }
  /** WSL2 only: "Give memory back to Windows" (.wslconfig's autoMemoryReclaim) and its WSL restart. */
  get wslMemory(): Locator {
    return this.region.getByRole('region', { name: 'Give memory back to Windows' });
  }
  get stages(): Locator {
    return this.region.getByRole('region', { name: 'Start-up stages' });
  }
  stage(title: string | RegExp): Locator {
    return this.stages.getByRole('listitem', { name: title });
  }
  action(a: VmAction): Locator {
    return this.region.getByRole('button', { name: `${a} the VM`, exact: true });
  }
  get resetButton(): Locator {
    return this.region.getByRole('button', { name: 'Reset the VM…' });
  }
  get resetDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Reset the VM?' });
  }
  get failure(): Locator {
    return this.region.getByRole('alert', { name: 'VM failure' });
  }
  /** The one command that fixes a failed start (install QEMU, …), inside the failure banner. */
  get fixCommand(): Locator {
    return this.failure.getByRole('group', { name: 'How to fix it' });
  }
  get about(): Locator {
    return this.region.getByRole('region', { name: 'About the VM' });
  }
  get settings(): Locator {
    return this.region.getByRole('region', { name: 'VM settings' });
  }
  /** "Resumed in 1.4 s: …", or why the running VM booted instead of resuming. */
  get startNote(): Locator {
    return this.region.getByLabel('How the VM started');
  }
  /** Save the VM at stop and resume it (ticked, the default), or shut it down cleanly. */
  get keepRunning(): Locator {
    return this.settings.getByRole('checkbox', { name: /^Keep containers running across restarts/ });
  }
  settingsField(label: 'CPUs' | 'Memory (MiB)' | 'Disk (GiB)' | 'Sleep when idle (minutes)'): Locator {
    return this.settings.getByLabel(label, { exact: true });
  }
  async tab(name: 'Console' | 'Terminal' | RegExp): Promise<void> {
    const t = this.region.getByRole('tab', { name });
    await t.click();
    await expect(t).toHaveAttribute('aria-selected', 'true');
  }
  get console(): Locator {
    return this.region.getByLabel('VM console');
  }
  get forwards(): Locator {
    return this.region.getByRole('table', { name: 'Port forwards' });
  }
  forward(label: string): Locator {
    return this.forwards.getByRole('row', { name: label, exact: true });
  }
}
