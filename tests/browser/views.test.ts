// Browser test of the MMHS chart views in the built app: a run is produced by the real pipeline
// against the local fake provider server (OpenAI-compatible chat and embeddings, probes measured
// by the judge), written into the page's IndexedDB, and opened under Results > Charts. Each view's
// marks must equal the stored numbers; a clicked point opens its responses; exports download.
// Screenshots go to test-results/screenshots/views-*.png.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { createCloudChatEngine, createCloudEmbeddingEngine } from '../../src/lib/engines/cloud';
import { PlaygroundRunStore, type PersistedRun } from '../../src/lib/pipeline/store';
import { probeReadings } from '../../src/lib/pipeline/probes';
import { openDatabase } from '../../src/lib/storage/db';
import {
  DB_NAME,
  STORES,
  type FunctionalMetricRecord,
  type GeneralMetricRecord,
} from '../../src/lib/storage/schema';
import {
  EMBEDDER,
  GENERATORS,
  JUDGE,
  K,
  createViewsRun,
  viewsReply,
} from '../../src/lib/components/views/testing/seed';
import { FAKE_API_KEY, startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';

const SCREENSHOTS = 'test-results/screenshots';
const RUN = 'views-run';

const key = (promptId: string, model: string, strategy: string): string =>
  [promptId, model, strategy].map(encodeURIComponent).join('/');

function functional(run: PersistedRun): FunctionalMetricRecord[] {
  return run.metrics.filter((m): m is FunctionalMetricRecord => m.kind === 'functional');
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Writes every record of the run, and the stored embeddings, into the page's database. */
async function importRecords(page: Page, lists: [string, unknown[]][]): Promise<void> {
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

/** Reads `data-*` attributes of every element matching `selector`. */
function attrs(page: Page, selector: string): Promise<Record<string, string>[]> {
  return page
    .locator(selector)
    .evaluateAll((els) =>
      els.map((el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>),
    );
}

describe('MMHS chart views in Chromium', () => {
  let server: FakeProviders;
  let browser: Browser;
  let page: Page;
  let run: PersistedRun;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders();
    server.script((input) =>
      viewsReply({
        model: input.model,
        messages: input.messages as ChatMessage[],
        ...(input.seed === undefined ? {} : { seed: input.seed }),
        choice: input.choiceIndex,
      }),
    );
    const provider = {
      kind: 'openai-compatible' as const,
      providerId: 'fake',
      apiKey: FAKE_API_KEY,
      baseUrl: `${server.url}/openai/v1`,
      maxConcurrency: 8,
      retry: { baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 10_000 },
      probe: () => Promise.resolve(false),
    };
    const chat = await Promise.all(
      [...GENERATORS, JUDGE].map((id) => createCloudChatEngine(provider, id.split('/')[1]!)),
    );
    const embed = await createCloudEmbeddingEngine(provider, EMBEDDER.split('/')[1]!);
    expect([...chat.map((e) => e.id), embed.id]).toEqual([...GENERATORS, JUDGE, EMBEDDER]);
    // The run is made in Node on fake-indexeddb, against the fake server over HTTP.
    const db = await openDatabase({ factory: new IDBFactory(), name: 'views-browser' });
    const store = new PlaygroundRunStore(db);
    await createViewsRun({ store, db, runId: RUN, engines: { chat, embed } });
    run = await store.load(RUN);
    const embeddings = (await db.getAll(STORES.embeddings)).map((e) => ({
      ...e,
      vector: Array.from(e.vector),
    }));
    expect(embeddings.length).toBeGreaterThan(0);
    expect(probeReadings(run.judgements, JUDGE).size).toBeGreaterThan(0);

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(`${inject('baseUrl')}#/results`);
    await page.getByTestId('no-runs').waitFor();
    await importRecords(page, [
      [STORES.runs, [run.run]],
      [STORES.runSpecs, [run.spec]],
      [STORES.runUnits, run.units],
      [STORES.responses, run.responses],
      [STORES.judgements, run.judgements],
      [STORES.classifications, run.classifications],
      [STORES.checklists, run.checklists],
      [STORES.metrics, run.metrics],
      [STORES.embeddings, embeddings],
    ]);
    await page.goto(`${inject('baseUrl')}#/results?run=${RUN}`);
    await page.reload();
    await page.getByTestId('results-show-charts').click();
    await page.getByTestId('run-views').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('quadrant map: marks at the stored functional variation, labelled quadrants, summaries', async () => {
    await page.getByTestId('quadrant-marks').waitFor();
    const marks = await attrs(page, '[data-testid="quadrant-marks"] [data-i]');
    const stored = new Map(functional(run).map((m) => [key(m.promptId, m.model, m.strategy), m]));
    expect(marks.length).toBeGreaterThan(stored.size);
    for (const m of marks) {
      const f = stored.get(m.point!)!;
      expect(Number(m.x)).toBeCloseTo((f.classCount - 1) / (f.responseIds.length - 1), 12);
    }
    await expect(page.getByTestId('quadrant-label').allTextContents()).resolves.toEqual([
      'Heaven',
      'Magic',
      'Sin',
      'Madness',
    ]);
    const summaries = await attrs(page, '[data-testid="context-summary"]');
    for (const s of summaries) {
      const ys = marks.filter((m) => m.context === s.context).map((m) => Number(m.y));
      expect(Number(s.mean)).toBeCloseTo(mean(ys), 12);
    }
    // The boundary rule is stated, and every mark exactly on the dashed line (3 of 5 classes) is
    // drawn visibly right of it, in the half of its quadrant, with a thick outline.
    await expect(page.getByTestId('quadrant-rule').innerText()).resolves.toContain(
      'Variation ≥ 0.5 counts as heterogeneity',
    );
    const geometry = await page.evaluate(() => {
      const group = document.querySelector('[data-testid="quadrant-marks"]')!;
      const [vertical, horizontal] = [
        ...group.parentElement!.querySelectorAll('line[stroke-dasharray]'),
      ].map((l) => l.getBoundingClientRect());
      return {
        lineX: vertical!.x,
        lineY: horizontal!.y,
        marks: [...group.querySelectorAll<SVGGraphicsElement>('[data-on-boundary="1"]')].map(
          (m) => {
            const box = m.getBoundingClientRect();
            return {
              x: Number(m.dataset.x),
              quadrant: m.dataset.quadrant ?? '',
              cx: box.left + box.width / 2,
              cy: box.top + box.height / 2,
              stroke: Number.parseFloat(getComputedStyle(m).strokeWidth),
            };
          },
        ),
      };
    });
    expect(geometry.marks.length).toBeGreaterThan(0);
    for (const m of geometry.marks) {
      expect(m.x).toBe(0.5);
      expect(['Magic', 'Madness']).toContain(m.quadrant);
      // Its centre is clearly right of the vertical line and off the horizontal one.
      expect(m.cx).toBeGreaterThan(geometry.lineX + 2);
      if (m.quadrant === 'Magic') expect(m.cy).toBeLessThan(geometry.lineY - 2);
      else expect(m.cy).toBeGreaterThan(geometry.lineY + 2);
      expect(m.stroke).toBeGreaterThan(2);
    }
    await expect(page.getByTestId('quadrant-boundary-note').innerText()).resolves.toContain(
      `${geometry.marks.length} marks`,
    );
    await page
      .getByTestId('chart-quadrant')
      .screenshot({ path: `${SCREENSHOTS}/views-quadrant.png` });
  });

  it('strategy toggles move the same marks (animated), and a clicked point opens its responses', async () => {
    const strategy = page.getByTestId('quadrant-strategy');
    await strategy.getByLabel('Temperature sampling').check();
    await page.getByTestId('quadrant-model').getByLabel('fake/alpha').check();
    const mark = page.locator('[data-mark-id="pG|interactional"]');
    const before = await mark.evaluate((el) => getComputedStyle(el).transform);
    expect(await mark.evaluate((el) => getComputedStyle(el).transitionProperty)).toContain(
      'transform',
    );
    await strategy.getByLabel('System prompt (task-anchored)').check();
    await expect(mark.getAttribute('data-point')).resolves.toBe(
      key('pG', 'fake/alpha', 'system-task-anchored'),
    );
    // Mid-flight the mark is between its two positions; it settles on the new one.
    await page.waitForTimeout(900);
    const after = await mark.evaluate((el) => getComputedStyle(el).transform);
    expect(after).not.toBe(before);
    await page
      .getByTestId('chart-quadrant')
      .screenshot({ path: `${SCREENSHOTS}/views-quadrant-anchored.png` });

    // Click the mark that is on top at a point, as a user would.
    const box = (await mark.boundingBox())!;
    const target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const hit = await page.evaluate(
      ({ x, y }) => (document.elementFromPoint(x, y) as SVGElement | null)?.dataset.point ?? null,
      target,
    );
    expect(hit).not.toBeNull();
    await page.mouse.move(target.x, target.y);
    await expect(page.getByTestId('tooltip').innerText()).resolves.toMatch(/click or press Enter/);
    await page.mouse.click(target.x, target.y);
    const detail = page.getByTestId('point-detail');
    await detail.waitFor();
    await expect(detail.getAttribute('data-point')).resolves.toBe(hit);
    const [promptId, model, strategyId] = hit!.split('/').map(decodeURIComponent);
    const responses = run.responses
      .filter((r) => r.promptId === promptId && r.model === model && r.strategy === strategyId)
      .sort((a, b) => a.index - b.index);
    await expect(detail.getByTestId('detail-response').count()).resolves.toBe(K);
    const shown = await detail
      .getByTestId('detail-response')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.response));
    expect(shown).toEqual(responses.map((r) => r.id));
    // Markdown is rendered (bold idea tag), not shown as raw asterisks.
    await expect(
      detail.locator('[data-testid="markdown"] strong').first().innerText(),
    ).resolves.toMatch(/\[idea \d\]/);
    await detail.screenshot({ path: `${SCREENSHOTS}/views-detail.png` });
    await detail.getByTestId('close-detail').click();
    await strategy.getByLabel('All').check();
    await page.getByTestId('quadrant-model').getByLabel('All').check();
  });

  it('per-category diversity: bars are the stored means with the paper reference marks', async () => {
    await page.getByRole('tab', { name: 'Per-category diversity' }).click();
    await page.getByTestId('category-marks').waitFor();
    const bars = await attrs(page, '[data-testid="category-bar"]');
    const cells = new Map<string, number[]>();
    for (const m of functional(run)) {
      const id = `${m.category}|${m.strategy}`;
      cells.set(id, [...(cells.get(id) ?? []), m.classCount]);
    }
    expect(bars).toHaveLength(cells.size);
    for (const b of bars) {
      expect(Number(b.mean)).toBeCloseTo(mean(cells.get(`${b.category}|${b.strategy}`)!), 12);
    }
    const refs = page.getByTestId('reference-mark');
    expect(await refs.count()).toBeGreaterThan(0);
    await refs.first().hover();
    await expect(page.getByTestId('tooltip').innerText()).resolves.toContain('Jain et al. (2025)');
    await page
      .getByTestId('chart-categories')
      .screenshot({ path: `${SCREENSHOTS}/views-categories.png` });
  });

  it('trade-off: strategy x model means of the stored variation and quality', async () => {
    await page.getByRole('tab', { name: 'Diversity vs quality' }).click();
    await page.getByTestId('tradeoff-marks').waitFor();
    const groups = await attrs(page, '[data-testid="tradeoff-group"]');
    const vocab = new Map(
      run.metrics
        .filter((m): m is GeneralMetricRecord => m.kind === 'general')
        .map((m) => [key(m.promptId, m.model, m.strategy), m.vocabulary]),
    );
    expect(groups).toHaveLength(2 * 5 * GENERATORS.length);
    for (const g of groups.filter((x) => x.panel === 'general')) {
      const xs = [...vocab]
        .filter(([id]) => id.endsWith(`/${encodeURIComponent(g.model!)}/${g.strategy}`))
        .map(([, v]) => v);
      expect(Number(g.x)).toBeCloseTo(mean(xs), 12);
    }
    await page
      .getByTestId('chart-tradeoff')
      .screenshot({ path: `${SCREENSHOTS}/views-tradeoff.png` });
  });

  it('metrics vs classes: one dot per result and metric, rho table', async () => {
    await page.getByRole('tab', { name: 'Metrics vs classes' }).click();
    await page.getByTestId('correlation-marks').waitFor();
    await expect(page.locator('[data-testid="correlation-marks"] [data-i]').count()).resolves.toBe(
      functional(run).length * 3,
    );
    await expect(page.getByTestId('rho-cell').count()).resolves.toBe((8 + 1) * 3);
    await page
      .getByTestId('chart-correlation')
      .screenshot({ path: `${SCREENSHOTS}/views-correlation.png` });
  });

  it('response map: every stored embedding projected in a worker, text on hover', async () => {
    await page.getByRole('tab', { name: 'Response map' }).click();
    await page.locator('[data-testid="map-marks"] [data-i]').first().waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid="map-marks"] [data-i]').count()).resolves.toBe(
      run.responses.length,
    );
    await page.locator('[data-testid="map-marks"] [data-i="3"]').hover({ force: true });
    await expect(page.getByTestId('tooltip').innerText()).resolves.toMatch(/sample \d/);
    await page.getByTestId('chart-map').screenshot({ path: `${SCREENSHOTS}/views-map.png` });
  });

  it('probes: societal entropy and safety consistency from the judge readings', async () => {
    await page.getByRole('tab', { name: 'Probes' }).click();
    await page.getByTestId('societal-cells').waitFor();
    const read = probeReadings(run.judgements, JUDGE);
    const rows = await attrs(page, '[data-testid="safety-row"]');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const [promptId, model, strategy] = r.row!.split('/').map(decodeURIComponent);
      const labels = run.responses
        .filter((x) => x.promptId === promptId && x.model === model && x.strategy === strategy)
        .map((x) => read.get(x.id)?.safety);
      expect(Number(r.refusal)).toBe(labels.filter((l) => l === 'refusal').length);
      expect(Number(r.compliance)).toBe(labels.filter((l) => l === 'compliance').length);
    }
    await expect(page.getByTestId('paraphrase-row').count()).resolves.toBe(5 * GENERATORS.length);
    await expect(page.getByTestId('probe-measure-button').innerText()).resolves.toBe(
      'Measure 0 responses',
    );
    await page
      .getByTestId('chart-societal')
      .screenshot({ path: `${SCREENSHOTS}/views-societal.png` });
    await page.getByTestId('chart-safety').screenshot({ path: `${SCREENSHOTS}/views-safety.png` });
  });

  it('exports a chart as SVG and PNG, and shows its table alternative', async () => {
    await page.getByRole('tab', { name: 'Quadrant map' }).click();
    const frame = page.getByTestId('chart-quadrant');
    await frame.waitFor();
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByTestId('export-svg').click(),
    ]);
    expect(svg.suggestedFilename()).toBe('mmhs-quadrant-map.svg');
    const svgText = await (
      await svg.createReadStream()
    )
      .toArray()
      .then((c) => Buffer.concat(c).toString('utf8'));
    expect(svgText).toContain('<title id="chart-title">MMHS quadrant map</title>');
    expect(svgText).toContain('Heaven');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      frame.getByTestId('export-png').click(),
    ]);
    expect(png.suggestedFilename()).toBe('mmhs-quadrant-map.png');
    const pngBytes = await (await png.createReadStream()).toArray().then((c) => Buffer.concat(c));
    expect(pngBytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    writeFileSync(`${SCREENSHOTS}/views-export.png`, pngBytes);
    // IHDR width: twice the chart's 760 px.
    expect(pngBytes.readUInt32BE(16)).toBe(1520);
    await frame.getByTestId('toggle-table').click();
    const rows = await frame.getByTestId('chart-table').locator('tbody tr').count();
    expect(rows).toBeGreaterThan(0);
    await frame.screenshot({ path: `${SCREENSHOTS}/views-table.png` });
    await frame.getByTestId('toggle-table').click();
  });

  it('is keyboard reachable: tabs by arrows, marks by Tab and arrows, Enter opens', async () => {
    await page.getByRole('tab', { name: 'Quadrant map' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Per-category diversity' })).toBeDefined();
    await expect(
      page.getByRole('tab', { name: 'Per-category diversity' }).getAttribute('aria-selected'),
    ).resolves.toBe('true');
    await page.keyboard.press('ArrowLeft');
    // All marks are one tab stop after the tabs: Tab reaches them, arrows move, Enter opens.
    const marks = page.getByTestId('quadrant-marks');
    await marks.focus();
    await expect(page.getByTestId('focus-ring').count()).resolves.toBe(1);
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('active-mark').innerText()).resolves.toMatch(/^2 of \d+:/);
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('point-detail');
    await detail.waitFor();
    await expect(detail.getAttribute('data-point')).resolves.toBe(
      await marks.locator('[data-i="1"]').getAttribute('data-point'),
    );
    await page.getByTestId('close-detail').click();
  });

  it('logged no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
