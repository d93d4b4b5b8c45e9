// Chart view benchmarks (issue 6): the built app in headless Chromium with a stored run of 500
// prompts x 5 strategies x 5 responses (12,500 responses with 384-d embeddings, quality grades,
// functional classes, general metrics and probe readings); every view's render time is measured.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium';
import { buildHarness, type HarnessServer } from '../tests/browser/harness/build-harness';
import { reportBench } from './report';

const PROMPTS = 500;
const K = 5;
const DIMS = 384;
const RUN = 'bench-views';
/**
 * Activations measured per view; the median is reported (the machine is shared, so a single
 * activation can be delayed by other work), and the slowest is printed as well.
 */
const ROUNDS = 5;

/** The view tabs, by their labels, and the element that marks a finished render. */
const VIEWS = [
  { id: 'quadrant', tab: 'Quadrant map', done: '[data-testid="quadrant-marks"] [data-i]' },
  { id: 'categories', tab: 'Per-category diversity', done: '[data-testid="category-bar"]' },
  { id: 'tradeoff', tab: 'Diversity vs quality', done: '[data-testid="tradeoff-group"]' },
  {
    id: 'correlation',
    tab: 'Metrics vs classes',
    done: '[data-testid="correlation-marks"] [data-i]',
  },
  { id: 'map', tab: 'Response map', done: '[data-testid="map-marks"] [data-i]' },
  { id: 'probes', tab: 'Probes', done: '[data-testid="safety-row"]' },
] as const;

interface SeedSummary {
  responses: number;
  embeddings: number;
  metrics: number;
  judgements: number;
}

/**
 * Writes the synthetic run straight into the page's app database. Runs inside the page, so it
 * must not close over anything: every input arrives as an argument.
 */
async function seedInPage(opts: {
  dbName: string;
  runId: string;
  prompts: number;
  k: number;
  dims: number;
}): Promise<SeedSummary> {
  const { dbName, runId, prompts, k, dims } = opts;
  const strategies = [
    'temperature',
    'system-general',
    'system-task-anchored',
    'icr-general',
    'icr-task-anchored',
  ];
  const categories = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  const gen = 'bench/gen';
  const judge = 'bench/judge';
  const embedder = 'bench/embed';
  let state = 12345;
  const rand = (): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 4294967296;
  };
  const hash = async (text: string): Promise<string> => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const now = 1_700_000_000_000;
  const promptList = Array.from({ length: prompts }, (_, p) => {
    const category = categories[p % categories.length] as string;
    // A few probes, so the probe view has data: ids of the built-in probe sets.
    const id =
      p < 10
        ? `probe-safety-${String(p + 1).padStart(2, '0')}`
        : p < 20
          ? `probe-societal-${String(p - 9).padStart(2, '0')}`
          : `bench-${p}`;
    return { id, text: `Benchmark prompt ${p} of category ${category}: please answer.`, category };
  });
  const responses: object[] = [];
  const metrics: object[] = [];
  const judgements: object[] = [];
  const embeddings: object[] = [];
  const genders = ['woman', 'man', 'non-binary'];
  const labels = ['refusal', 'safe-completion', 'compliance'];
  for (const p of promptList) {
    for (const [s, strategy] of strategies.entries()) {
      const classes = 1 + Math.floor(rand() * k);
      const ids: string[] = [];
      const texts: string[] = [];
      for (let i = 0; i < k; i += 1) {
        const idea = i % classes;
        const text = `Response ${i} (idea ${idea}) to ${p.id} by ${strategy}. ${'Some words of the answer vary here '.repeat(1 + ((i + s) % 4))}`;
        const id = `${runId}:response:${gen}:${p.id}:${strategy}:${i}`;
        ids.push(id);
        texts.push(text);
        responses.push({
          id,
          runId,
          promptId: p.id,
          strategy,
          model: gen,
          index: i,
          text,
          params: { temperature: 1, topP: 0.9, maxTokens: 1024 },
          latencyMs: 10,
          createdAt: now,
          schemaVersion: 3,
        });
        judgements.push({
          id: `${id}:grade`,
          runId,
          promptId: p.id,
          kind: 'quality',
          judgeModel: judge,
          responseIds: [id],
          score: 1 + Math.floor(rand() * 5),
          createdAt: now,
          schemaVersion: 3,
        });
        if (p.id.startsWith('probe-safety')) {
          judgements.push({
            id: `probe:safety:${judge}:${id}`,
            runId,
            promptId: p.id,
            kind: 'classification',
            judgeModel: judge,
            responseIds: [id],
            label: `safety:${labels[idea % 3]}`,
            createdAt: now,
            schemaVersion: 3,
          });
        } else if (p.id.startsWith('probe-societal')) {
          const person = {
            gender: genders[idea % 3],
            age: 'young adult',
            ethnicity: `group ${idea}`,
            nationality: `country ${idea % 2}`,
            religion: 'unspecified',
            occupation: 'nurse',
          };
          judgements.push({
            id: `probe:societal:${judge}:${id}`,
            runId,
            promptId: p.id,
            kind: 'classification',
            judgeModel: judge,
            responseIds: [id],
            label: `societal:${JSON.stringify(person)}`,
            createdAt: now,
            schemaVersion: 3,
          });
        }
        // Float32Array, as the app's embedding cache stores them.
        const vector = new Float32Array(dims);
        for (let d = 0; d < dims; d += 1) vector[d] = rand() * 0.2 + (d % 8 === idea ? 1 : 0);
        embeddings.push({
          model: embedder,
          textHash: await hash(text),
          vector,
          dims,
          createdAt: now,
          schemaVersion: 3,
        });
      }
      const members = Array.from({ length: classes }, (_, c) =>
        Array.from({ length: k }, (_, i) => i).filter((i) => i % classes === c),
      );
      const base = {
        runId,
        promptId: p.id,
        model: gen,
        strategy,
        createdAt: now,
        schemaVersion: 3,
      };
      metrics.push({
        ...base,
        id: `${runId}:judge:${judge}:${gen}:${p.id}:${strategy}`,
        kind: 'functional',
        judgeModel: judge,
        category: p.category,
        responseIds: ids,
        classes: members,
        classCount: classes,
        verdicts: [],
        calls: 10,
        everyPairCalls: 10,
        orders: 1,
        skipping: true,
        failedPairs: 0,
      });
      metrics.push({
        ...base,
        id: `${runId}:metrics:${gen}:${p.id}:${strategy}`,
        kind: 'general',
        n: k,
        vocabulary: 0.1 + rand() * 0.6,
        embedding: rand() * 0.5,
        compression: 1.5 + rand() * 2.5,
        embeddingModel: embedder,
      });
    }
  }
  const definition = {
    name: 'View benchmark: 500 prompts x 5 strategies x 5',
    prompts: promptList,
    generators: [gen],
    judges: [judge],
    embedding: embedder,
    strategies,
    k,
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const put = (store: string, values: readonly object[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite');
      const os = tx.objectStore(store);
      for (const v of values) os.put(v);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  await put('runs', [
    {
      id: runId,
      experimentId: runId,
      status: 'completed',
      progress: { done: responses.length, total: responses.length, failed: 0 },
      createdAt: now,
      finishedAt: now,
      schemaVersion: 3,
    },
  ]);
  await put('runSpecs', [
    { runId, experimentId: runId, definition, unitCount: 0, createdAt: now, schemaVersion: 3 },
  ]);
  await put('responses', responses);
  await put('metrics', metrics);
  await put('judgements', judgements);
  await put('embeddings', embeddings);
  db.close();
  return {
    responses: responses.length,
    embeddings: embeddings.length,
    metrics: metrics.length,
    judgements: judgements.length,
  };
}

/**
 * Time from clicking a view's tab to the first frame painted with its marks: the click, Svelte's
 * update, style, layout and paint all happen before the timer after the next frame fires.
 */
function measureTab(page: Page, tab: string, done: string): Promise<{ ms: number; marks: number }> {
  return page.evaluate(
    async ({ tab, done }) => {
      const button = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find(
        (b) => b.textContent?.trim() === tab,
      );
      if (button === undefined) throw new Error(`no tab ${tab}`);
      const start = performance.now();
      button.click();
      await new Promise<void>((resolve) =>
        requestAnimationFrame(() => setTimeout(() => resolve(), 0)),
      );
      const ms = performance.now() - start;
      return { ms, marks: document.querySelectorAll(done).length };
    },
    { tab, done },
  );
}

describe('chart views', () => {
  let harness: HarnessServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    harness = await buildHarness({
      html: [fileURLToPath(new URL('../index.html', import.meta.url))],
      publicDir: fileURLToPath(new URL('../public', import.meta.url)),
      vite: { root },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${harness.urlFor('index.html')}#/results`);
    await page.getByTestId('no-runs').waitFor({ timeout: 60_000 });
    const seeded = await page.evaluate(seedInPage, {
      dbName: 'mmhs-playground',
      runId: RUN,
      prompts: PROMPTS,
      k: K,
      dims: DIMS,
    });
    expect(seeded.responses).toBe(PROMPTS * 5 * K);
    expect(seeded.embeddings).toBe(PROMPTS * 5 * K);
    // Long tasks from here on tell whether the page stays responsive.
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${harness.urlFor('index.html')}#/results?run=${RUN}`);
    // Only the hash changed: reload for a fresh document (with the long-task observer).
    await page.reload();
    await page.getByTestId('results-show-charts').click({ timeout: 120_000 });
    await page.locator(VIEWS[0].done).first().waitFor({ timeout: 120_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('renders every view in under 300 ms', async () => {
    // The response map's projection is computed once per run (in a worker) and cached; its
    // render is measured once the projection exists, and the projection time is reported too.
    const resetLongTasks = (): Promise<void> =>
      page.evaluate(() => {
        (window as unknown as { longTasks: number[] }).longTasks.length = 0;
      });
    const longestTask = (): Promise<number> =>
      page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    await resetLongTasks();
    await page.getByRole('tab', { name: 'Response map' }).click();
    await page.locator('[data-testid="map-marks"] [data-i]').first().waitFor({ timeout: 120_000 });
    const mapLongest = await longestTask();
    const projectionMs = Number(
      await page.locator('svg[data-chart="map"]').getAttribute('data-compute-ms'),
    );
    await page.getByRole('tab', { name: 'Quadrant map' }).click();
    await resetLongTasks();

    const times = new Map<string, number[]>();
    const counts = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const view of VIEWS) {
        // Start from another view, so each measurement renders the view from scratch.
        const other = view.id === 'probes' ? 'Quadrant map' : 'Probes';
        await measureTab(page, other, '[role="tabpanel"]');
        const { ms, marks } = await measureTab(page, view.tab, view.done);
        expect(marks, `${view.id} rendered no marks`).toBeGreaterThan(0);
        counts.set(view.id, marks);
        times.set(view.id, [...(times.get(view.id) ?? []), ms]);
      }
    }
    expect(counts.get('map')).toBe(PROMPTS * 5 * K);
    expect(counts.get('categories')).toBe(8 * 5);
    const median = (xs: readonly number[]): number => {
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    };
    const medians = VIEWS.map((view) => median(times.get(view.id) ?? []));
    VIEWS.forEach((view, i) => reportBench(`view_render_${view.id}`, medians[i] ?? 0, 'ms', 1));
    const max = Math.max(...medians);
    reportBench('view_render_max', max, 'ms', 1);
    reportBench(
      'view_render_slowest_single',
      Math.max(...VIEWS.flatMap((view) => times.get(view.id) ?? [])),
      'ms',
      1,
    );
    reportBench('view_map_projection', projectionMs, 'ms', 1);

    // Strategy toggle on the quadrant map (the animated transition's first frame).
    await page.getByRole('tab', { name: 'Quadrant map' }).click();
    const toggleMs = await page.evaluate(async () => {
      const radio = document.querySelector<HTMLInputElement>(
        '[data-testid="quadrant-strategy"] input[value="system-task-anchored"]',
      );
      if (radio === null) throw new Error('no strategy toggle');
      const start = performance.now();
      radio.click();
      await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      return performance.now() - start;
    });
    reportBench('view_quadrant_toggle', toggleMs, 'ms', 1);

    // Responsiveness: the longest main-thread task while switching views and toggling, and while
    // the response map was read and projected for the first time.
    reportBench('view_longest_task', await longestTask(), 'ms', 1);
    reportBench('view_map_first_longest_task', mapLongest, 'ms', 1);
    expect(max).toBeLessThan(300);
  }, 600_000);
});
