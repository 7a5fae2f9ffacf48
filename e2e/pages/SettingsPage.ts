// Page object of the settings page: the desktop app's stored settings, or on `berth serve` the statement that they live there.
import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Settings', exact: true });
  }
  /** Shown on `berth serve`: settings are the desktop app's. */
  get storedElsewhere(): Locator {
    return this.region.getByRole('status', { name: 'Where settings live' });
  }
  get facts(): Locator {
    return this.region.getByRole('region', { name: /Read-only facts|About this window/ });
  }
  theme(name: 'Follow the system' | 'Light' | 'Dark'): Locator {
    return this.region.getByRole('radio', { name });
  }
  toggle(name: string | RegExp): Locator {
    return this.region.getByRole('checkbox', { name });
  }
  get endpoint(): Locator {
    return this.region.getByRole('textbox', { name: 'Endpoint' });
  }
  get exportDiagnostics(): Locator {
    return this.region.getByRole('button', { name: /Export diagnostics/ });
  }
  /** The card of remembered registry sign-ins. */
  get rememberedRegistries(): Locator {
    return this.region.getByRole('region', { name: 'Remembered registries' });
  }
  rememberedSignIn(host: string, username: string): Locator {
    return this.rememberedRegistries.getByRole('listitem', { name: `${host} as ${username}` });
  }
  forgetSignIn(host: string): Locator {
    return this.rememberedRegistries.getByRole('button', { name: `Forget the sign-in for ${host}` });
  }
}
