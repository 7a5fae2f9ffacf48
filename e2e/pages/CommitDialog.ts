// Page object of the container page's Commit dialog: its fields, the busybox note, the result and "Open the image".
import { expect, type Locator, type Page } from '@playwright/test';

export class CommitDialog {
  constructor(readonly page: Page, readonly name: string) {}

  /** Opens it from the container's page. */
  async open(): Promise<void> {
    await this.page.getByRole('button', { name: `Commit ${this.name} to an image`, exact: true }).click();
    await expect(this.dialog).toBeVisible();
  }
  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: `Commit ${this.name}` });
  }
  field(label: 'Repository and tag' | 'Message' | 'Author' | 'Changes'): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }
  get pause(): Locator {
    return this.dialog.getByRole('checkbox', { name: /^Pause / });
  }
  get busyboxNote(): Locator {
    return this.dialog.getByRole('note', { name: 'Berth\'s busybox' });
  }
  async fill(o: { ref: string; message?: string; author?: string; changes?: string[] }): Promise<void> {
    await this.field('Repository and tag').fill(o.ref);
    if (o.message !== undefined) await this.field('Message').fill(o.message);
    if (o.author !== undefined) await this.field('Author').fill(o.author);
    if (o.changes !== undefined) await this.field('Changes').fill(o.changes.join('\n'));
  }
  async submit(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Commit', exact: true }).click();
  }
  /** The message under a field (its role=alert). */
  error(label: 'Repository and tag' | 'Changes'): Locator {
    return this.dialog.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByRole('alert');
  }
  get result(): Locator {
    return this.dialog.getByRole('status', { name: 'Commit result' });
  }
  async openImage(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Open the image' }).click();
  }
}
