// Views that read at a glance (issue 12): a seeded run is opened in the built app, every view is
// photographed (test-results/screenshots/glance-*.png, or SHOTS_DIR), and the defects a new user
// met are checked: piled-up quadrant marks, toggles that hide their state, reference marks over
// bars, category letters without names, a prompt opened at the page bottom, analysis progress
// below the fold with the button left enabled, and ids wrapped mid-word.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { PersistedRun } from '../../src/lib/pipeline/store';
import { startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';
import { addFakeProvider, FAKE_PROVIDER } from './provider-helpers';
import { importRun } from './page-db';
import { makeViewsRun } from './views-seed';

const SHOTS = process.env.SHOTS_DIR ?? 'test-results/screenshots';
const RUN = 'glance-run';
const VIEWPORT = { width: 1280, height: 900 };

/** The rectangle of an element in the viewport. */
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Client rectangles of every element matching the locator. */
function rects(locator: Locator): Promise<Rect[]> {
  return locator.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('Views read at a glance', () => {
  let server: FakeProviders;
  let browser: Browser;
  let page: Page;
  let run: PersistedRun;
  const consoleErrors: string[] = [];
  /** A screenshot with the pointer parked away from every mark (no stray tooltip). */
  const shot = async (name: string, target?: Locator, fullPage = false): Promise<void> => {
    await page.mouse.move(0, 0);
    const path = `${SHOTS}/glance-${name}.png`;
    if (target === undefined) await page.screenshot({ path, fullPage });
    else await target.screenshot({ path });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startFakeProviders();
    const seeded = await makeViewsRun(server, RUN);
    run = seeded.run;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(`${inject('baseUrl')}#/results`);
    await page.getByTestId('no-runs').waitFor();
    await importRun(page, run, seeded.embeddings);
    await page.reload();
    await page
      .getByRole('link', { name: /Views seed run/ })
      .first()
      .waitFor();
    await shot('runs');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the Table/Charts toggle shows which is selected', async () => {
    await page.goto(`${inject('baseUrl')}#/results?run=${RUN}`);
    await page.getByTestId('results-table').waitFor();
    const table = page.getByTestId('results-show-table');
    const charts = page.getByTestId('results-show-charts');
    await expect(table.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(charts.getAttribute('aria-pressed')).resolves.toBe('false');
    const look = (l: Locator) =>
      l.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} ${s.color} ${el.textContent ?? ''}`;
      });
    // Pressed and not pressed look different (fill and a tick), not only to screen readers.
    expect(await look(table)).not.toBe(await look(charts));
    await expect(table.innerText()).resolves.toMatch(/✓/);
    await shot('run-table');
    await shot('run-table-full', undefined, true);
    await charts.click();
    await expect(charts.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(table.getAttribute('aria-pressed')).resolves.toBe('false');
    await page.getByTestId('run-views').waitFor();
    // Each chart's Chart/Table switch shows its state too.
    const frame = page.getByTestId('chart-quadrant');
    await expect(frame.getByTestId('toggle-chart').getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await frame.getByTestId('toggle-table').click();
    await expect(frame.getByTestId('toggle-table').getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );
    await frame.getByTestId('chart-table').waitFor();
    await shot('quadrant-table', frame);
    await frame.getByTestId('toggle-chart').click();
    await table.click();
    await page.getByTestId('results-table').waitFor();
  });

  it('category means are named, not only lettered', async () => {
    const rows = await page.getByTestId('pivot').locator('tbody th').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatch(/^A\s+Well-specified$/);
    for (const row of rows) expect(row).toMatch(/^[A-H]\s+\S.+/);
  });

  it('opens a prompt from far down the table at the top of the prompt view', async () => {
    const last = page.getByTestId('result-row').last().getByRole('link');
    await last.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(VIEWPORT.height);
    await shot('run-table-bottom');
    await last.click();
    const heading = page.getByTestId('prompt-view').getByRole('heading', { name: 'Prompt' });
    await heading.waitFor();
    await expect
      .poll(() => heading.evaluate((el) => el.getBoundingClientRect().top))
      .toBeLessThan(VIEWPORT.height / 3);
    expect(await heading.evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(0);
    await expect(heading.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    // The breadcrumb back to the run stays in view above it.
    const crumb = await rects(page.getByRole('navigation', { name: 'Breadcrumb' }));
    expect(crumb[0]!.y).toBeGreaterThanOrEqual(0);
    await shot('prompt-opened');
    await shot('prompt-full', undefined, true);
  });

  it('quadrant map: every mark is visible, none on top of another', async () => {
    await page.goto(`${inject('baseUrl')}#/results?run=${RUN}`);
    await page.getByTestId('results-show-charts').click();
    const marks = page.locator('[data-testid="quadrant-marks"] [data-i]');
    await marks.first().waitFor();
    // Wait for the marks to settle (they animate into place).
    await page.waitForTimeout(900);
    const boxes = await rects(marks);
    expect(boxes.length).toBeGreaterThan(100);
    const centres = boxes.map((b) => ({
      x: b.x + b.width / 2,
      y: b.y + b.height / 2,
      // Half the smaller side: within the circle the layout keeps free around each glyph.
      r: Math.min(b.width, b.height) / 2,
    }));
    expect(new Set(centres.map((c) => `${Math.round(c.x)},${Math.round(c.y)}`)).size).toBe(
      centres.length,
    );
    for (let i = 0; i < centres.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = centres[i]!;
        const b = centres[j]!;
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r - 0.5);
      }
    }
    // Marks stay clear of the quadrant labels.
    const labels = await rects(page.getByTestId('quadrant-label'));
    for (const box of boxes) for (const l of labels) expect(intersects(box, l)).toBe(false);
    await expect(page.getByTestId('quadrant-overlapping').count()).resolves.toBe(0);
    await shot('charts-top');
    await shot('quadrant', page.getByTestId('chart-quadrant'));
  });

  it('per-category chart: the paper’s values sit beside the bars, not on them', async () => {
    await page.getByRole('tab', { name: 'Per-category diversity' }).click();
    await page.getByTestId('category-marks').waitFor();
    const bars = await rects(page.locator('[data-testid="category-bar"] rect'));
    const refs = await rects(page.getByTestId('reference-mark'));
    expect(bars.length).toBeGreaterThan(0);
    expect(refs.length).toBeGreaterThan(0);
    for (const r of refs) for (const b of bars) expect(intersects(r, b)).toBe(false);
    await shot('categories', page.getByTestId('chart-categories'));
  });

  it('every other chart view', async () => {
    for (const [tab, id] of [
      ['Diversity vs quality', 'tradeoff'],
      ['Metrics vs classes', 'correlation'],
    ] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByTestId(`chart-${id}`).waitFor();
      await shot(id, page.getByTestId(`chart-${id}`));
    }
    await page.getByRole('tab', { name: 'Response map' }).click();
    await page.locator('[data-testid="map-marks"] [data-i]').first().waitFor({ timeout: 30_000 });
    await shot('map', page.getByTestId('chart-map'));
    await page.getByRole('tab', { name: 'Probes' }).click();
    await page.getByTestId('societal-cells').waitFor();
    await shot('societal', page.getByTestId('chart-societal'));
    await shot('safety', page.getByTestId('chart-safety'));
    await page.getByRole('tab', { name: 'Quadrant map' }).click();
    await page.locator('[data-testid="quadrant-marks"] [data-i]').first().click();
    await page.getByTestId('point-detail').waitFor();
    await shot('point-detail', page.getByTestId('point-detail'));
  });

  it('analyses responses: ids on one line, progress by the button, button off when done', async () => {
    await addFakeProvider(page, server, { chatModels: ['judge'], embeddingModels: ['embed'] });
    const lines: string[] = [];
    for (let p = 0; p < 6; p++) {
      for (const model of ['model-a', 'model-b']) {
        for (let i = 0; i < 4; i++) {
          lines.push(
            JSON.stringify({
              id: `curated-creative-writing-prompt-number-${String(p + 1).padStart(4, '0')}`,
              prompt: `Write a short story opening number ${p + 1}.`,
              model,
              response: `**[idea ${(i * (p + 1)) % 3}]** opening ${i + 1} of ${model}`,
            }),
          );
        }
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'mmhs-glance-')), 'responses.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.goto(`${inject('baseUrl')}#/data?tab=responses`);
    await page.locator('#responses-file').setInputFiles(file);
    await page.getByTestId('detected').waitFor();

    // Ids: one line each, cut with an ellipsis, the whole id in the title.
    const ids = page.getByTestId('preview-id');
    const shapes = await ids.evaluateAll((els) =>
      els.map((el) => ({
        lines: Math.round(
          el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight),
        ),
        title: el.getAttribute('title'),
        text: el.textContent,
      })),
    );
    expect(shapes).toHaveLength(6);
    for (const s of shapes) {
      expect(s.lines).toBe(1);
      expect(s.title).toBe(s.text);
    }

    await page.getByLabel('Judge model').selectOption(`${FAKE_PROVIDER.id}/judge`);
    await page.getByLabel('Embedding model').selectOption(`${FAKE_PROVIDER.id}/embed`);
    await shot('analyse-ready', undefined, true);
    const button = page.getByTestId('analyse-button');
    await button.click();
    const analysis = page.getByTestId('analyse-run');
    await expect
      .poll(() => analysis.getAttribute('data-status'), { timeout: 60_000, interval: 200 })
      .toBe('completed');
    // Done: the button is off (a second click would store the same run again), says why, and the
    // status and progress are right by it, in view.
    await expect(button.isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('analyse-status').innerText()).resolves.toBe('Finished');
    await expect(page.getByTestId('analyse-blocker').innerText()).resolves.toMatch(
      /analysed with these settings/,
    );
    const [buttonBox] = await rects(button);
    const [statusBox] = await rects(page.getByTestId('analyse-status'));
    expect(
      Math.abs(statusBox!.y + statusBox!.height / 2 - (buttonBox!.y + buttonBox!.height / 2)),
    ).toBeLessThan(8);
    const [progressBox] = await rects(analysis);
    expect(progressBox!.y).toBeGreaterThanOrEqual(0);
    expect(progressBox!.y + progressBox!.height).toBeLessThanOrEqual(VIEWPORT.height);
    await shot('analyse-done');
    // Changing a setting makes a new analysis possible again.
    await page.getByLabel('Quality (checklist and grades)').uncheck();
    await expect(button.isEnabled()).resolves.toBe(true);
    await page.getByLabel('Quality (checklist and grades)').check();
    await expect(button.isDisabled()).resolves.toBe(true);
  });

  it('other pages', async () => {
    for (const area of ['experiments', 'framework', 'data', 'settings']) {
      await page.goto(`${inject('baseUrl')}#/${area}`);
      await page.locator('h1').first().waitFor();
      await shot(`page-${area}`);
    }
  });

  it('logged no errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
