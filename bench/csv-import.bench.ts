// CSV import benchmark (issue 5): a 5,000-row SimpleQA CSV imported through the Data area of the
// built app in headless Chromium, from choosing the file to the dataset stored, with the page's
// longest main-thread pause. Builds and serves the app itself, like the browser tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium';
import { buildAndServe, importCsvTimed, simpleQaCsv } from '../tests/browser/data-helpers';
import { reportBench } from './report';

describe('csv import', () => {
  let app: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    app = await buildAndServe();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('csv_import_5000_rows', async () => {
    const csv = simpleQaCsv(5000);
    const runs: { totalMs: number; maxGapMs: number }[] = [];
    // Three imports, each in a fresh browser profile (empty database, cold import worker).
    for (let i = 0; i < 3; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${app.url}#/data?tab=import`);
      await page.locator('#dataset-file').waitFor();
      const timing = await importCsvTimed(page, 'simpleqa-5000.csv', csv);
      expect(timing.prompts).toBe(5000);
      runs.push(timing);
      await context.close();
    }
    const median = [...runs].sort((a, b) => a.totalMs - b.totalMs)[1]!;
    reportBench('csv_import_5000_rows', median.totalMs, 'ms', 0);
    reportBench(
      'csv_import_max_main_thread_pause',
      Math.max(...runs.map((r) => r.maxGapMs)),
      'ms',
      0,
    );
  });
});
