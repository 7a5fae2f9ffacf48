// Page object of the bottom dock: its tabs (terminals, log followers), the tab's terminal or logs, full-window and close.
import { expect, type Locator, type Page } from '@playwright/test';

export class Dock {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: 'Dock', exact: true });
  }
  get tabs(): Locator {
    return this.region.getByRole('tablist', { name: 'Dock tabs' }).getByRole('tab');
  }
  tab(title: string): Locator {
    return this.region.getByRole('tab', { name: title, exact: true });
  }
  async show(title: string): Promise<void> {
    await this.tab(title).click();
    await expect(this.tab(title)).toHaveAttribute('aria-selected', 'true');
  }
  /** The visible tab panel. */
  get panel(): Locator {
    return this.region.getByRole('tabpanel');
  }
  terminal(name: string): Locator {
    return this.panel.getByRole('region', { name: `Terminal of ${name}` });
  }
  get terminalStatus(): Locator {
    return this.panel.getByRole('status', { name: 'Terminal status' });
  }
  logs(name: string): Locator {
    return this.panel.getByRole('log', { name: `Logs of ${name}` });
  }
  async screen(name: string): Promise<string> {
    return this.terminal(name).locator('.xterm-rows').innerText();
  }
  async type(name: string, text: string): Promise<void> {
    await this.terminal(name).click();
    await this.page.keyboard.type(text, { delay: 5 });
  }
  async expectScreen(name: string, re: RegExp, timeout = 15_000): Promise<void> {
    await expect.poll(() => this.screen(name), { timeout }).toMatch(re);
  }
  closeButton(title: string): Locator {
    return this.region.getByRole('button', { name: `Close ${title}`, exact: true });
  }
  get closeDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Close .*\?$/ });
  }
  get fullWindowButton(): Locator {
    return this.region.getByRole('button', { name: 'Pop the dock out to the full window' });
  }
  get restoreButton(): Locator {
    return this.region.getByRole('button', { name: 'Restore the dock below the page' });
  }
  get hostTerminalButton(): Locator {
    return this.region.getByRole('button', { name: '+ Host terminal' });
  }
}
