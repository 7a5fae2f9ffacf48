// Page object of the networks page: create a network, see its containers, connect one.
import { expect, type Locator, type Page } from '@playwright/test';

export class NetworksPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('grid', { name: 'Networks list' });
  }
  row(name: string): Locator {
    return this.list.getByRole('row', { name, exact: true });
  }
  async create(name: string, labels: [string, string][] = []): Promise<void> {
    await this.page.getByRole('button', { name: 'Create network…' }).click();
    const d = this.page.getByRole('dialog', { name: 'Create a network' });
    await d.getByRole('textbox', { name: 'Network name' }).fill(name);
    for (const [i, [k, v]] of labels.entries()) {
      await d.getByRole('button', { name: 'Add label' }).click();
      await d.getByRole('textbox', { name: `Label name, row ${i + 1}` }).fill(k);
      await d.getByRole('textbox', { name: `Label value, row ${i + 1}` }).fill(v);
    }
    await d.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(d).toBeHidden();
    await expect(this.row(name)).toBeVisible();
  }
  async connect(network: string, container: string, aliases = ''): Promise<void> {
    await this.row(network).getByRole('button', { name: `Connect a container to ${network}` }).click();
    const d = this.page.getByRole('dialog', { name: `Connect a container to ${network}` });
    await d.getByRole('combobox', { name: 'Container' }).selectOption(container);
    await d.getByRole('textbox', { name: 'Aliases' }).fill(aliases);
    await d.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(d).toBeHidden();
  }
}
