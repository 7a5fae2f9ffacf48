// Page object of the first-run offer in the engine banner: its button, the set-up's steps and the image build's output.
import type { Locator, Page } from '@playwright/test';

export class FirstRun {
  constructor(readonly page: Page) {}

  get region(): Locator {
    return this.page.getByRole('alert', { name: 'Engine status' }).getByRole('region', { name: 'Set up an engine' });
  }
  button(name: string | RegExp): Locator {
    return this.region.getByRole('button', { name });
  }
  /** A step of the set-up; its accessible name is "LABEL: done|running|waiting|failed". */
  step(label: string): Locator {
    return this.region.getByRole('list', { name: 'Set-up steps' }).getByRole('listitem', { name: new RegExp(`^${label}: `) });
  }
  get buildOutput(): Locator {
    return this.region.getByLabel('Image build output');
  }
  get error(): Locator {
    return this.region.getByRole('alert', { name: 'Set-up error' });
  }
}
