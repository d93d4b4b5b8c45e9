// Browser test of the Results area in the built app: a run made by the real pipeline with
// scripted engines (in Node) is written into the page's IndexedDB; the runs list, the run table,
// a prompt view with its equivalence graph, the cross-model view and the classifier check must
// show exactly what was stored. Screenshots go to test-results/screenshots/results-*.png.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createSeededRun } from '../../src/lib/components/results/testing/seeded-run';
import { crossModelPools } from '../../src/lib/pipeline/cross-model';
import type { PersistedRun } from '../../src/lib/pipeline/store';
import { MemoryRunStore } from '../../src/lib/pipeline/testing/memory-store';
import { DB_NAME, STORES, type FunctionalMetricRecord } from '../../src/lib/storage/schema';
import { formatClasses } from '../../src/lib/state/results-view';
import { launchChromium } from './chromium';

const SCREENSHOTS = 'test-results/screenshots';

function functional(run: PersistedRun): FunctionalMetricRecord[] {
  return run.metrics.filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

/** Writes every record of a stored run into the page's app database. */
async function importRun(page: Page, run: PersistedRun): Promise<void> {
  // The records travel as JSON: they are plain data, and typing them through evaluate is too deep.
  const lists: [string, unknown[]][] = [
    [STORES.runs, [run.run]],
    [STORES.runSpecs, [run.spec]],
    [STORES.runUnits, run.units],
    [STORES.responses, run.responses],
    [STORES.judgements, run.judgements],
    [STORES.classifications, run.classifications],
    [STORES.checklists, run.checklists],
    [STORES.metrics, run.metrics],
  ];
  await page.evaluate(
    async ({ json, name }: { json: string; name: string }) => {
      const records = JSON.parse(json) as [string, unknown[]][];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(
        records.map(([store]) => store),
        'readwrite',
      );
      for (const [store, values] of records) {
        for (const value of values) tx.objectStore(store).put(value);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
    },
    { json: JSON.stringify(lists), name: DB_NAME },
  );
}

describe('Results in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let run: PersistedRun;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const store = new MemoryRunStore();
    const { runId } = await createSeededRun(store, { name: 'Seeded run: two models, A-H' });
    run = await store.load(runId);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(`${inject('baseUrl')}#/results`);
    // The page creates the database on first use; the run is imported into it.
    await page.getByTestId('no-runs').waitFor();
    await importRun(page, run);
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the imported run', async () => {
    const item = page.getByTestId('run-item');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    const stats = run.run!.stats!;
    await expect(item.getByTestId('judge-calls').innerText()).resolves.toBe(
      `${stats.judgeCallsSent} sent · ${stats.judgeCallsCached} cached · ${
        stats.judgeCallsEveryPair - stats.judgeCalls
      } skipped`,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/results-list.png` });
  });

  it('shows the stored class counts in the run table', async () => {
    await page.getByTestId('run-item').getByRole('link').click();
    await page.getByTestId('results-table').waitFor();
    expect(new URL(page.url()).hash).toBe('#/results?run=seeded-run');
    const rows = await page.getByTestId('result-row').evaluateAll((els) =>
      els.map((el) => ({
        prompt: (el as HTMLElement).dataset.prompt,
        model: (el as HTMLElement).dataset.model,
        strategy: (el as HTMLElement).dataset.strategy,
        classes: el.querySelector('[data-col="classes"]')?.textContent?.replace('⚠', '').trim(),
      })),
    );
    expect(rows).toHaveLength(8 * 2 * 5);
    for (const row of rows) {
      const metric = functional(run).find(
        (m) => m.promptId === row.prompt && m.model === row.model && m.strategy === row.strategy,
      );
      expect(row.classes).toBe(
        formatClasses(metric?.classCount ?? null, metric?.responseIds.length ?? 0),
      );
    }
    const calls = functional(run).reduce((s, m) => s + m.calls, 0);
    const every = functional(run).reduce((s, m) => s + m.everyPairCalls, 0);
    await expect(page.getByTestId('judge-calls-skipped').innerText()).resolves.toBe(
      String(every - calls),
    );
    const sent = functional(run).reduce((s, m) => s + (m.sentCalls ?? Number.NaN), 0);
    await expect(page.getByTestId('judge-calls-sent').innerText()).resolves.toBe(String(sent));
    await page.screenshot({ path: `${SCREENSHOTS}/results-run.png`, fullPage: true });
    await page
      .getByTestId('results-table')
      .screenshot({ path: `${SCREENSHOTS}/results-table.png` });
  });

  it('filters the table by category, strategy and model', async () => {
    await page.getByTestId('filter-category').selectOption('G');
    await page.getByTestId('filter-strategy').selectOption('system-task-anchored');
    await page.getByTestId('filter-model').selectOption('fake/beta');
    await expect(page.getByTestId('result-row').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page.getByTestId('result-row').count()).resolves.toBe(80);
  });

  it('shows the classifier check per model', async () => {
    const matrices = page.getByTestId('confusion');
    await expect(matrices.count()).resolves.toBe(2);
    for (const model of ['fake/alpha', 'fake/beta']) {
      const own = run.classifications.filter((c) => c.model === model);
      const correct = own.filter((c) => c.correct === true).length;
      const text = await page
        .locator(`[data-testid="confusion"][data-model="${model}"]`)
        .getByTestId('classifier-accuracy')
        .innerText();
      expect(text).toContain(`(${correct} of ${own.length})`);
    }
    await page
      .locator('section[aria-labelledby="classifier-title"]')
      .screenshot({ path: `${SCREENSHOTS}/results-classifier.png` });
  });

  it('shows the cross-model comparison from the stored pooled verdicts', async () => {
    const panel = page.getByTestId('cross-model');
    await panel.getByText(/Every prompt and strategy/).click();
    const pooled = await panel
      .getByTestId('cross-row')
      .evaluateAll((els) =>
        els.map((el) => el.querySelector('[data-col="pooled"]')?.textContent?.trim()),
      );
    expect(pooled).toEqual(crossModelPools(run).map((p) => String(p.convergence.pooled)));
    await panel.screenshot({ path: `${SCREENSHOTS}/results-cross-model.png` });
  });

  it('opens a prompt: responses by class, verdicts and a graph matching the stored verdicts', async () => {
    await page.goto(`${inject('baseUrl')}#/results?run=seeded-run&prompt=pH`);
    const view = page.getByTestId('prompt-view');
    await view.waitFor();
    const select = view.getByTestId('group-select');
    const value = await select
      .locator('option', { hasText: 'System prompt (task-anchored) · fake/alpha' })
      .getAttribute('value');
    await select.selectOption(value!);
    const metric = functional(run).find(
      (m) =>
        m.promptId === 'pH' && m.model === 'fake/alpha' && m.strategy === 'system-task-anchored',
    )!;
    const graph = view.getByTestId('equivalence-graph');
    await expect(graph.getByTestId('graph-node').count()).resolves.toBe(metric.responseIds.length);
    await expect(graph.locator('line[data-source="judged"]').count()).resolves.toBe(
      metric.verdicts.filter((v) => v.equivalent && v.source === 'judged').length,
    );
    await expect(graph.locator('line[data-source="inferred"]').count()).resolves.toBe(
      metric.verdicts.filter((v) => v.source === 'inferred').length,
    );
    await expect(view.getByTestId('class-column').count()).resolves.toBe(metric.classCount);
    await expect(
      view.locator('[data-testid="verdict-row"][data-failed="true"]').count(),
    ).resolves.toBe(metric.failedPairs);
    await page.screenshot({ path: `${SCREENSHOTS}/results-prompt.png`, fullPage: true });

    // Keyboard: Tab reaches the graph nodes, Enter opens the response card.
    await graph.getByTestId('graph-node').first().focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('card-1');
  });

  it('shows a pooled group with inferred (dashed) and judged (solid) edges', async () => {
    await page.goto(`${inject('baseUrl')}#/results?run=seeded-run&prompt=pF`);
    const view = page.getByTestId('prompt-view');
    await view.waitFor();
    const select = view.getByTestId('group-select');
    const value = await select
      .locator('option', { hasText: 'System prompt (task-anchored) · all models pooled' })
      .getAttribute('value');
    await select.selectOption(value!);
    const pool = crossModelPools(run).find(
      (p) => p.promptId === 'pF' && p.strategy === 'system-task-anchored',
    )!;
    const graph = view.getByTestId('equivalence-graph');
    await expect(graph.getByTestId('graph-node').count()).resolves.toBe(10);
    await expect(graph.locator('line').count()).resolves.toBe(pool.result.edges.length);
    await expect(graph.locator('line[data-source="inferred"]').count()).resolves.toBeGreaterThan(0);
    await view.getByTestId('equivalence-graph').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/results-pooled.png`, fullPage: true });
  });

  it('has no horizontal overflow and no console errors', async () => {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth,
    );
    expect(overflow).toBe(false);
    expect(consoleErrors).toEqual([]);
  });
});
