// Page object of the run dialog: fill fields by their labels, add port/env/label rows, read the live docker run line, submit.
import { expect, type Locator, type Page } from '@playwright/test';

export interface RunOptions {
  image: string;
  name?: string;
  command?: string;
  terminal?: boolean;
  autoRemove?: boolean;
  /** [hostPort ('' = any free), containerPort] */
  ports?: [string, string][];
  memory?: string;
  cpus?: string;
  cpuShares?: string;
  env?: [string, string][];
  labels?: [string, string][];
  network?: string;
  networkAliases?: string;
}

export class RunDialog {
  constructor(readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Run a container' });
  }
  field(label: string): Locator {
    return this.dialog.getByLabel(label, { exact: true });
  }
  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run…' }).click();
    await expect(this.dialog).toBeVisible();
  }
  async fill(o: RunOptions): Promise<void> {
    const d = this.dialog;
    await this.field('Image').fill(o.image);
    if (o.name !== undefined) await this.field('Name').fill(o.name);
    if (o.command !== undefined) await this.field('Command').fill(o.command);
    if (o.terminal) await d.getByRole('checkbox', { name: 'Interactive terminal (-ti)' }).check();
    if (o.autoRemove) await d.getByRole('checkbox', { name: 'Remove when stopped (--rm)' }).check();
    for (const [i, [host, container]] of (o.ports ?? []).entries()) {
      await d.getByRole('button', { name: 'Add port' }).click();
      await d.getByRole('textbox', { name: `Host port, row ${i + 1}` }).fill(host);
      await d.getByRole('textbox', { name: `Container port, row ${i + 1}` }).fill(container);
    }
    if (o.memory !== undefined) await this.field('Memory limit').fill(o.memory);
    if (o.cpus !== undefined) await this.field('CPUs').fill(o.cpus);
    if (o.cpuShares !== undefined) await this.field('CPU shares').fill(o.cpuShares);
    for (const [i, [k, v]] of (o.env ?? []).entries()) {
      await d.getByRole('button', { name: 'Add variable' }).click();
      await d.getByRole('textbox', { name: `Variable name, row ${i + 1}` }).fill(k);
      await d.getByRole('textbox', { name: `Value, row ${i + 1}` }).fill(v);
    }
    if (o.network !== undefined) await this.field('Network').selectOption(o.network);
    if (o.networkAliases !== undefined) await this.field('Network aliases').fill(o.networkAliases);
    if (o.labels?.length) {
      await this.openAdvanced();
      for (const [i, [k, v]] of o.labels.entries()) {
        await d.getByRole('button', { name: 'Add label' }).click();
        await d.getByRole('textbox', { name: `Label name, row ${i + 1}` }).fill(k);
        await d.getByRole('textbox', { name: `Label value, row ${i + 1}` }).fill(v);
      }
    }
  }
  /** Adds a mount row: type as the select shows it ("Volume", "Bind (host path)", "tmpfs"). */
  async addMount(type: 'Volume' | 'Bind (host path)' | 'tmpfs', source: string, target: string): Promise<number> {
    const d = this.dialog;
    await d.getByRole('button', { name: 'Add mount' }).click();
    const row = await d.getByRole('combobox', { name: /^Mount type, row \d+$/ }).count();
    await d.getByRole('combobox', { name: `Mount type, row ${row}` }).selectOption({ label: type });
    if (type !== 'tmpfs') await d.getByRole('textbox', { name: `Source, row ${row}` }).fill(source);
    await d.getByRole('textbox', { name: `Target in container, row ${row}` }).fill(target);
    return row;
  }
  async openAdvanced(): Promise<void> {
    const details = this.dialog.locator('details', { has: this.page.getByText('Advanced', { exact: true }) });
    if (!(await details.getAttribute('open'))) await details.locator('summary').click();
  }
  get commandLine(): Locator {
    return this.dialog.getByRole('status', { name: 'Equivalent docker run command' }).or(this.dialog.getByLabel('Equivalent docker run command'));
  }
  async submit(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Run', exact: true }).click();
  }
  async run(o: RunOptions): Promise<void> {
    await this.open();
    await this.fill(o);
    await this.submit();
    await expect(this.dialog).toBeHidden({ timeout: 30_000 });
  }
  /** The error shown for a field (its aria-describedby text). */
  async errorOf(label: string): Promise<string> {
    const input = this.field(label);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const ids = (await input.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(ids.split(' ').filter(Boolean).map((id) => this.page.locator(`[id="${id}"]`).innerText()));
    return texts.join(' ');
  }
}
