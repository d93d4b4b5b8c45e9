// Defines a small experiment through the Experiments form, the way a user does, for browser tests
// that need a run but not the whole form: one prompt, temperature sampling only.
import type { Page } from 'playwright-core';

/** What the small run uses. */
export interface SmallRun {
  name: string;
  prompt: string;
  /** The generator's label in the "Generator models" group (its model name). */
  generator: string;
  k: number;
  seed?: number;
}

/**
 * Opens Experiments and defines one prompt (category C), temperature sampling only with `k`
 * responses and the seed if given, no classification or accuracy; judges and quality are left
 * to the caller.
 */
export async function defineSmallRun(page: Page, run: SmallRun): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(run.name);
  await page.locator('#typed-prompts').fill(run.prompt);
  await page.getByRole('button', { name: 'Add 1 prompt', exact: true }).click();
  await page.getByLabel('Known category of prompt 1').selectOption('C');
  await page.getByRole('group', { name: 'Generator models' }).getByLabel(run.generator).check();
  for (const label of [
    'System prompt (general)',
    'System prompt (task-anchored)',
    'In-context regeneration (general)',
    'In-context regeneration (task-anchored)',
  ]) {
    await page.getByRole('checkbox', { name: label }).uncheck();
  }
  await page.getByLabel('k responses per prompt').fill(String(run.k));
  if (run.seed !== undefined) await page.getByLabel('Seed').fill(String(run.seed));
  await page.getByRole('checkbox', { name: /^Classify prompts/ }).uncheck();
  await page.getByRole('checkbox', { name: /^Accuracy/ }).uncheck();
}
