// Browser test of a full disk through the UI: Chromium gets a small storage quota (DevTools
// Storage.overrideQuotaForOrigin), two runs are saved, then a larger run and a dataset import
// fail with the quota message, earlier runs still load after a reload, and after deleting a run
// the same save succeeds. Also checks that persistence is requested and usage is shown.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRunBundle, serializeBundle } from '../../src/lib/bundle/export';
import { analyseExistingResponses } from '../../src/lib/pipeline/analyse-existing';
import { PlaygroundRunStore } from '../../src/lib/pipeline/store';
import { ScriptedEngine } from '../../src/lib/pipeline/testing/scripted-engine';
import { pipelineScript } from '../../src/lib/pipeline/testing/scripts';
import { openDatabase } from '../../src/lib/storage/db';
import { launchChromium } from './chromium';
import { countStores, simpleQaCsv } from './data-helpers';

const SCREENSHOTS = 'test-results/screenshots';
/** The whole site's storage quota: room for the small and the big earlier run, not a third. */
const QUOTA = 4_200_000;

/** Deterministic text that does not compress away (a seeded LCG over short words). */
function prose(seed: number, chars: number): string {
  let x = seed >>> 0 || 1;
  let out = '';
  while (out.length < chars) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += `${x.toString(36).slice(0, 2 + (x % 6))} `;
  }
  return out.slice(0, chars);
}

/**
 * A finished run of `prompts` prompts with two responses each, judged by a scripted judge in
 * Node, exported as a bundle file.
 */
async function runBundle(runId: string, name: string, prompts: number, chars: number) {
  const db = await openDatabase({ factory: new IDBFactory(), name: runId });
  await analyseExistingResponses({
    db,
    runId,
    judges: [new ScriptedEngine(pipelineScript(), { id: 'cloud/judge' })],
    input: {
      name,
      judges: ['cloud/judge'],
      items: Array.from({ length: prompts }, (_, p) => ({
        id: `q${p}`,
        prompt: `Describe place number ${p}.`,
        category: 'B' as const,
        responses: [0, 1].map((r) => ({
          text: `${r === 0 ? 'A' : 'B'}#${p} ${prose(p * 2 + r + runId.length, chars)}`,
          model: 'gpt',
        })),
      })),
    },
  });
  const persisted = await new PlaygroundRunStore(db).load(runId);
  db.close();
  return serializeBundle(buildRunBundle(persisted).bundle);
}

describe('a full disk', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir = '';
  const files = { small: '', old: '', fresh: '', csv: '' };
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mmhs-quota-'));
    const write = (name: string, data: Uint8Array | string): string => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    };
    files.small = write('small.json', await runBundle('run-small', 'Small earlier run', 3, 200));
    files.old = write('old.json', await runBundle('run-old', 'Big earlier run', 120, 4000));
    files.fresh = write('fresh.json', await runBundle('run-new', 'New big run', 160, 5000));
    files.csv = write('simpleqa.csv', simpleQaCsv(12000));

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Chromium's estimate() does not report a DevTools quota override, so the page is told the
    // quota that the override enforces; persist() calls are counted, the browser still answers.
    await context.addInitScript((quota: number) => {
      const proto = StorageManager.prototype;
      const estimate = proto.estimate;
      const persist = proto.persist;
      const w = window as unknown as { __persistCalls: number };
      w.__persistCalls = 0;
      proto.estimate = async function (this: StorageManager) {
        const real = await estimate.call(this);
        return { ...real, quota: Math.min(real.quota ?? quota, quota) };
      };
      proto.persist = function (this: StorageManager) {
        w.__persistCalls += 1;
        return persist.call(this);
      };
    }, QUOTA);
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
    // The override only binds if it is set before the origin first uses storage.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(inject('baseUrl')).origin,
      quotaSize: QUOTA,
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const persistCalls = (): Promise<number> =>
    page.evaluate(() => (window as unknown as { __persistCalls: number }).__persistCalls);

  async function openBundle(path: string, runId: string): Promise<void> {
    await page.goto(`${inject('baseUrl')}#/data?tab=bundle`);
    await page.locator('#bundle-file').setInputFiles(path);
    const opened = page.getByTestId('bundle-opened');
    await expect.poll(() => opened.getAttribute('data-run-id'), { timeout: 30_000 }).toBe(runId);
  }

  async function saveBundle(): Promise<void> {
    await page.getByTestId('bundle-save').click();
    await expect
      .poll(() => page.getByTestId('bundle-opened').getAttribute('data-saved'), { timeout: 30_000 })
      .toBe('true');
  }

  it('shows usage in Settings, and asks for persistence at the first save', async () => {
    await page.goto(`${inject('baseUrl')}#/settings`);
    const section = page.getByTestId('settings-storage');
    const estimate = section.getByTestId('storage-estimate');
    await estimate.waitFor();
    await expect(estimate.innerText()).resolves.toMatch(/used of 4\.0 MB available to this site/);
    await expect(estimate.getAttribute('data-quota')).resolves.toBe(String(QUOTA));
    await expect(section.getByTestId('persistence').getAttribute('data-state')).resolves.toBe(
      'unknown',
    );
    expect(await persistCalls()).toBe(0);

    await openBundle(files.small, 'run-small');
    // Usage is shown beside Save too, and nothing is asked before saving.
    await expect(
      page.getByTestId('storage-usage').getByTestId('storage-estimate').innerText(),
    ).resolves.toMatch(/^Storage: .* used of 4\.0 MB/);
    expect(await persistCalls()).toBe(0);
    await saveBundle();
    expect(await persistCalls()).toBe(1);
    // The browser's answer is shown beside Save.
    await expect
      .poll(() =>
        page.getByTestId('storage-usage').getByTestId('persistence').getAttribute('data-state'),
      )
      .toMatch(/^(persisted|denied)$/);
    await openBundle(files.old, 'run-old');
    await expect(page.getByTestId('room-warning').count()).resolves.toBe(0);
    await saveBundle();
    // Asked once per page, and the answer is shown.
    expect(await persistCalls()).toBe(1);
    await page.goto(`${inject('baseUrl')}#/settings`);
    const state = await section.getByTestId('persistence').getAttribute('data-state');
    expect(state).toMatch(/^(persisted|denied)$/);
    if (state === 'denied') {
      await expect(section.getByTestId('persistence').innerText()).resolves.toMatch(
        /asked the browser to keep this data at your first save; it declined/,
      );
    }
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 246]);
  });

  it('warns before a save that will not fit, then fails it with the quota message and writes nothing', async () => {
    await openBundle(files.fresh, 'run-new');
    const warning = page.getByTestId('room-warning');
    await warning.waitFor();
    const needed = Number(await warning.getAttribute('data-needed'));
    const free = Number(await warning.getAttribute('data-free'));
    expect(needed).toBeGreaterThan(free);
    await expect(warning.innerText()).resolves.toMatch(
      /This run needs about .* MB, but only .* of this site's storage is free/,
    );
    const save = page.getByTestId('bundle-save');
    await expect(save.innerText()).resolves.toBe('Try to save anyway');
    await save.click();
    const error = page.getByTestId('bundle-save-error');
    await error.waitFor({ timeout: 30_000 });
    const message = await error.innerText();
    expect(message).toMatch(/^Nothing was saved: Browser storage for this site is full/);
    expect(message).toMatch(/everything stored before is unchanged/);
    expect(message).toMatch(/export the runs you want to keep .* delete old runs or datasets/);
    expect(message).not.toMatch(/private|not available/);
    await page.screenshot({ path: `${SCREENSHOTS}/storage-quota-bundle.png` });
    await expect(page.getByTestId('bundle-opened').getAttribute('data-saved')).resolves.toBe(
      'false',
    );
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 246]);
  });

  it('fails a dataset import that does not fit the same way', async () => {
    await page.goto(`${inject('baseUrl')}#/data?tab=import`);
    await page.locator('#dataset-file').setInputFiles(files.csv);
    await page.getByTestId('detected').waitFor({ timeout: 30_000 });
    await page.getByTestId('room-warning').waitFor();
    await page.getByRole('button', { name: /^Save .* prompts as a dataset$/ }).click();
    const error = page.getByTestId('import-save-error');
    await error.waitFor({ timeout: 30_000 });
    await expect(error.innerText()).resolves.toMatch(
      /^Nothing was saved: Browser storage for this site is full.*delete old runs or datasets/s,
    );
    expect(await countStores(page, ['datasets', 'prompts'])).toEqual([0, 0]);
  });

  it('keeps every earlier run loadable after a reload', async () => {
    await page.goto(`${inject('baseUrl')}#/results`);
    await page.reload();
    const items = page.getByTestId('run-item');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(2);
    await expect(items.allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Big earlier run'),
      expect.stringContaining('Small earlier run'),
    ]);
    await page.goto(`${inject('baseUrl')}#/results?run=run-old`);
    await page.getByTestId('results-table').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('result-row').first().innerText()).resolves.toContain(
      'Describe place number',
    );
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 246]);
  });

  it('saves the run once an old run is deleted', async () => {
    await page.goto(`${inject('baseUrl')}#/data?tab=storage`);
    const row = page.locator('[data-testid="run-row"][data-run-id="run-old"]');
    await row.getByRole('button', { name: 'Delete…' }).click();
    await page.getByTestId('confirm-delete').getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('storage-notice').waitFor();
    expect(await countStores(page, ['runs', 'responses'])).toEqual([1, 6]);

    await openBundle(files.fresh, 'run-new');
    await expect(page.getByTestId('room-warning').count()).resolves.toBe(0);
    await expect(page.getByTestId('bundle-save').innerText()).resolves.toBe('Save to this browser');
    await saveBundle();
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 326]);
    await page.goto(`${inject('baseUrl')}#/results?run=run-new`);
    await page.getByTestId('results-table').waitFor({ timeout: 30_000 });
    expect(consoleErrors).toEqual([]);
  });
});
