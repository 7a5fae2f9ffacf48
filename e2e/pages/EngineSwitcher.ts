// Page object of the engines: the top bar's switcher (its listbox of engines) and the All engines page's groups (containers, images, volumes).
import { expect, type Locator, type Page } from '@playwright/test';

export class EngineSwitcher {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByRole('banner').getByRole('button', { name: /^Engine/ });
  }
  get list(): Locator {
    return this.page.getByRole('listbox', { name: 'Engines' });
  }
  /** An engine of the list: its accessible name is "NAME — kind · state…". */
  option(name: string): Locator {
    return this.list.getByRole('option', { name: new RegExp(`^${name} — `) });
  }
  async open(): Promise<Locator> {
    if (!(await this.list.isVisible())) await this.button.click();
    await expect(this.list).toBeVisible();
    return this.list;
  }
  /** Chooses an engine and waits until the top bar names it. */
  async choose(name: string): Promise<void> {
    await this.open();
    await this.option(name).click();
    await expect(this.button).toHaveAccessibleName(`Engine: ${name}`);
    await expect(this.list).toBeHidden();
  }
}

export class AllEnginesPage {
  constructor(readonly page: Page) {}

  containers(engine: string): Locator {
    return this.page.getByRole('region', { name: `Containers on ${engine}` });
  }
  images(engine: string): Locator {
    return this.page.getByRole('region', { name: `Images on ${engine}` });
  }
  volumes(engine: string): Locator {
    return this.page.getByRole('region', { name: `Volumes on ${engine}` });
  }
  /** A row of one engine's group: its accessible name is "NAME on ENGINE". */
  row(group: Locator, engine: string, name: string): Locator {
    return group.getByRole('row', { name: `${name} on ${engine}`, exact: true });
  }
  containerRow(engine: string, name: string): Locator {
    return this.containers(engine).getByRole('row', { name: `${name} on ${engine}`, exact: true });
  }
  action(engine: string, name: string, action: 'Start' | 'Stop' | 'Restart' | 'Remove'): Locator {
    return this.containerRow(engine, name).getByRole('button', { name: `${action} ${name} on ${engine}`, exact: true });
  }
  /** Chooses an item of a container row's "⋯" menu (such as "Recreate on engine…"); it opens with its first item focused. */
  async menu(engine: string, name: string, item: string): Promise<void> {
    const label = `More actions for ${name} on ${engine}`;
    await this.containerRow(engine, name).getByRole('button', { name: label, exact: true }).click();
    const menu = this.page.getByRole('menu', { name: label, exact: true });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    await menu.getByRole('menuitem', { name: item, exact: true }).click();
  }
}
