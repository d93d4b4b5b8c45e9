// Browser test: the transformers.js engines run real inference on the tiny generated models in
// their module worker in headless Chromium (WASM), with the network closed to all but 127.0.0.1.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { GENERATED_DIR, makeTinyModels, TINY_EMBED_DIMS } from '../fixtures/make-tiny-models';
import { launchChromium } from './chromium';
import { buildHarness, type HarnessServer } from './harness/build-harness';
import type {
  AbortReport,
  CachedEmbedReport,
  ChatReport,
  EmbedReport,
} from './harness/transformers-harness';

/** The file name ONNX Runtime's WASM build ships under (Vite adds a hash). */
const ORT_WASM = /ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/;

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

describe('transformers.js engines in Chromium (WASM, worker)', () => {
  let harness: HarnessServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const blocked: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The models are served beside the page: <base>/tiny-embed/..., <base>/tiny-gen/...
    harness = await buildHarness({
      html: ['transformers-harness.html'],
      publicDir: makeTinyModels(GENERATED_DIR),
    });
    browser = await launchChromium();
    context = await browser.newContext();
    // Record every request of the page and its worker; anything off the harness origin fails.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url.startsWith(harness.baseUrl) || url.startsWith('blob:') || url.startsWith('data:')) {
        return route.continue();
      }
      blocked.push(url);
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(harness.urlFor('transformers-harness.html'));
    await page.waitForFunction(() => window.transformersHarness !== undefined, null, {
      timeout: 30_000,
    });
  });

  afterAll(async () => {
    await page?.evaluate(() => window.transformersHarness?.cleanup()).catch(() => undefined);
    await browser?.close();
    await harness?.close();
  });

  it('ships transformers.js and ONNX Runtime only in the worker chunk', () => {
    const assetsDir = join(harness.outDir, 'assets');
    const assets = readdirSync(assetsDir);
    const html = readFileSync(join(harness.outDir, 'transformers-harness.html'), 'utf8');
    const entry = /src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    expect(assets.some((f) => ORT_WASM.test(f))).toBe(true);
    const mentionsOrt = assets
      .filter((f) => f.endsWith('.js'))
      .filter((f) => readFileSync(join(assetsDir, f), 'utf8').includes('ort-wasm-simd-threaded'));
    expect(mentionsOrt.length).toBeGreaterThan(0);
    // The worker and the library chunk it imports lazily; nothing the page itself loads.
    expect(mentionsOrt.filter((f) => !/^transformers\.(worker|web)-/.test(f))).toEqual([]);
    const entryCode = readFileSync(join(assetsDir, entry!), 'utf8');
    expect(entryCode).not.toContain('ort-wasm-simd-threaded');
    expect(entryCode).not.toMatch(/transformers\.web-/);
    expect(entryCode).toMatch(/transformers\.worker-[\w-]+\.js/);
    // Client, engines, cache and storage together stay small; the 1 MB library is elsewhere.
    const gzipKB = gzipSync(entryCode).length / 1024;
    console.info(`transformers harness entry: ${gzipKB.toFixed(1)} KB gzipped`);
    expect(gzipKB).toBeLessThan(40);
  });

  it('heartbeat control: a blocked main thread is detected', async () => {
    const beat = await page.evaluate(() => window.transformersHarness!.blockMainThread(400));
    expect(beat.maxGapMs).toBeGreaterThan(350);
  });

  it('embeds in the worker: similar texts closer, normalised, page stays responsive', async () => {
    const pairs = [
      ['the cat sat on the mat', 'a cat sat on a rug', 'stock markets fell sharply today'],
      ['I play the guitar and the piano', 'she played a song on the piano', 'cold rain at night'],
    ];
    // Plenty of filler so the work lasts long enough for the heartbeat to matter.
    const filler = Array.from({ length: 3000 }, (_, i) => `filler text number ${i} about the sky`);
    const texts = [...pairs.flat(), ...filler];
    const report: EmbedReport = await page.evaluate(
      (t) => window.transformersHarness!.embed(t),
      texts,
    );
    console.info(
      `embedded ${texts.length} texts in ${Math.round(report.heartbeat.elapsedMs)} ms; ` +
        `longest main-thread pause ${Math.round(report.heartbeat.maxGapMs)} ms over ${report.heartbeat.ticks} ticks`,
    );
    expect(report.vectors).toHaveLength(texts.length);
    for (const v of report.vectors.slice(0, 6)) {
      expect(v).toHaveLength(TINY_EMBED_DIMS);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
    for (let p = 0; p < pairs.length; p++) {
      const [a, s, o] = report.vectors.slice(p * 3, p * 3 + 3);
      expect(cosine(a!, s!)).toBeGreaterThan(cosine(a!, o!) + 0.1);
    }
    expect(report.heartbeat.maxGapMs).toBeLessThan(200);
    expect(report.heartbeat.ticks).toBeGreaterThan(5);
    expect(report.progress.at(-1)).toBe(texts.length);
    expect(report.progress.length).toBe(Math.ceil(texts.length / 16));
  });

  it('serves the second request for the same texts from the IndexedDB cache', async () => {
    const texts = ['cache me', 'and me too', 'a third text'];
    const first: CachedEmbedReport = await page.evaluate(
      (t) => window.transformersHarness!.embedCached(t),
      texts,
    );
    const second: CachedEmbedReport = await page.evaluate(
      (t) => window.transformersHarness!.embedCached(t),
      texts,
    );
    const third: CachedEmbedReport = await page.evaluate(
      (t) => window.transformersHarness!.embedCached(t),
      [...texts, 'one new text'],
    );
    expect(second.workerEmbedCalls).toBe(first.workerEmbedCalls);
    expect(second.vectors).toEqual(first.vectors);
    expect(third.workerEmbedCalls).toBe(first.workerEmbedCalls + 1);
    expect(third.workerEmbedSizes.at(-1)).toBe(1);
    expect(third.stats).toEqual({ hits: 3 + 3, misses: 3 + 1 });
  });

  it.each([
    [3, 'two three four', 'length'],
    [1, 'two', 'length'],
    [50, 'two three four five six seven eight nine ten', 'stop'],
  ])('generates in the worker and stops at max_tokens %i', async (maxTokens, text, finish) => {
    const report: ChatReport = await page.evaluate(
      (max) =>
        window.transformersHarness!.chat({
          messages: [{ role: 'user', content: 'count one' }],
          temperature: 0,
          max_tokens: max,
        }),
      maxTokens,
    );
    expect(report.result.choices).toEqual([{ text, finishReason: finish }]);
    expect(report.result.usage?.completionTokens).toBe(text.split(' ').length);
  });

  it('streams tokens and samples n choices reproducibly with a seed', async () => {
    const request = {
      messages: [{ role: 'user' as const, content: 'hello' }],
      temperature: 1.5,
      max_tokens: 6,
      n: 3,
      seed: 7,
    };
    const a: ChatReport = await page.evaluate(
      (r) => window.transformersHarness!.chat(r, true),
      request,
    );
    const b: ChatReport = await page.evaluate(
      (r) => window.transformersHarness!.chat(r, true),
      request,
    );
    expect(a.result.choices.map((c) => c.text)).toEqual(b.result.choices.map((c) => c.text));
    expect(new Set(a.result.choices.map((c) => c.text)).size).toBeGreaterThan(1);
    expect(a.streamed.join('')).toBe(a.result.choices.map((c) => c.text).join(''));
    expect(a.result.notes.map((n) => `${n.param}:${n.status}`)).toEqual(['n:emulated']);
  });

  it('cancels a generation and the worker stays usable', async () => {
    const report: AbortReport = await page.evaluate(() =>
      window.transformersHarness!.abortGeneration(),
    );
    console.info(
      `abort: rejected in ${Math.round(report.rejectMs)} ms; next call ${Math.round(report.nextMs)} ms`,
    );
    expect(report.name).toBe('AbortError');
    expect(report.rejectMs).toBeLessThan(100);
    expect(report.nextText).toBe('two three');
    // Had the worker ignored the abort, it would still be generating 100k tokens.
    expect(report.nextMs).toBeLessThan(5_000);
  });

  it('fetched everything, ONNX Runtime wasm included, from the page origin only', () => {
    expect(blocked).toEqual([]);
    const wasm = requests.filter((u) => ORT_WASM.test(new URL(u).pathname));
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((u) => u.startsWith(harness.baseUrl))).toBe(true);
    expect(requests.some((u) => u.includes('/tiny-embed/onnx/model.onnx'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
