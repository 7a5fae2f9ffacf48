// Page object of the move dialogs: "Copy to engine…" (an image, a volume) and "Recreate on engine…" (a container).
import { expect, type Locator, type Page } from '@playwright/test';
import { ContainersPage } from './ContainersPage.js';
import { AllEnginesPage } from './EngineSwitcher.js';

export class MoveDialog {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    title: string | RegExp,
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
  }

  /** Opens "Copy to engine…" from an image's row on the Images page. */
  static async fromImageRow(page: Page, ref: string): Promise<MoveDialog> {
    await page.getByRole('grid', { name: 'Images list' }).getByRole('button', { name: `Copy ${ref} to another engine`, exact: true }).click();
    return MoveDialog.shown(page, `Copy ${ref} to another engine`);
  }
  /** Opens "Copy to engine…" from an image's row on the All engines page. */
  static async fromAllEngines(page: Page, engine: string, ref: string): Promise<MoveDialog> {
    await page.getByRole('region', { name: `Images on ${engine}` }).getByRole('button', { name: `Copy image ${ref} on ${engine} to another engine`, exact: true }).click();
    return MoveDialog.shown(page, `Copy ${ref} to another engine`);
  }
  /** Opens "Copy to engine…" from a volume's row on the All engines page. */
  static async fromAllEnginesVolume(page: Page, engine: string, volume: string): Promise<MoveDialog> {
    await new AllEnginesPage(page).volumes(engine).getByRole('button', { name: `Copy volume ${volume} on ${engine} to another engine`, exact: true }).click();
    return MoveDialog.shown(page, `Copy volume ${volume} to another engine`);
  }
  /** Opens "Copy to engine…" from a volume's row on the Volumes page. */
  static async fromVolumeRow(page: Page, volume: string): Promise<MoveDialog> {
    await page.getByRole('grid', { name: 'Volumes list' }).getByRole('button', { name: `Copy volume ${volume} to another engine`, exact: true }).click();
    return MoveDialog.shown(page, `Copy volume ${volume} to another engine`);
  }
  /** Opens "Recreate on engine…" from a container's page. */
  static async fromContainerPage(page: Page, name: string): Promise<MoveDialog> {
    await page.getByRole('button', { name: `Recreate ${name} on another engine`, exact: true }).click();
    return MoveDialog.shown(page, `Recreate ${name} on another engine`);
  }
  /** Opens "Recreate on engine…" from a row's menu in the Containers list. */
  static async fromContainerRow(page: Page, name: string): Promise<MoveDialog> {
    await new ContainersPage(page).menu(name, 'Recreate on engine…');
    return MoveDialog.shown(page, `Recreate ${name} on another engine`);
  }
  /** Opens "Recreate on engine…" from a container row's menu on the All engines page. */
  static async fromAllEnginesContainer(page: Page, engine: string, name: string): Promise<MoveDialog> {
    await new AllEnginesPage(page).menu(engine, name, 'Recreate on engine…');
    return MoveDialog.shown(page, `Recreate ${name} on another engine`);
  }
  private static async shown(page: Page, title: string): Promise<MoveDialog> {
    const d = new MoveDialog(page, title);
    await expect(d.dialog).toBeVisible();
    return d;
  }

  get target(): Locator {
    return this.dialog.getByRole('combobox', { name: 'Target engine' });
  }
  get name(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Name on the target' });
  }
  get copyVolumes(): Locator {
    return this.dialog.getByRole('checkbox', { name: /Copy its named volumes/ });
  }
  get note(): Locator {
    return this.dialog.getByRole('note', { name: 'Before you confirm' });
  }
  /** The task's section in the dialog (its title, state, bytes line and Cancel). */
  task(title: string | RegExp): Locator {
    return this.dialog.getByRole('region', { name: title });
  }
  /** The move's task (one at a time in the dialog): its state, bytes line, Cancel, and its result line once done. */
  get result(): Locator {
    return this.dialog.getByRole('region');
  }
  /** What the answer says beyond its first line (Recreate's image, volumes, ports, the original). */
  get details(): Locator {
    return this.dialog.getByRole('status', { name: 'Move result' });
  }
  get warnings(): Locator {
    return this.dialog.getByRole('list', { name: 'Warnings' });
  }
  /** The error under the name field: the field is marked invalid and its alert describes the textbox (aria-describedby). */
  async expectNameError(text: string, timeout = 30_000): Promise<void> {
    await expect(this.name).toHaveAttribute('aria-invalid', 'true', { timeout });
    await expect(this.name).toHaveAccessibleDescription(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }

  async start(opts: { to: string; name?: string; verb?: 'Copy' | 'Recreate' }): Promise<void> {
    await this.target.selectOption({ label: opts.to });
    if (opts.name !== undefined) await this.name.fill(opts.name);
    await this.dialog.getByRole('button', { name: opts.verb ?? 'Copy', exact: true }).click();
  }
  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^(Close|Cancel)$/ }).last().click();
    await expect(this.dialog).toBeHidden();
  }
}
