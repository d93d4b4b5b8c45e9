// Browser tests of huge inputs in the built app: each case runs while the page's main thread is
// watched, and no task may take 200 ms or more. A 10 MB response shows as plain text with a notice.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeBundle } from '../../src/lib/bundle/export';
import type { RunBundle } from '../../src/lib/bundle/schema';
import { workshopBundle, withResponseTexts } from './bundle-fixtures';
import { launchChromium, newWatchedPage } from './chromium';
import { startMainThreadWatch, stopMainThreadWatch, type MainThreadWatch } from './data-helpers';

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

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    small = await workshopBundle();
    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
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
});
