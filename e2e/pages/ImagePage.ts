// Page object of one image's page: its heading, the error line, the Config card and the layers.
import type { Locator, Page } from '@playwright/test';

export class ImagePage {
  constructor(readonly page: Page) {}

  heading(ref: string): Locator {
    return this.page.getByRole('heading', { name: ref, exact: true });
  }
  get error(): Locator {
    return this.page.getByRole('status', { name: 'Image error' });
  }
  get config(): Locator {
    return this.page.getByRole('region', { name: 'Config' });
  }
  get env(): Locator {
    return this.page.getByRole('region', { name: 'Environment' });
  }
  get layers(): Locator {
    return this.page.getByRole('table', { name: 'Image history' }).getByRole('row');
  }
}
