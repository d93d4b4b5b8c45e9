// Browser test of the Settings page's WebLLM section on SwiftShader with the network closed:
// only non-f16 models are offered, smallest first, and loading the default model offline ends
// in a clear, actionable error (again on Retry) instead of a hang.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';

const SCREENSHOTS = 'test-results/screenshots';
const DEFAULT_MODEL = 'SmolLM2-360M-Instruct-q4f32_1-MLC';

/** "580 MB" / "1.1 GB" back to MB, for the sort check. */
function megabytes(label: string): number {
  const match = /([\d.]+) (MB|GB)/.exec(label);
  if (!match) return Number.POSITIVE_INFINITY;
  return Number(match[1]) * (match[2] === 'GB' ? 1024 : 1);
}

describe('Settings: WebLLM on SwiftShader with the network closed', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const base = inject('baseUrl');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Offline: only the app's own origin answers, for the page and its workers alike
    // (Hugging Face, where WebLLM fetches weights, config and model libraries, is aborted).
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${base}#/settings`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reports the SwiftShader probe and offers only non-f16 models, smallest first', async () => {
    const picker = page.getByTestId('webllm-model');
    await picker.waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('webgpu-probe').innerText()).resolves.toMatch(
      /swiftshader, software adapter.*without shader-f16/,
    );
    const options = await picker.evaluate((el) =>
      [...(el as HTMLSelectElement).options].map((o) => ({ value: o.value, text: o.text })),
    );
    console.info(`WebLLM picker offers ${options.length} models; first: ${options[0]?.text}`);
    expect(options.length).toBeGreaterThan(5);
    expect(options.filter((o) => /f16/.test(o.value))).toEqual([]);
    const sizes = options.map((o) => megabytes(o.text));
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes.every(Number.isFinite)).toBe(true);
    await expect(picker.inputValue()).resolves.toBe(DEFAULT_MODEL);
    expect(options[0]).toEqual({
      value: DEFAULT_MODEL,
      text: `${DEFAULT_MODEL} · 580 MB (suggested)`,
    });
  });

  it('ends an offline load of the default model in a clear error within 30 s, and again on Retry', async () => {
    const section = page.getByTestId('webllm-section');
    const status = page.getByTestId('webllm-status');
    for (const button of ['Load', 'Retry']) {
      const started = Date.now();
      await section.getByRole('button', { name: button, exact: true }).click();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="webllm-status"]')?.getAttribute('data-status') ===
          'error',
        null,
        { timeout: 30_000 },
      );
      const elapsed = Date.now() - started;
      const message = await page.getByTestId('webllm-error').innerText();
      console.info(`${button}: "${message}" after ${elapsed} ms`);
      expect(elapsed).toBeLessThan(30_000);
      expect(message).toMatch(
        new RegExp(
          `^Could not download the model ${DEFAULT_MODEL}\\. Check your connection and retry`,
        ),
      );
      await expect(status.getAttribute('data-status')).resolves.toBe('error');
      await expect(section.getByRole('button', { name: 'Retry' }).isVisible()).resolves.toBe(true);
    }
    expect(blocked.some((url) => new URL(url).hostname.endsWith('huggingface.co'))).toBe(true);
    await page.getByTestId('webllm-section').scrollIntoViewIfNeeded();
    await page.getByTestId('webllm-section').screenshot({
      path: `${SCREENSHOTS}/settings-webllm-error.png`,
    });
  });

  it('shows the (empty) model cache, and storage use with the persistence request', async () => {
    const section = page.getByTestId('webllm-section');
    await expect(section.getByTestId('webllm-cached-empty').isVisible()).resolves.toBe(true);
    // The failed loads restarted the worker; reading the cache must not report their error.
    await page.waitForTimeout(2_000);
    await expect(section.innerText()).resolves.not.toMatch(/could not be read/);
    // One storage section for the whole site, cached models included.
    const storage = page.getByTestId('settings-storage');
    await expect(storage.getByTestId('storage-estimate').innerText()).resolves.toMatch(
      /About [\d.]+ [KMG]?B used of [\d.]+ [KMG]?B available to this site .*caches of downloaded models included/,
    );
    await storage.getByRole('button', { name: 'Keep data persistent' }).click();
    await expect
      .poll(() => storage.getByTestId('persistence').getAttribute('data-state'))
      .toMatch(/^(persisted|denied)$/);
    await expect(page.getByRole('button', { name: 'Keep data persistent' }).count()).resolves.toBe(
      (await storage.getByTestId('persistence').getAttribute('data-state')) === 'persisted' ? 0 : 1,
    );
    // The page stayed usable: the picker still works.
    await page.getByTestId('webllm-model').selectOption({ index: 1 });
    await expect(
      section.getByRole('button', { name: 'Load', exact: true }).isEnabled(),
    ).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
