// Page object of "Browse a registry": address, sign-in (typed or remembered), the remember choice, repositories and tags.
import { expect, type Locator, type Page } from '@playwright/test';

export class RegistryDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Browse a registry' });
  }
  /** Opens the dialog from the images page and types the registry address. */
  async open(registry: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Browse registry…' }).click();
    await this.root.getByRole('textbox', { name: 'Registry', exact: true }).fill(registry);
  }
  async list(): Promise<void> {
    await this.root.getByRole('button', { name: 'List repositories' }).click();
  }
  async signIn(username: string, password: string): Promise<void> {
    const user = this.root.getByRole('textbox', { name: 'Registry username' });
    if (!(await user.isVisible())) await this.root.getByText('Sign-in (optional)').click();
    await user.fill(username);
    await this.root.getByLabel('Registry password or token').fill(password);
  }
  /** "Remember this sign-in for HOST". */
  get remember(): Locator {
    return this.root.getByRole('checkbox', { name: /^Remember this sign-in/ });
  }
  get plaintextWarning(): Locator {
    return this.root.getByRole('note', { name: 'Unencrypted storage warning' });
  }
  get acceptPlaintext(): Locator {
    return this.root.getByRole('checkbox', { name: 'Store the password unencrypted' });
  }
  /** Shown when the remembered sign-in for the registry will be used. */
  get rememberedNote(): Locator {
    return this.root.getByRole('status', { name: 'Remembered sign-in' });
  }
  get errors(): Locator {
    return this.root.getByRole('alert');
  }
  get repositories(): Locator {
    return this.root.getByRole('list', { name: 'Repositories' });
  }
  async openRepository(name: string): Promise<void> {
    await this.repositories.getByRole('button', { name, exact: true }).click();
  }
  pullButton(ref: string): Locator {
    return this.root.getByRole('button', { name: `Pull ${ref}` });
  }
  async close(): Promise<void> {
    await this.root.getByRole('button', { name: 'Close', exact: true }).last().click();
    await expect(this.root).toBeHidden();
  }
}
