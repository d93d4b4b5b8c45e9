// Browser tests of workshop packs in the built app: `?pack=<url>` from a local server (with CORS)
// and a file chosen on the Data page both land on the guided Workshop page; its runs are saved
// all or nothing and open in Results; "Run it yourself" fills the Experiments form; a pack with a
// key is refused naming the field; a run exports as a pack that reads back.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { persistedFromBundle } from '../../src/lib/bundle/import';
import {
  buildWorkshopPack,
  readWorkshopPack,
  serializePack,
  type WorkshopPack,
} from '../../src/lib/bundle/pack';
import { workshopBundle } from './bundle-fixtures';
import { launchChromium, newWatchedPage } from './chromium';
import { countStores } from './data-helpers';

const SCREENSHOTS = 'test-results/screenshots';

const GUIDE = [
  '## Welcome to the colour workshop',
  '',
  'Compare **how many distinct colours** each strategy gives.',
  '',
  '<img src="x" onerror="window.__pwned = true"><script>window.__pwned = true</script>',
  '[a link](javascript:window.__pwned=true)',
].join('\n');

/** A pack of two finished runs with its own sampling settings, and a copy carrying a key. */
async function packs(): Promise<{ pack: WorkshopPack; withKey: string }> {
  const first = await workshopBundle();
  const second = await workshopBundle({ runId: 'run-workshop-2', name: 'Workshop: more colours' });
  const built = buildWorkshopPack(persistedFromBundle(first), {
    title: 'Colour workshop',
    guide: GUIDE,
  });
  const pack: WorkshopPack = {
    ...built,
    settings: { ...built.settings, k: 3, temperature: 0.7 },
    runs: [...built.runs, second],
  };
  const withKey = JSON.stringify({ ...pack, settings: { ...pack.settings, apiKey: 'sk-x' } });
  return { pack, withKey };
}

describe('workshop packs', () => {
  let browser: Browser;
  let server: Server;
  let host = '';
  let pack: WorkshopPack;
  let packFile = '';

  beforeAll(async () => {
    const made = await packs();
    pack = made.pack;
    const gz = serializePack(pack, true);
    const dir = mkdtempSync(join(tmpdir(), 'mmhs-pack-'));
    packFile = join(dir, 'colours.mmhs-pack.json.gz');
    writeFileSync(packFile, gz);
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const cors = { 'Access-Control-Allow-Origin': '*' };
      if (path === '/colours.mmhs-pack.json.gz') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/gzip' }).end(gz);
      } else if (path === '/with-key.json') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(made.withKey);
      } else {
        res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' }).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  it('opens ?pack=<url> on the guided page; its runs are saved together and open in Results', async () => {
    const { page, consoleErrors, context } = await newWatchedPage(browser);
    const link = `${host}/colours.mmhs-pack.json.gz`;
    await page.goto(`${inject('baseUrl')}?pack=${encodeURIComponent(link)}`);
    await page.getByRole('heading', { level: 1, name: 'Workshop' }).waitFor();
    const guide = page.getByTestId('workshop-guide');
    await guide.waitFor({ timeout: 20_000 });
    await expect(guide.getByRole('heading', { level: 2 }).first().innerText()).resolves.toBe(
      'Colour workshop',
    );
    await expect(
      guide.getByRole('heading', { name: 'Welcome to the colour workshop' }).count(),
    ).resolves.toBe(1);
    await expect(
      guide.locator('strong', { hasText: 'how many distinct colours' }).count(),
    ).resolves.toBe(1);
    // The guide is untrusted: no script, no event handler, no javascript: link survives.
    await expect(guide.locator('script, [onerror], a[href^="javascript"]').count()).resolves.toBe(
      0,
    );
    await expect(
      page.evaluate(() => (window as { __pwned?: boolean }).__pwned),
    ).resolves.toBeUndefined();
    await expect(guide.innerText()).resolves.toMatch(/1 prompt · k = 3 · temperature 0\.7/);

    const runs = page.getByTestId('workshop-run');
    await expect(runs.count()).resolves.toBe(2);
    await expect(runs.nth(0).getAttribute('data-stored')).resolves.toBe('false');
    expect(await countStores(page, ['runs', 'responses'])).toEqual([0, 0]);

    await page.getByTestId('workshop-save-runs').click();
    await expect.poll(() => runs.nth(1).getAttribute('data-stored')).toBe('true');
    await expect(runs.nth(0).getAttribute('data-stored')).resolves.toBe('true');
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 8]);
    await page.screenshot({ path: `${SCREENSHOTS}/workshop-guided.png`, fullPage: true });

    await runs.nth(1).getByRole('link', { name: 'Open in Results' }).click();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect(page.getByTestId('run-view').locator('h2').first().innerText()).resolves.toBe(
      'Workshop: more colours',
    );
    await expect(page.getByTestId('result-row').first().innerText()).resolves.toContain('3/4');

    // Opening the same link again stores nothing twice.
    await page.goto(`${inject('baseUrl')}?pack=${encodeURIComponent(link)}`);
    await expect
      .poll(() => page.getByTestId('workshop-run').nth(0).getAttribute('data-stored'), {
        timeout: 20_000,
      })
      .toBe('true');
    await expect(page.getByTestId('workshop-save-runs').count()).resolves.toBe(0);
    expect(await countStores(page, ['runs', 'responses'])).toEqual([2, 8]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('refuses a pack with a key, naming the field, and stores nothing', async () => {
    const { page, context } = await newWatchedPage(browser);
    await page.goto(`${inject('baseUrl')}?pack=${encodeURIComponent(`${host}/with-key.json`)}`);
    const error = page.getByTestId('pack-error');
    await error.waitFor({ timeout: 20_000 });
    await expect(error.innerText()).resolves.toMatch(
      /with-key\.json, field "settings\.apiKey": This field looks like an API key/,
    );
    await expect(page.getByTestId('workshop-guide').count()).resolves.toBe(0);
    expect(await countStores(page, ['runs', 'responses'])).toEqual([0, 0]);
    await context.close();
  });

  it('opens a pack file from the Data page; "Run it yourself" fills the Experiments form', async () => {
    const { page, consoleErrors, context } = await newWatchedPage(browser);
    await page.goto(`${inject('baseUrl')}#/data?tab=bundle`);
    await page.locator('#pack-file').setInputFiles(packFile);
    await page.getByRole('heading', { level: 1, name: 'Workshop' }).waitFor();
    await page.getByTestId('workshop-guide').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('workshop-run').count()).resolves.toBe(2);

    await page.getByTestId('workshop-run-it').click();
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    await expect.poll(() => page.locator('#exp-name').inputValue()).toBe('Colour workshop');
    await expect(page.locator('#exp-k').inputValue()).resolves.toBe('3');
    await expect(page.locator('#exp-temperature').inputValue()).resolves.toBe('0.7');
    await expect(page.getByTestId('prompt-table').innerText()).resolves.toContain('Name a colour.');
    await page.screenshot({ path: `${SCREENSHOTS}/workshop-run-it.png`, fullPage: true });
    // Nothing was stored by opening or preparing: the runs are saved only when asked.
    expect(await countStores(page, ['runs'])).toEqual([0]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('exports a stored run as a pack with the edited guide, which reads back', async () => {
    const { page, context } = await newWatchedPage(browser);
    await page.goto(`${inject('baseUrl')}#/data?tab=bundle`);
    await page.locator('#pack-file').setInputFiles(packFile);
    await page.getByTestId('workshop-save-runs').click({ timeout: 20_000 });
    await expect.poll(() => countStores(page, ['runs'])).toEqual([2]);

    await page.goto(`${inject('baseUrl')}#/results`);
    await page
      .locator('[data-run="run-workshop-1"]')
      .getByTestId('run-export-pack')
      .click({ timeout: 20_000 });
    const editor = page.getByTestId('pack-export');
    await editor.getByTestId('pack-guide').waitFor();
    await editor.getByTestId('pack-guide').fill('## Try it\n\nAsk your own model.');
    await page.screenshot({ path: `${SCREENSHOTS}/workshop-export.png`, fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      editor.getByTestId('pack-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Workshop-colours.mmhs-pack.json.gz');
    const back = readWorkshopPack('exported', readFileSync((await download.path())!));
    expect(back.guide).toBe('## Try it\n\nAsk your own model.');
    expect(back.runs.map((r) => r.run.id)).toEqual(['run-workshop-1']);
    expect(back.prompts.map((p) => p.text)).toEqual(['Name a colour.']);
    await context.close();
  });
});
