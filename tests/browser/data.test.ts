// Browser tests of the Data area in the built app: the prompt library, a 5,000-row CSV imported
// in under 3 s without freezing the page, precise errors that store nothing, seeded sampling,
// a full disk, and storage per dataset with a confirmed cascading delete.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ImportError, parseDataset } from '../../src/lib/core/importers';
import { sharedDataPath } from '../shared-data';
import { launchChromium, newWatchedPage } from './chromium';
import { countStores, importCsvTimed, simpleQaCsv } from './data-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const FIXTURES = 'tests/fixtures/imports';

function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}/${name}`);
}

describe('Data area in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];

  async function openTab(tab: string): Promise<void> {
    await page.goto(`${inject('baseUrl')}#/data?tab=${tab}`);
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    await page.locator(`[role="tabpanel"][data-tab="${tab}"]`).waitFor();
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('browses, searches and filters the library, and adds, edits and deletes own prompts', async () => {
    await openTab('library');
    const count = (): Promise<number> =>
      page
        .getByTestId('library-count')
        .getAttribute('data-count')
        .then((v) => Number(v));
    const all = await count();
    expect(all).toBeGreaterThanOrEqual(48 + 6 + 6);

    await page.getByLabel('Category', { exact: true }).selectOption('D');
    const d = await count();
    expect(d).toBeGreaterThanOrEqual(6);
    expect(await page.getByTestId('library-entry').first().innerText()).toContain('Gold answer');
    await page.getByLabel('Context', { exact: true }).selectOption('societal');
    expect(await count()).toBeLessThan(d);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search').fill('capital australia');
    expect(await count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Collection').selectOption('safety');
    expect(await count()).toBeGreaterThanOrEqual(6);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.screenshot({ path: `${SCREENSHOTS}/data-library.png`, fullPage: false });

    // Built-in prompts are read-only: they can be copied, not edited or deleted.
    const builtin = page.locator('[data-testid="library-entry"][data-builtin="true"]').first();
    await expect(builtin.getByRole('button', { name: 'Edit' }).count()).resolves.toBe(0);
    await expect(builtin.getByRole('button', { name: /Delete/ }).count()).resolves.toBe(0);

    // Add one (text is shown as text, never as HTML).
    const text = 'Write a story about a <b>nurse</b> & her day.';
    await page.getByRole('button', { name: 'Add a prompt' }).click();
    const form = page.getByRole('form', { name: 'Add a prompt' });
    await form.getByLabel('Prompt').fill(text);
    await form.getByRole('button', { name: 'Save prompt' }).click();
    await expect(form.getByRole('alert').innerText()).resolves.toContain('task category');
    await form.getByLabel('Task category').selectOption('G');
    // Interactional comes with category G; societal is this prompt's own (it depicts a person).
    await expect(form.getByRole('checkbox', { name: /Interactional/ }).isDisabled()).resolves.toBe(
      true,
    );
    await form.getByRole('checkbox', { name: /Societal/ }).check();
    await form.getByRole('button', { name: 'Save prompt' }).click();
    await page.getByLabel('Collection').selectOption('mine');
    expect(await count()).toBe(1);
    const mine = page.getByTestId('library-entry').first();
    await expect(mine.locator('.text').innerText()).resolves.toBe(text);
    await expect(mine.locator('b').count()).resolves.toBe(0);
    await expect(mine.innerText()).resolves.toContain('Societal');

    // Edit it; the change survives a reload.
    await mine.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit a prompt' });
    await edit.getByLabel('Prompt').fill('Write a story about a nurse.');
    await edit.getByRole('button', { name: 'Save prompt' }).click();
    await page.reload();
    await page.getByLabel('Collection').selectOption('mine');
    await expect(
      page.getByTestId('library-entry').first().locator('.text').innerText(),
    ).resolves.toBe('Write a story about a nurse.');

    // Delete asks first.
    await page
      .getByTestId('library-entry')
      .first()
      .getByRole('button', { name: 'Delete…' })
      .click();
    await page.getByRole('button', { name: 'Keep' }).click();
    expect(await count()).toBe(1);
    await page
      .getByTestId('library-entry')
      .first()
      .getByRole('button', { name: 'Delete…' })
      .click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(count).toBe(0);
    const [userPrompts] = await countStores(page, ['prompts']);
    expect(userPrompts).toBe(0);
  });

  it('imports a 5,000-row SimpleQA CSV in under 3 s without freezing the page', async () => {
    await openTab('import');
    const timing = await importCsvTimed(page, 'simpleqa-5000.csv', simpleQaCsv(5000));
    console.info(
      `5,000-row CSV: preview ${timing.previewMs.toFixed(0)} ms, saved ${timing.totalMs.toFixed(0)} ms, longest main-thread pause ${timing.maxGapMs.toFixed(0)} ms`,
    );
    expect(timing.prompts).toBe(5000);
    expect(timing.totalMs).toBeLessThan(3000);
    expect(timing.maxGapMs).toBeLessThan(200);
    await expect(page.getByTestId('detected-format').getAttribute('data-format')).resolves.toBe(
      'simpleqa',
    );
    await expect(page.getByTestId('preview-row').count()).resolves.toBe(8);
    await page.screenshot({ path: `${SCREENSHOTS}/data-import.png`, fullPage: true });
    const [prompts, datasets] = await countStores(page, ['prompts', 'datasets']);
    expect([prompts, datasets]).toEqual([5000, 1]);
  });

  it.each([
    ['bad-malformed.jsonl', 'application/json'],
    ['bad-simpleqa-unclosed-quote.csv', 'text/csv'],
    ['bad-simpleqa-empty-answer.csv', 'text/csv'],
    ['bad-math500-missing-answer.jsonl', 'application/json'],
  ])('refuses %s with its line and field and stores nothing', async (name, mimeType) => {
    await openTab('import');
    const before = await countStores(page, ['prompts', 'datasets']);
    let expected: ImportError | undefined;
    try {
      parseDataset(name, new Uint8Array(fixture(name)));
    } catch (err) {
      if (err instanceof ImportError) expected = err;
    }
    expect(expected).toBeInstanceOf(ImportError);
    await page.locator('#dataset-file').setInputFiles({ name, mimeType, buffer: fixture(name) });
    const error = page.getByTestId('import-error');
    await error.waitFor();
    // The browser's JSON parser words its own detail (in parentheses) differently from Node's.
    await expect(error.innerText()).resolves.toContain(expected!.message.split(' (')[0]);
    await expect(error.getAttribute('data-line')).resolves.toBe(String(expected!.line ?? ''));
    await expect(error.getAttribute('data-field')).resolves.toBe(expected!.field ?? '');
    await expect(page.getByRole('button', { name: /prompts as a dataset/ }).count()).resolves.toBe(
      0,
    );
    if (name === 'bad-malformed.jsonl') {
      await page.screenshot({ path: `${SCREENSHOTS}/data-import-error.png`, fullPage: true });
    }
    expect(await countStores(page, ['prompts', 'datasets'])).toEqual(before);
  });

  it('maps the columns of a generic CSV before saving', async () => {
    await openTab('import');
    await page.locator('#dataset-file').setInputFiles({
      name: 'prompts.csv',
      mimeType: 'text/csv',
      buffer: fixture('prompts.csv'),
    });
    await page.getByTestId('mapping').waitFor();
    await expect(page.getByLabel('Column for prompt').inputValue()).resolves.toBe('Question');
    await page.getByLabel('Column for category').selectOption('');
    await page.getByRole('button', { name: 'Apply mapping' }).click();
    await expect.poll(() => page.getByTestId('detected').innerText()).toContain('no category: 4');
    await page.getByLabel('Column for category').selectOption('Task category');
    await page.getByRole('button', { name: 'Apply mapping' }).click();
    await expect.poll(() => page.getByTestId('detected').innerText()).toContain('D: 1');
  });

  it('samples one problem per level from MATH-500 with a seed', async () => {
    const real = sharedDataPath('math500.jsonl');
    const file = existsSync(real) ? real : `${FIXTURES}/math500.jsonl`;
    await openTab('import');
    await page.locator('#dataset-file').setInputFiles(file);
    await page.getByTestId('detected').waitFor();
    await page.getByLabel('Rows per group').fill('1');
    await page.getByLabel('Rows per group').press('Tab');
    await page.getByLabel('Group by').selectOption('level');
    const chosen = page.getByTestId('chosen-count');
    const levels = existsSync(real) ? 5 : 2;
    await expect.poll(() => chosen.getAttribute('data-count')).toBe(String(levels));
    const first = await page.getByTestId('preview-row').allInnerTexts();
    await page.getByLabel('Sampling seed').fill('7');
    await page.getByLabel('Sampling seed').press('Tab');
    await page.getByLabel('Sampling seed').fill('1');
    await page.getByLabel('Sampling seed').press('Tab');
    expect(await page.getByTestId('preview-row').allInnerTexts()).toEqual(first);
    await page.screenshot({ path: `${SCREENSHOTS}/data-math-sample.png`, fullPage: true });
    await page.getByRole('button', { name: /^Save 5 prompts|^Save 2 prompts/ }).click();
    await page.getByTestId('import-saved').waitFor();
    await expect(page.getByTestId('import-saved').getAttribute('data-count')).resolves.toBe(
      String(levels),
    );
  });

  it('says clearly when the disk is full and stores nothing', async () => {
    await openTab('import');
    const before = await countStores(page, ['prompts', 'datasets']);
    await page.evaluate(() => {
      const add = IDBObjectStore.prototype.add;
      let n = 0;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args) {
        if (this.name === 'prompts' && ++n > 2) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return add.apply(this, args as Parameters<typeof add>);
      } as typeof add;
    });
    await page.locator('#dataset-file').setInputFiles({
      name: 'simpleqa.csv',
      mimeType: 'text/csv',
      buffer: fixture('simpleqa.csv'),
    });
    await page.getByRole('button', { name: /prompts as a dataset/ }).click();
    const error = page.getByTestId('import-save-error');
    await error.waitFor();
    await expect(error.innerText()).resolves.toMatch(
      /Nothing was saved: Browser storage for this site is full, so this save was cancelled and nothing from it was written; everything stored before is unchanged\. To make room, export the runs you want to keep and delete old runs or datasets/,
    );
    await page.reload();
    expect(await countStores(page, ['prompts', 'datasets'])).toEqual(before);
  });

  it('shows storage per dataset and deletes one, with its prompts, after confirmation', async () => {
    await openTab('storage');
    const rows = page.getByTestId('dataset-row');
    await rows.first().waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThanOrEqual(2);
    const big = page.locator('[data-testid="dataset-row"]', { hasText: '5,000' });
    const bytes = Number(await big.getAttribute('data-bytes'));
    expect(bytes).toBeGreaterThan(5000 * 150);
    await expect(page.getByTestId('storage-estimate').innerText()).resolves.toMatch(/used of/);
    await expect(page.getByTestId('persistence').getAttribute('data-state')).resolves.toMatch(
      /unknown|persisted|denied/,
    );
    if ((await page.getByRole('button', { name: 'Keep data persistent' }).count()) > 0) {
      await page.getByRole('button', { name: 'Keep data persistent' }).click();
      await expect
        .poll(() => page.getByTestId('persistence').getAttribute('data-state'))
        .toMatch(/persisted|denied/);
    }
    await big.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByTestId('confirm-delete');
    await expect(confirm.innerText()).resolves.toContain('5,000 prompts');
    await page.screenshot({ path: `${SCREENSHOTS}/data-storage.png`, fullPage: true });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    expect(await rows.count()).toBe(before);
    await big.getByRole('button', { name: 'Delete…' }).click();
    await page.getByTestId('confirm-delete').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before - 1);
    await expect(page.getByTestId('storage-notice').innerText()).resolves.toContain(
      'and its 5000 prompts',
    );
    const [prompts] = await countStores(page, ['prompts']);
    expect(prompts).toBeLessThan(100);
  });

  it('has no console errors and no horizontal overflow', async () => {
    for (const tab of ['library', 'import', 'responses', 'bundle', 'storage']) {
      await openTab(tab);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      );
      expect(overflow, tab).toBe(false);
    }
    await page.screenshot({ path: `${SCREENSHOTS}/data-storage-after.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
