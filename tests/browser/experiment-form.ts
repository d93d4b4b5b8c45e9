// Defines experiments through the Experiments form, the way a user does, and starts and watches
// runs on the run panel, for the browser tests that need a run.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** The sampling strategies other than temperature sampling, as the form labels them. */
const OTHER_STRATEGIES = [
  'System prompt (general)',
  'System prompt (task-anchored)',
  'In-context regeneration (general)',
  'In-context regeneration (task-anchored)',
];

/** Opens the Experiments page from the main navigation. */
export async function openExperiments(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
}

/** Types the prompts, one a line, and adds them with the "Add N prompts" button. */
export async function addPrompts(page: Page, prompts: readonly string[]): Promise<void> {
  await page.locator('#typed-prompts').fill(prompts.join('\n'));
  const n = prompts.length;
  await page
    .getByRole('button', { name: n === 1 ? 'Add 1 prompt' : `Add ${n} prompts`, exact: true })
    .click();
}

/** Gives prompt i (from 1) the i-th known category. */
export async function setCategories(page: Page, categories: readonly string[]): Promise<void> {
  for (const [i, c] of categories.entries()) {
    await page.getByLabel(`Known category of prompt ${i + 1}`).selectOption(c);
  }
}

/** Ticks the generator, and the judge and embedding model if given (the latter by option value). */
export async function pickModels(
  page: Page,
  models: { generator: string; judge?: string; embedding?: string },
): Promise<void> {
  await page.getByRole('group', { name: 'Generator models' }).getByLabel(models.generator).check();
  if (models.judge !== undefined) {
    await page.getByRole('group', { name: 'Judge models' }).getByLabel(models.judge).check();
  }
  if (models.embedding !== undefined) {
    await page.getByLabel('Embedding model').selectOption(models.embedding);
  }
}

/** What {@link defineRun} fills in. */
export interface RunForm {
  name: string;
  prompts: readonly string[];
  /** Known category of each prompt, in order. */
  categories: readonly string[];
  generator: string;
  judge?: string;
  /** The embedding model's option value (`provider/model`). */
  embedding?: string;
  k: number;
  seed?: number;
  /** Options (checkbox names) turned off, e.g. `/Classify prompts/`. */
  off?: readonly RegExp[];
  /** Options turned on, e.g. `/Quality/`. */
  on?: readonly RegExp[];
  /** Keep the prompts an earlier definition left in the form instead of adding them again. */
  keepPrompts?: boolean;
}

/**
 * Opens Experiments and defines a run: its prompts with known categories, the models, temperature
 * sampling only with `k` responses, the seed if given, and the options turned off or on.
 */
export async function defineRun(page: Page, run: RunForm): Promise<void> {
  await openExperiments(page);
  await page.getByLabel('Name', { exact: true }).fill(run.name);
  const listed = await page.getByLabel('Known category of prompt 1').count();
  if (!(run.keepPrompts === true && listed > 0)) await addPrompts(page, run.prompts);
  await setCategories(page, run.categories);
  await pickModels(page, run);
  for (const label of OTHER_STRATEGIES) {
    await page.getByRole('checkbox', { name: label }).setChecked(false);
  }
  await page.getByRole('checkbox', { name: 'Temperature sampling' }).setChecked(true);
  for (const option of run.off ?? []) {
    await page.getByRole('checkbox', { name: option }).setChecked(false);
  }
  for (const option of run.on ?? []) {
    await page.getByRole('checkbox', { name: option }).setChecked(true);
  }
  await page.getByLabel('k responses per prompt').fill(String(run.k));
  if (run.seed !== undefined) await page.getByLabel('Seed').fill(String(run.seed));
}

/** The two prompts (categories B and G) of the run-panel tests. */
export const TWO_PROMPTS: readonly string[] = [
  'Name a prime number greater than 100.',
  'Write a two-line poem about the sea.',
];

/**
 * The two-prompt run on the fake provider's generator, judge and embedding model; the caller
 * adds the options it turns off or on.
 */
export function twoPromptRun(name: string, providerId: string, k: number, seed: number): RunForm {
  return {
    name,
    prompts: TWO_PROMPTS,
    categories: ['B', 'G'],
    generator: 'fake-gen',
    judge: 'fake-judge',
    embedding: `${providerId}/fake-embed`,
    k,
    seed,
  };
}

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
  await defineRun(page, {
    name: run.name,
    prompts: [run.prompt],
    categories: ['C'],
    generator: run.generator,
    k: run.k,
    ...(run.seed === undefined ? {} : { seed: run.seed }),
    off: [/^Classify prompts/, /^Accuracy/],
  });
}

/** Starts the defined run and returns its id once the run panel shows it. */
export async function startRun(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Start run' }).click();
  const panel = page.getByTestId('run-panel');
  await panel.waitFor();
  await expect.poll(() => panel.getAttribute('data-run-id')).toMatch(/^run-/);
  return (await panel.getAttribute('data-run-id')) ?? '';
}

/** Waits until the run panel shows `status`. */
export async function waitForStatus(
  page: Page,
  status: string,
  options: { timeout: number; interval: number },
): Promise<void> {
  await expect
    .poll(() => page.getByTestId('run-panel').getAttribute('data-status'), options)
    .toBe(status);
}
