// Acceptance test of offline use in the built app: one visit with the network on (the service
// worker precaches the app, Settings downloads a transformers.js model, a run is stored), then
// the network off: reload, open the stored run and every view, a cloud engine says it is
// offline, and a run on the downloaded local model completes.
// The Hugging Face Hub is played by a route serving the tiny generated models.
import 'fake-indexeddb/auto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { createViewsRun } from '../../src/lib/components/views/testing/seed';
import { PlaygroundRunStore, type PersistedRun } from '../../src/lib/pipeline/store';
import { openDatabase } from '../../src/lib/storage/db';
import { allRecords, STORES } from '../../src/lib/storage/testing/records';
import {
  GENERATED_DIR,
  TINY_EMBED_MODEL,
  TINY_GEN_MODEL,
  makeTinyModels,
} from '../fixtures/make-tiny-models';
import { startFakeProviders, type FakeProviders } from '../servers/fake-providers';
import { launchChromium } from './chromium';
import { defineSmallRun } from './experiment-form';
import { addFakeProvider, FAKE_PROVIDER } from './provider-helpers';
import { importRecords, runRecords } from './page-db';

const SCREENSHOTS = 'test-results/screenshots';
const RUN = 'offline-views-run';
/** The small transformers.js chat model Settings offers; the Hub route serves the tiny one. */
const LOCAL_MODEL = 'HuggingFaceTB/SmolLM2-135M-Instruct';
const HUB = 'https://huggingface.co/';

/** Every file of the build the service worker must hold (source maps and itself aside). */
function builtFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.filter((f) => !f.endsWith('.map') && f !== 'sw.js' && !/^workbox-.*\.js$/.test(f));
}

/**
 * The Hub as transformers.js sees it: `<model>/resolve/main/<file>`, one-byte range probes,
 * CORS. Embedding models get the tiny embedding model, chat models the tiny generator; every
 * weights variant (`onnx/model_q4.onnx`, ...) is the one tiny graph.
 */
function hubFile(url: URL): Buffer | null {
  const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(url.pathname));
  if (!match) return null;
  const [, model, file] = match as unknown as [string, string, string];
  const dir = /MiniLM/.test(model) ? TINY_EMBED_MODEL : TINY_GEN_MODEL;
  const local = /^onnx\/.*\.onnx$/.test(file) ? 'onnx/model.onnx' : file;
  const path = join(GENERATED_DIR, dir, local);
  return existsSync(path) ? readFileSync(path) : null;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'content-length, content-range',
};

describe('offline after one visit', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: FakeProviders;
  let run: PersistedRun;
  let embeddings: unknown[];
  /** While true, weights downloads wait in `held` instead of being answered. */
  let holdWeights = false;
  const held: Route[] = [];
  const hubRequests: string[] = [];
  /** Requests to the Hub after the network went off: none may be needed. */
  const hubOffline: string[] = [];
  const failedRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    makeTinyModels(GENERATED_DIR);
    // A rich stored run (every view has something to draw), made in Node by the real pipeline.
    const db = await openDatabase({ factory: new IDBFactory(), name: 'offline-seed' });
    const store = new PlaygroundRunStore(db);
    await createViewsRun({ store, db, runId: RUN });
    run = await store.load(RUN);
    embeddings = (await allRecords(db, STORES.embeddings)).map((e) => ({
      ...e,
      vector: Array.from(e.vector),
    }));

    server = await startFakeProviders();
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'allow',
    });
    await context.route(`${HUB}**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      hubRequests.push(url.pathname);
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
      const body = hubFile(url);
      if (body === null) return route.fulfill({ status: 404, headers: CORS, body: 'not found' });
      if (request.headers().range === 'bytes=0-0') {
        return route.fulfill({
          status: 206,
          headers: { ...CORS, 'content-range': `bytes 0-0/${body.length}` },
          body: body.subarray(0, 1),
        });
      }
      if (holdWeights && url.pathname.endsWith('.onnx')) {
        held.push(route);
        return;
      }
      return route.fulfill({
        status: 200,
        headers: { ...CORS, 'content-type': 'application/octet-stream' },
        body,
      });
    });
    context.on('requestfailed', (request) => failedRequests.push(request.url()));
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  // A test that fails while weights are held must not leave later downloads waiting.
  afterEach(() => {
    holdWeights = false;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('after one visit the service worker controls the page and holds every file of the build', async () => {
    await page.goto(inject('baseUrl'));
    await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
    // clientsClaim: the first visit is controlled as soon as everything is precached.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
      timeout: 60_000,
    });
    const cached: string[] = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith('workbox-precache')) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    const files = builtFiles(inject('distDir'));
    expect(files.some((f) => /ort-wasm-simd-threaded.*\.wasm$/.test(f))).toBe(true);
    expect(files.some((f) => /transformers\.worker-.*\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => !cached.includes(`/${f}`))).toEqual([]);
    // Installable: a manifest with the icons an install needs, served beside the page.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      if (!link) return null;
      const json = (await (await fetch(link.href)).json()) as {
        icons: { src: string; sizes: string; purpose?: string }[];
        start_url: string;
        display: string;
      };
      const icons = await Promise.all(
        json.icons.map(async (i) => (await fetch(new URL(i.src, link.href))).status),
      );
      return { ...json, iconStatus: icons };
    });
    expect(manifest).toMatchObject({ start_url: './', display: 'standalone' });
    expect(manifest?.icons.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual([
      '192x192',
      '512x512',
      '512x512 maskable',
    ]);
    expect(manifest?.iconStatus).toEqual([200, 200, 200]);
  });

  it('prepares a local model in Settings: progress, a cancel that stops the download, stored size', async () => {
    await addFakeProvider(page, server, { chatModels: ['fake-gen'] });
    await expect(
      page.getByTestId('app-offline').getAttribute('data-ready', { timeout: 10_000 }),
    ).resolves.toBe('true');
    const section = page.getByTestId('transformers-section');
    await expect(section.getByTestId('tf-stored-empty').isVisible()).resolves.toBe(true);
    await section.getByLabel('Local generator', { exact: true }).selectOption(LOCAL_MODEL);
    await expect(section.getByTestId('tf-chat-stored').innerText()).resolves.toMatch(
      /^Not stored in this browser yet/,
    );
    const status = section.getByTestId('tf-chat-status');

    // Cancel while the weights are on their way: the download itself is aborted.
    holdWeights = true;
    await section.getByRole('button', { name: 'Download local generator' }).click();
    await expect.poll(() => held.length, { timeout: 30_000 }).toBe(1);
    await expect(status.getAttribute('data-status')).resolves.toBe('loading');
    await expect(status.getByTestId('load-progress').isVisible()).resolves.toBe(true);
    await section.getByRole('button', { name: 'Cancel loading the local generator' }).click();
    await expect.poll(() => status.getAttribute('data-status')).toBe('cancelled');
    const weightsUrl = held[0]!.request().url();
    await expect.poll(() => failedRequests.includes(weightsUrl), { timeout: 10_000 }).toBe(true);
    await expect(status.innerText()).resolves.toMatch(/cancelled; files already complete stay/);
    // The stored state is read again from Cache Storage after the cancel; under load that read
    // can land after the status line.
    await expect
      .poll(() => section.getByTestId('tf-chat-stored').innerText(), { timeout: 10_000 })
      .toMatch(/^Partly downloaded \([\d.]+ (B|KB), weights missing\): Download to finish/);
    holdWeights = false;
    await held[0]!.fulfill({ status: 200, body: 'late' }).catch(() => undefined);

    // Download again: progress, then ready, and the model is listed with its size.
    await section.getByRole('button', { name: 'Download local generator' }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    const row = section.locator(`[data-testid="tf-stored"] tr[data-model="${LOCAL_MODEL}"]`);
    await row.waitFor();
    const expectedBytes = ['config.json', 'generation_config.json', 'tokenizer.json']
      .concat(['tokenizer_config.json', 'onnx/model.onnx'])
      .reduce((sum, f) => sum + readFileSync(join(GENERATED_DIR, TINY_GEN_MODEL, f)).length, 0);
    const sizeText = await row.locator('td').nth(1).innerText();
    console.info(`stored ${LOCAL_MODEL}: ${sizeText} (${expectedBytes} bytes of tiny files)`);
    expect(sizeText).toMatch(/^[\d.]+ (B|KB|MB)$/);
    await expect(section.getByTestId('tf-chat-stored').innerText()).resolves.toMatch(
      /^Stored in this browser \([\d.]+ (B|KB|MB)\): it loads from here, also offline\./,
    );
    const storedBytes = await page.evaluate(async (model) => {
      const cache = await caches.open('transformers-cache');
      let total = 0;
      for (const request of await cache.keys()) {
        if (!request.url.includes(`/${model}/`)) continue;
        total += (await (await cache.match(request))!.arrayBuffer()).byteLength;
      }
      return total;
    }, LOCAL_MODEL);
    expect(storedBytes).toBe(expectedBytes);
    await section.screenshot({ path: `${SCREENSHOTS}/offline-settings-models.png` });
  });

  it('goes offline and reloads: the app loads from the service worker', async () => {
    await page.goto(`${inject('baseUrl')}#/results`);
    await importRecords(page, runRecords(run, [[STORES.embeddings, embeddings]]));
    // Fulfilled routes would bypass the offline switch: from now on the Hub is gone for real.
    await context.unroute(`${HUB}**`);
    context.on('request', (request) => {
      if (request.url().startsWith(HUB)) hubOffline.push(request.url());
    });
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Results' }).waitFor();
    await expect(page.getByTestId('offline-status').innerText()).resolves.toBe(
      'Offline: local models only',
    );
  });

  it('offline: opens the stored run, its table and every view', async () => {
    await page.goto(`${inject('baseUrl')}#/results?run=${RUN}`);
    await page.getByTestId('results-show-charts').click();
    await page.getByTestId('run-views').waitFor();
    const views: [string | null, string][] = [
      [null, 'quadrant-marks'],
      ['Per-category diversity', 'category-marks'],
      ['Diversity vs quality', 'tradeoff-marks'],
      ['Metrics vs classes', 'correlation-marks'],
      ['Response map', 'map-marks'],
      ['Probes', 'societal-cells'],
    ];
    for (const [tab, marks] of views) {
      if (tab) await page.getByRole('tab', { name: tab }).click();
      const first = page.locator(`[data-testid="${marks}"] > *`).first();
      await first.waitFor({ timeout: 30_000 });
    }
    // The response map projects in a worker: it started offline too.
    await page.getByRole('tab', { name: 'Response map' }).click();
    await expect(page.locator('[data-testid="map-marks"] [data-i]').count()).resolves.toBe(
      run.responses.length,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/offline-views.png` });
  });

  it('offline: a cloud engine says it is offline, not a generic network error', async () => {
    await page.goto(`${inject('baseUrl')}#/settings`);
    const tryIt = page.getByRole('form', { name: 'Try a model' });
    await tryIt.getByLabel('Model').selectOption(`${FAKE_PROVIDER.id}/fake-gen`);
    await tryIt.getByLabel('Prompt').fill('Hello?');
    const before = server.requests.length;
    await tryIt.getByRole('button', { name: 'Send' }).click();
    const error = page.getByTestId('try-error');
    await error.waitFor({ timeout: 30_000 });
    await expect(error.innerText()).resolves.toMatch(
      new RegExp(`^You are offline, so ${FAKE_PROVIDER.label} cannot be reached\\.`),
    );
    // The call itself never left the browser. (Chromium's offline emulation still lets the
    // CORS preflight out, which a real lost network would not.)
    expect(server.requests.slice(before).filter((r) => r.route !== 'preflight')).toEqual([]);
  });

  it('offline: a run on the downloaded local model completes', async () => {
    await defineSmallRun(page, {
      name: 'Offline local run',
      prompt: 'count one',
      generator: LOCAL_MODEL,
      k: 2,
    });
    await page.getByRole('checkbox', { name: /^Quality/ }).uncheck();
    await page.getByRole('button', { name: 'Start run' }).click();
    const panel = page.getByTestId('run-panel');
    await panel.waitFor();
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 120_000, interval: 250 })
      .toBe('completed');
    const sample = panel.getByTestId('stage-sample');
    await expect(sample.getAttribute('data-done')).resolves.toBe('2');
    await expect(sample.getAttribute('data-failed')).resolves.toBe('0');
    // The replies are the tiny model's: it counts on from the prompt's last word.
    const runId = (await panel.getAttribute('data-run-id')) ?? '';
    const texts = await page.evaluate(
      async ({ id, store }) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('mmhs-playground');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const all = await new Promise<{ runId: string; text: string }[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as { runId: string; text: string }[]);
          request.onerror = () => reject(request.error);
        });
        db.close();
        return all.filter((r) => r.runId === id).map((r) => r.text);
      },
      { id: runId, store: STORES.responses },
    );
    console.info(`offline run ${runId}: ${JSON.stringify(texts)}`);
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text).toMatch(/^[a-z]+( [a-z]+)*$/);
    expect(hubOffline).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}/offline-local-run.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
