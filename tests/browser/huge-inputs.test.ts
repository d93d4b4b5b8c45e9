// Browser tests of huge inputs in the built app: each case runs while the page's main thread is
// watched, and no task may take 200 ms or more: a 10 MB response, CSVs with a 30 MB cell or a
// million columns, a 100,000-response bundle, and ?bundle= links that hang, stall or never end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeBundle } from '../../src/lib/bundle/export';
import type { RunBundle } from '../../src/lib/bundle/schema';
import { workshopBundle, withManyResponses, withResponseTexts } from './bundle-fixtures';
import { launchChromium, newWatchedPage } from './chromium';
import {
  countStores,
  startMainThreadWatch,
  stopMainThreadWatch,
  watchMainThreadFromLoad,
  type MainThreadWatch,
} from './data-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const MAX_TASK_MS = 200;

function report(what: string, watch: MainThreadWatch): void {
  console.info(
    `${what}: longest task ${watch.longestTaskMs.toFixed(0)} ms (${watch.longTasks.length} over 50 ms), longest heartbeat gap ${watch.maxGapMs.toFixed(0)} ms`,
  );
}

describe('huge inputs keep the page alive', () => {
  let browser: Browser;
  let page: Page;
  let small: RunBundle;
  let consoleErrors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'mmhs-huge-'));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    small = await workshopBundle();
    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openTab(tab: string): Promise<void> {
    await page.goto(`${inject('baseUrl')}#/data?tab=${tab}`);
    await page.locator(`[role="tabpanel"][data-tab="${tab}"]`).waitFor();
  }

  it('shows a 10 MB response and one nested 3,000 deep as plain text, without a long task', async () => {
    const chunk =
      'A very long answer <script>window.__pwned = true</script> with **no formatting**. ';
    const text = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
    const bundle = withResponseTexts(small, [text, `${'>'.repeat(3000)} deep`]);
    await openTab('bundle');
    await page.locator('#bundle-file').setInputFiles({
      name: 'huge-response.json',
      mimeType: 'application/json',
      buffer: Buffer.from(serializeBundle(bundle)),
    });
    await page.getByTestId('bundle-opened').waitFor({ timeout: 30_000 });

    await startMainThreadWatch(page);
    await page.getByRole('link', { name: 'Name a colour.' }).first().click();
    const notice = page.getByTestId('markdown-notice').filter({ hasText: '10 MB' });
    await notice.waitFor();
    const watch = await stopMainThreadWatch(page);
    report('10 MB response', watch);

    await expect(notice.innerText()).resolves.toMatch(
      /Shown as plain text because it is 10 MB \(responses over 100 KB are not formatted\)\. Only the first 19\.5 KB are shown; download the full text/,
    );
    const card = page.getByTestId('response-card').filter({ has: notice });
    await expect(card.locator('script, strong').count()).resolves.toBe(0);
    await expect(card.locator('.plain').innerText()).resolves.toContain('<script>');
    await expect(
      page.locator('[data-plain="nesting"] [data-testid="markdown-notice"]').innerText(),
    ).resolves.toContain('nests 3,000 levels deep (formatting stops at 16)');
    // The other responses are still formatted as markdown.
    await expect(page.locator('[data-testid="markdown"]:not([data-plain])').count()).resolves.toBe(
      2,
    );
    const download = page.waitForEvent('download');
    await card.getByRole('button', { name: 'Download the full text' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('response.txt');
    await page.screenshot({ path: `${SCREENSHOTS}/huge-response.png` });
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    expect(consoleErrors).toEqual([]);
  });

  it.each<[string, string, () => string, RegExp, string, string]>([
    [
      'one 30 MB cell',
      'one-big-cell.csv',
      () => `id,prompt\n1,"${'A long cell. '.repeat(Math.ceil((30 * 1024 * 1024) / 13))}"\n`,
      /one-big-cell\.csv, line 2, field "prompt": This cell holds 31,457,28\d characters, more than the 1,000,000 a cell may hold\. If it should be shorter, look for a double quote/,
      '2',
      'prompt',
    ],
    [
      '1,000,000 columns',
      'million-columns.csv',
      () => {
        const row = (p: string): string =>
          Array.from({ length: 1_000_000 }, (_, i) => `${p}${i}`).join(',');
        return `${row('c')}\n${row('')}\n`;
      },
      /million-columns\.csv, line 1: This row has 1,000,000 columns, more than the 1,000 an import reads\. Keep only the columns you need/,
      '1',
      '',
    ],
  ])(
    'refuses a CSV with %s quickly, naming the limit and where',
    async (_, name, content, message, line, field) => {
      const path = join(dir, name);
      writeFileSync(path, content(), 'utf8');
      await openTab('import');
      await startMainThreadWatch(page);
      const started = Date.now();
      await page.locator('#dataset-file').setInputFiles(path);
      const error = page.getByTestId('import-error');
      await error.waitFor({ timeout: 30_000 });
      const elapsed = Date.now() - started;
      const watch = await stopMainThreadWatch(page);
      report(`CSV with ${name} refused in ${elapsed} ms`, watch);
      await expect(error.innerText()).resolves.toMatch(message);
      await expect(error.getAttribute('data-line')).resolves.toBe(line);
      await expect(error.getAttribute('data-field')).resolves.toBe(field);
      await expect(
        page.getByRole('button', { name: /prompts as a dataset/ }).count(),
      ).resolves.toBe(0);
      expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
      expect(consoleErrors).toEqual([]);
    },
  );

  it('previews a CSV whose cell is just under the limit without a long task', async () => {
    const path = join(dir, 'long-notes.csv');
    writeFileSync(path, `question,notes\nWhat is blue?,"${'n'.repeat(999_999)}"\n`, 'utf8');
    await openTab('import');
    await startMainThreadWatch(page);
    await page.locator('#dataset-file').setInputFiles(path);
    await page.getByTestId('mapping').waitFor({ timeout: 30_000 });
    await page.getByTestId('detected').waitFor();
    const watch = await stopMainThreadWatch(page);
    report('CSV with a 999,999-character cell previewed', watch);
    const cell = page.getByRole('table', { name: 'First rows of the file' }).locator('td').nth(1);
    await expect(cell.innerText()).resolves.toBe(`${'n'.repeat(300)}…`);
    expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
  });

  it('opens and saves a 100,000-response bundle without a long task', async () => {
    const bundle = withManyResponses(
      await workshopBundle({ runId: 'run-many-responses' }),
      100_000,
    );
    const path = join(dir, 'many-responses.json');
    writeFileSync(path, serializeBundle(bundle));
    await openTab('bundle');
    const before = await countStores(page, ['runs', 'responses']);
    await startMainThreadWatch(page);
    await page.locator('#bundle-file').setInputFiles(path);
    const opened = page.locator('[data-testid="bundle-opened"][data-run-id="run-many-responses"]');
    await opened.waitFor({ timeout: 60_000 });
    const openWatch = await stopMainThreadWatch(page);
    report('100,000-response bundle opened', openWatch);
    await expect(opened.innerText()).resolves.toContain('100000 responses');

    // The disk fills on write 60,000, many slices into the save: nothing may be kept.
    await page.evaluate(() => {
      const put = IDBObjectStore.prototype.put;
      let calls = 0;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: [unknown]) {
        calls += 1;
        if (calls === 60_000) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return put.apply(this, args);
      };
      (window as unknown as { __restorePut: () => void }).__restorePut = () => {
        IDBObjectStore.prototype.put = put;
      };
    });
    await page.getByTestId('bundle-save').click();
    const failed = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
    await failed.waitFor({ timeout: 60_000 });
    await expect(failed.innerText()).resolves.toMatch(/storage for this site is full/i);
    await page.evaluate(() => (window as unknown as { __restorePut: () => void }).__restorePut());
    expect(await countStores(page, ['runs', 'responses'])).toEqual(before);
    await expect(opened.getAttribute('data-saved')).resolves.toBe('false');

    await startMainThreadWatch(page);
    const started = Date.now();
    await page.getByTestId('bundle-save').click();
    await expect.poll(() => opened.getAttribute('data-saved'), { timeout: 60_000 }).toBe('true');
    const elapsed = Date.now() - started;
    const saveWatch = await stopMainThreadWatch(page);
    report(`100,000-response bundle saved in ${elapsed} ms`, saveWatch);
    expect(await countStores(page, ['runs', 'responses'])).toEqual([
      before[0]! + 1,
      before[1]! + 100_000,
    ]);
    expect(openWatch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    expect(saveWatch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    expect(consoleErrors).toEqual([]);
  });

  describe('?bundle= links', () => {
    const MB = 1024 * 1024;
    let server: Server;
    let host = '';
    /** What the server sent for /endless.json before the page hung up. */
    const endless = { sent: 0, closedEarly: false };
    const slow = { closedEarly: false };

    beforeAll(async () => {
      const bytes = serializeBundle(small);
      server = createServer((req, res) => {
        const path = (req.url ?? '').split('?')[0];
        const cors = { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' };
        if (path === '/hang.json') return; // Never answers.
        if (path === '/slow.json') {
          // Announces the whole bundle, sends a first part, then stalls.
          res.writeHead(200, { ...cors, 'Content-Length': String(bytes.length) });
          res.write(bytes.subarray(0, 1000));
          res.on('close', () => (slow.closedEarly = !res.writableFinished));
          return;
        }
        if (path === '/announced.json') {
          res.writeHead(200, { ...cors, 'Content-Length': String(200 * MB) });
          res.write('{');
          return;
        }
        if (path === '/endless.json') {
          // 200 MB without a length, as fast as the page reads it.
          res.writeHead(200, cors);
          const chunk = Buffer.alloc(MB, 0x20);
          res.on('close', () => (endless.closedEarly = !res.writableFinished));
          const pump = (): void => {
            while (endless.sent < 200 * MB && !res.destroyed) {
              endless.sent += chunk.length;
              if (!res.write(chunk)) {
                res.once('drain', pump);
                return;
              }
            }
            if (!res.destroyed) res.end();
          };
          pump();
          return;
        }
        res.writeHead(404, cors).end('not found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // A ?bundle= link starts downloading as the page loads: watch from the first script on.
      await watchMainThreadFromLoad(page);
    });

    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    });

    async function openLink(path: string): Promise<void> {
      await page.goto(`${inject('baseUrl')}?bundle=${encodeURIComponent(`${host}${path}`)}`);
      await page.locator('[role="tabpanel"][data-tab="bundle"]').waitFor();
    }

    it('stops reading an endless body at the 50 MB limit instead of reading 200 MB', async () => {
      await openTab('bundle');
      const before = await countStores(page, ['runs', 'responses']);
      await openLink('/endless.json');
      const error = page.getByTestId('bundle-error');
      await error.waitFor({ timeout: 60_000 });
      const watch = await stopMainThreadWatch(page);
      report(
        `endless body stopped after the server sent ${(endless.sent / MB).toFixed(0)} MB`,
        watch,
      );
      await expect(error.innerText()).resolves.toMatch(
        /The bundle at 127\.0\.0\.1:\d+ is larger than the 50 MB this page accepts: the download was stopped after 5\d(\.\d)? MB and nothing was stored\. Export fewer runs per bundle/,
      );
      await expect.poll(() => endless.closedEarly).toBe(true);
      // The socket buffers hold a few MB more than the page read; nowhere near 200 MB.
      expect(endless.sent).toBeLessThan(80 * MB);
      expect(await countStores(page, ['runs', 'responses'])).toEqual(before);
      expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    });

    it('refuses an announced 200 MB body without downloading it', async () => {
      await openLink('/announced.json');
      const error = page.getByTestId('bundle-error');
      await error.waitFor({ timeout: 20_000 });
      await expect(error.innerText()).resolves.toMatch(
        /is 200 MB, more than the 50 MB this page accepts, so it was not downloaded/,
      );
    });

    it('shows progress of a stalled download and stops it on Cancel', async () => {
      await openLink('/slow.json');
      const loading = page.getByTestId('bundle-loading');
      await expect
        .poll(() => loading.innerText(), { timeout: 20_000 })
        .toMatch(
          /Opening http:\/\/127\.0\.0\.1:\d+\/slow\.json… 1000 bytes of \d+(\.\d)? KB downloaded/,
        );
      await expect(
        loading.getByRole('progressbar', { name: 'Downloaded' }).getAttribute('value'),
      ).resolves.toBe('1000');
      await page.screenshot({ path: `${SCREENSHOTS}/bundle-download-progress.png` });
      await loading.getByRole('button', { name: 'Cancel' }).click();
      const error = page.getByTestId('bundle-error');
      await expect(error.innerText()).resolves.toMatch(
        /Opening http:\/\/127\.0\.0\.1:\d+\/slow\.json was cancelled; nothing was stored\. Open it again to retry\./,
      );
      await expect(loading.count()).resolves.toBe(0);
      await expect.poll(() => slow.closedEarly).toBe(true);
      const watch = await stopMainThreadWatch(page);
      report('stalled download cancelled', watch);
      expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    });

    it('gives up on a server that never answers after 30 s, saying so', async () => {
      await openLink('/hang.json');
      const loading = page.getByTestId('bundle-loading');
      await loading.waitFor();
      await expect(loading.getByRole('button', { name: 'Cancel' }).isVisible()).resolves.toBe(true);
      const error = page.getByTestId('bundle-error');
      await error.waitFor({ timeout: 45_000 });
      const watch = await stopMainThreadWatch(page);
      await expect(error.innerText()).resolves.toMatch(
        /127\.0\.0\.1:\d+ did not answer within 30 s, so the download was stopped and nothing was stored\. The server may be down or overloaded: try the link again later, or download the file and open it here\./,
      );
      await expect(loading.count()).resolves.toBe(0);
      expect(watch.longestTaskMs).toBeLessThan(MAX_TASK_MS);
    }, 60_000);
  });
});
