// Page object of the images page and its dialogs (pull, build, registry browser), and the activity panel's task sections.
import { expect, type Locator, type Page } from '@playwright/test';

export class ImagesPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('grid', { name: 'Images list' });
  }
  row(ref: string): Locator {
    return this.list.getByRole('row', { name: ref, exact: true });
  }
  /** The Platform cell of an image's row ("arm64/v8"; the OS in front when it is not linux). */
  platform(ref: string): Locator {
    return this.row(ref).getByLabel(/^Platform /);
  }
  dialog(title: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name: title });
  }
  async pull(ref: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Pull…' }).click();
    const d = this.dialog('Pull an image');
    await d.getByRole('textbox', { name: 'Image reference' }).fill(ref);
    await d.getByRole('button', { name: 'Pull', exact: true }).click();
    return d;
  }
  async build(opts: { folder: string; tags: string; dockerfile?: string }): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Build…' }).click();
    const d = this.dialog('Build an image');
    await d.getByRole('textbox', { name: 'Folder' }).fill(opts.folder);
    if (opts.dockerfile) await d.getByRole('textbox', { name: 'Dockerfile' }).fill(opts.dockerfile);
    await d.getByRole('textbox', { name: 'Tags' }).fill(opts.tags);
    await d.getByRole('button', { name: 'Build', exact: true }).click();
    return d;
  }
  async openRegistry(registry: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Browse registry…' }).click();
    const d = this.dialog('Browse a registry');
    await d.getByRole('textbox', { name: 'Registry' }).fill(registry);
    await d.getByRole('button', { name: 'List repositories' }).click();
    return d;
  }
  /** A task's section (in a dialog or the activity panel), e.g. "Pull 127.0.0.1:5055/x:1". */
  task(scope: Locator, title: string): Locator {
    return scope.getByRole('region', { name: title });
  }
  async expectRow(ref: string): Promise<void> {
    await expect(this.row(ref)).toBeVisible({ timeout: 20_000 });
  }
}
