// Page object of a container's page: its tabs, the log view, and the terminal (typing, reading the screen, resizing).
import { expect, type Locator, type Page } from '@playwright/test';

export type Tab = 'Logs' | 'Terminal' | 'Stats' | 'Inspect' | 'Processes' | 'Changes';

export class ContainerPage {
  constructor(readonly page: Page, readonly name: string) {}

  get region(): Locator {
    return this.page.getByRole('region', { name: `Container ${this.name}` });
  }
  async expectOpen(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: this.name, exact: true })).toBeVisible({ timeout: 20_000 });
  }
  async tab(t: Tab): Promise<void> {
    await this.page.getByRole('tab', { name: t, exact: true }).click();
    await expect(this.page.getByRole('tab', { name: t, exact: true })).toHaveAttribute('aria-selected', 'true');
  }
  get logs(): Locator {
    return this.page.getByRole('log', { name: `Logs of ${this.name}` });
  }
  get followButton(): Locator {
    return this.page.getByRole('toolbar', { name: 'Log controls' }).getByRole('button', { pressed: true }).or(this.page.getByRole('toolbar', { name: 'Log controls' }).getByRole('button', { name: /Following|Paused/ }));
  }
  get lineCount(): Locator {
    return this.page.getByLabel('Log line count');
  }
  get terminal(): Locator {
    return this.page.getByRole('region', { name: `Terminal of ${this.name}` });
  }
  get terminalStatus(): Locator {
    return this.page.getByRole('status', { name: 'Terminal status' });
  }
  /** What the terminal shows, as text rows. */
  async screen(): Promise<string> {
    return this.terminal.locator('.xterm-rows').innerText();
  }
  async type(text: string): Promise<void> {
    await this.terminal.click();
    await this.page.keyboard.type(text, { delay: 5 });
  }
  /** Waits for a shell prompt (`# ` or `$ ` at the end of a line) before typing. */
  async expectPrompt(): Promise<void> {
    await this.expectScreen(/[#$]\s*$/m);
  }
  async expectScreen(re: RegExp, timeout = 15_000): Promise<void> {
    await expect.poll(() => this.screen(), { timeout }).toMatch(re);
  }
  /** "Publish another port…" on a running container; a blank host port means any free one. */
  async publishPort(containerPort: string, opts: { hostPort?: string; protocol?: 'TCP' | 'UDP' } = {}): Promise<void> {
    await this.page.getByRole('button', { name: 'Publish another port…' }).click();
    const form = this.page.getByRole('form', { name: 'Publish another port' });
    await form.getByLabel('Container port to publish').fill(containerPort);
    if (opts.hostPort !== undefined) await form.getByLabel('Host port to publish on').fill(opts.hostPort);
    if (opts.protocol) await form.getByLabel('Protocol to publish').selectOption({ label: opts.protocol });
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
  }
  get publishError(): Locator {
    return this.page.getByRole('form', { name: 'Publish another port' }).getByRole('alert');
  }
  /** The ports Berth publishes for this container, as groups labelled "Published by Berth: 40123→80/tcp". */
  get berthPorts(): Locator {
    return this.page.getByRole('group', { name: /^Published by Berth: / });
  }
  async stopPublishing(label: string): Promise<void> {
    await this.page.getByRole('button', { name: `Stop publishing ${label}` }).click();
  }
}
