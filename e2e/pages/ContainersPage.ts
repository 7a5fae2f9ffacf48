// Page object of the containers list: rows by name, their state, port links and row actions.
import { expect, type Locator, type Page } from '@playwright/test';

export type RowAction = 'Start' | 'Stop' | 'Restart' | 'Kill' | 'Pause' | 'Unpause' | 'Remove' | 'Force remove';

export class ContainersPage {
  constructor(readonly page: Page) {}

  get list(): Locator {
    return this.page.getByRole('grid', { name: 'Containers list' });
  }
  row(name: string): Locator {
    return this.list.getByRole('row', { name, exact: true });
  }
  async expectRow(name: string, timeout = 15_000): Promise<Locator> {
    const r = this.row(name);
    await expect(r).toBeVisible({ timeout });
    return r;
  }
  async expectState(name: string, word: string | RegExp): Promise<void> {
    await expect(this.row(name).getByRole('gridcell').nth(2)).toContainText(word);
  }
  action(name: string, action: RowAction): Locator {
    return this.row(name).getByRole('button', { name: `${action} ${name}`, exact: true });
  }
  async act(name: string, action: RowAction): Promise<void> {
    await this.action(name, action).click();
  }
  /** Chooses an item of a row's "⋯" menu (its less frequent actions, such as "Recreate on engine…"); it opens with its first item focused. */
  async menu(name: string, item: string): Promise<void> {
    await this.row(name).getByRole('button', { name: `More actions for ${name}`, exact: true }).click();
    const menu = this.page.getByRole('menu', { name: `More actions for ${name}`, exact: true });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await menu.getByRole('menuitem', { name: item, exact: true }).click();
  }
  portLinks(name: string): Locator {
    return this.row(name).getByRole('link', { name: new RegExp(`^Open .* of ${name}$`) });
  }
  /** A running row's CPU or memory sparkline (an image named "CPU of <name>: 1.2 %"). */
  sparkline(name: string, what: 'CPU' | 'Memory'): Locator {
    return this.row(name).getByRole('img', { name: new RegExp(`^${what} of ${name}: `) });
  }
  async open(name: string): Promise<void> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
  }
  get removeDialog(): Locator {
    return this.page.getByRole('dialog', { name: /^Remove .*\?$/ });
  }
  /** The changed paths the remove dialog names. */
  get removeDialogPaths(): Locator {
    return this.removeDialog.getByRole('list', { name: 'Changed paths' }).getByRole('listitem');
  }
  get removeDialogMore(): Locator {
    return this.removeDialog.getByRole('button', { name: /^and \d+ more/ });
  }
}
