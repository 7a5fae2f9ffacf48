// Page object of the window's frame: open it, the rail, the top bar (filter, Run, activity), the engine banner, notifications.
import { expect, type Locator, type Page } from '@playwright/test';
import { berthUrl } from '../support/berth.js';

export type Section = 'Containers' | 'Images' | 'Volumes' | 'Networks' | 'All engines' | 'Engine' | 'VM' | 'Settings';

export class BerthApp {
  constructor(readonly page: Page) {}

  /** Opens the shared `berth serve` (or `url`: a spec's own server). */
  async open(url = berthUrl()): Promise<void> {
    await this.page.goto(url);
    await expect(this.rail).toBeVisible();
    await expect(this.endpoint).not.toContainText('Connecting', { timeout: 20_000 });
  }

  get rail(): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' });
  }
  railLink(section: Section): Locator {
    return this.rail.getByRole('link', { name: new RegExp(`^${section}`) });
  }
  async go(section: Section): Promise<void> {
    await this.railLink(section).click();
    await expect(this.railLink(section)).toHaveAttribute('aria-current', 'page');
  }
  /** The top bar's engine: the switcher's button (its text names the engine, its title the endpoint's address). */
  get endpoint(): Locator {
    return this.page.getByRole('banner').getByRole('button', { name: /^Engine/ });
  }
  get filter(): Locator {
    return this.page.getByRole('searchbox', { name: 'Filter' });
  }
  get banner(): Locator {
    return this.page.getByRole('alert', { name: 'Engine status' });
  }
  get runButton(): Locator {
    return this.page.getByRole('button', { name: 'Run…' });
  }
  get activityButton(): Locator {
    return this.page.getByRole('button', { name: /^Activity/ });
  }
  get activityPanel(): Locator {
    return this.page.getByRole('complementary', { name: 'Activity panel' });
  }
  async openActivity(): Promise<Locator> {
    if (!(await this.activityPanel.isVisible())) await this.activityButton.click();
    return this.activityPanel;
  }
  /** The top bar's button that shows or hides the bottom dock. */
  get dockButton(): Locator {
    return this.page.getByRole('banner').getByRole('button', { name: /^(Show|Hide) the dock/ });
  }
  /** A part of the window whose error boundary caught a rendering error ("Images page", "dock"). */
  partError(what: string): Locator {
    return this.page.getByRole('alert', { name: `The ${what} failed` });
  }
  get topBar(): Locator {
    return this.page.getByRole('banner');
  }
  notifications(): Locator {
    return this.page.getByLabel('Notifications');
  }
}
