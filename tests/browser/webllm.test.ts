// Browser test: the WebLLM manager and its real module worker in headless Chromium on SwiftShader.
// The probe offers only non-f16 models; loading the default model offline fails fast and clearly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { buildHarness, type HarnessServer } from './harness/build-harness';
import type { LoadReport, ProbeReport } from './harness/webllm-harness';

/** A string only WebLLM's bundled library contains (its model library URL prefix). */
const WEBLLM_MARKER = 'binary-mlc-llm-libs';

describe('WebLLM engine in Chromium (SwiftShader, network closed)', () => {
  let harness: HarnessServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    harness = await buildHarness({ html: ['webllm-harness.html'] });
    browser = await launchChromium();
    context = await browser.newContext();
    // Close the network for page and worker alike: only the harness origin answers.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(harness.baseUrl)) return route.continue();
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    await page.goto(harness.urlFor('webllm-harness.html'));
    await page.waitForFunction(() => window.webllmHarness !== undefined, null, { timeout: 30_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('keeps WebLLM out of the page bundle: it ships only in the worker', () => {
    const assets = readdirSync(join(harness.outDir, 'assets')).filter((f) => f.endsWith('.js'));
    const html = readFileSync(join(harness.outDir, 'webllm-harness.html'), 'utf8');
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    const withWebLlm = assets.filter((f) =>
      readFileSync(join(harness.outDir, 'assets', f), 'utf8').includes(WEBLLM_MARKER),
    );
    expect(withWebLlm).toHaveLength(1);
    expect(withWebLlm[0]).toMatch(/webllm\.worker/);
    const entryCode = readFileSync(join(harness.outDir, 'assets', entry!));
    expect(entryCode.includes(WEBLLM_MARKER)).toBe(false);
    console.info(`harness entry: ${(gzipSync(entryCode).length / 1024).toFixed(1)} KB gzipped`);
  });

  it('probes SwiftShader and offers only non-f16 models, smallest first', async () => {
    const report: ProbeReport = await page.evaluate(() => window.webllmHarness!.probeAndFilter());
    console.info(`probe: ${JSON.stringify(report.probe)}; ${report.offered.length} models offered`);
    expect(report.probe).toMatchObject({
      available: true,
      architecture: 'swiftshader',
      hasShaderF16: false,
    });
    expect(report.totalModels).toBeGreaterThan(100);
    expect(report.offered.length).toBeGreaterThan(5);
    expect(report.offered.length).toBeLessThan(report.totalModels);
    expect(report.offered.filter((m) => m.id.includes('f16') || m.needsShaderF16)).toEqual([]);
    const vram = report.offered.map((m) => m.vramMB ?? Infinity);
    expect(vram).toEqual([...vram].sort((a, b) => a - b));
    expect(report.offered[0]).toEqual({
      id: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
      vramMB: 579.61,
      sizeLabel: '580 MB',
      needsShaderF16: false,
    });
    expect(report.defaultId).toBe('SmolLM2-360M-Instruct-q4f32_1-MLC');
  });

  it('ends an offline load of the default model in ModelDownloadError, fast, and again on retry', async () => {
    for (const attempt of [1, 2]) {
      const report: LoadReport = await page.evaluate(() => window.webllmHarness!.loadDefault());
      console.info(
        `offline load attempt ${attempt}: ${report.name} (${report.cause}) after ${Math.round(report.elapsedMs)} ms`,
      );
      expect(report).toMatchObject({
        ok: false,
        name: 'ModelDownloadError',
        code: 'download',
        state: 'error',
      });
      expect(report.message).toMatch(/check your connection/i);
      expect(report.message).toMatch(/downloaded once from Hugging Face, then cached/);
      expect(report.cause).toMatch(/^TypeError: .*(fetch|network)/i);
      expect(report.elapsedMs).toBeLessThan(30_000);
    }
    expect(blocked.some((url) => url.includes('huggingface.co'))).toBe(true);
  });

  it('reports no cached models and the origin’s storage estimate', async () => {
    const report = await page.evaluate(() => window.webllmHarness!.cacheReport());
    expect(report.cached).toEqual([]);
    expect(report.storage).toMatchObject({
      usage: expect.any(Number),
      quota: expect.any(Number),
    });
  });
});
