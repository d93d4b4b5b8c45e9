// Batch mode through the UI for Anthropic Message Batches and Gemini batch mode (OpenAI Batch is
// in batch-runs.test.ts): a whole experiment in batch mode with a reload between submission and
// completion ends with the numbers of the same experiment run interactively.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders, type RouteId } from '../servers/fake-providers';
import { launchChromium } from './chromium';
import { addFakeProvider } from './provider-helpers';
import { defineSmallRun, startRun } from './experiment-form';
import { batchScript, storedNumbers, waitForRun, type StoredNumbers } from './batch-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const PROMPT = 'Name a prime number greater than 100.';
const K = 4;
const SEED = 100;
const BATCHED = ['Sample calls', 'Judge calls', 'Quality calls'] as const;

interface ProviderCase {
  name: string;
  kind: 'anthropic' | 'gemini';
  label: string;
  /** The route of one interactive chat request. */
  chat: RouteId;
  /**
   * The sampling strategy. Anthropic has neither seeds nor native n, so its temperature samples
   * would all read alike; it samples k different answers in one call instead.
   */
  strategy: 'Temperature sampling' | 'System prompt (general)';
  seed?: number;
}

const PROVIDERS: ProviderCase[] = [
  {
    name: 'Anthropic',
    kind: 'anthropic',
    label: 'Fake Anthropic',
    chat: 'anthropic.messages',
    strategy: 'System prompt (general)',
  },
  {
    name: 'Gemini',
    kind: 'gemini',
    label: 'Fake Gemini',
    chat: 'gemini.generate',
    strategy: 'Temperature sampling',
    seed: SEED,
  },
];

/** One prompt, the provider's strategy with k = 4, the judge and quality; `batch` stages batched. */
async function defineExperiment(
  page: Page,
  provider: ProviderCase,
  name: string,
  batch: readonly (typeof BATCHED)[number][],
): Promise<void> {
  const { seed } = provider;
  await defineSmallRun(page, {
    name,
    prompt: PROMPT,
    generator: 'fake-gen',
    k: K,
    ...(seed !== undefined && { seed }),
  });
  for (const strategy of ['Temperature sampling', 'System prompt (general)'] as const) {
    await page.getByRole('checkbox', { name: strategy }).setChecked(strategy === provider.strategy);
  }
  await page.getByRole('group', { name: 'Judge models' }).getByLabel('fake-judge').check();
  await page.getByRole('checkbox', { name: /Both orders/ }).setChecked(false);
  await page.getByRole('checkbox', { name: /Quality/ }).setChecked(true);
  for (const stage of BATCHED) {
    const mode = batch.includes(stage) ? 'batch' : 'interactive';
    await page.getByLabel(stage, { exact: true }).selectOption(mode);
  }
}

/** What the first test learnt of each provider: the interactive run, and its batch run. */
interface Reference {
  numbers: StoredNumbers;
  summary: string;
  /** Chat requests the interactive run sent. */
  requests: number;
}

describe('Batch mode through the UI: Anthropic and Gemini', () => {
  let browser: Browser;
  let server: FakeProviders;
  const contexts: BrowserContext[] = [];
  const references = new Map<ProviderCase['kind'], Reference>();

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 5 });
    browser = await launchChromium();
  });

  beforeEach(() => {
    server.reset();
    server.script(batchScript([PROMPT]));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** A fresh page (its own IndexedDB) with the provider added in Settings. */
  async function pageWith(provider: ProviderCase): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await addFakeProvider(page, server, {
      label: provider.label,
      id: `fake-${provider.kind}`,
      kind: provider.kind,
      chatModels: ['fake-gen', 'fake-judge'],
    });
    return page;
  }

  it.each(PROVIDERS)(
    '$name: a run in batch mode, reloaded while its batch runs, equals the interactive run',
    async (provider) => {
      // 1. The reference: every stage interactive, in its own page.
      const refPage = await pageWith(provider);
      await defineExperiment(refPage, provider, 'Interactive', []);
      const refId = await startRun(refPage);
      await waitForRun(refPage, 'completed');
      await expect(refPage.getByTestId('problem').count()).resolves.toBe(0);
      const refSummary = await refPage.getByTestId('summary-table').innerText();
      const reference: StoredNumbers = await storedNumbers(refPage, refId);
      expect(reference.metrics.length).toBeGreaterThan(0);
      expect(reference.quality.length).toBeGreaterThan(0);
      const refRequests = server.requests.filter((r) => r.route === provider.chat).length;
      expect(server.batches()).toEqual([]);

      // 2. The same experiment in batch mode; the provider holds the first batches until the
      // page was reloaded.
      const page = await pageWith(provider);
      server.settings.batchPolls = 1_000_000;
      const before = server.requests.length;
      await defineExperiment(page, provider, 'Batch', BATCHED);
      const runId = await startRun(page);
      // Sampling and the checklists (which need no samples) go out at once, one batch each.
      await expect.poll(() => server.batches().length, { timeout: 30_000 }).toBe(2);
      await expect
        .poll(async () => (await storedNumbers(page, runId)).batches.map((b) => b.state), {
          timeout: 10_000,
        })
        .toEqual(['running', 'running']);
      await page.reload({ waitUntil: 'commit' });
      server.settings.batchPolls = 1;

      // 3. The reopened page reads the stored batches and the run goes on to the end.
      await page.getByTestId('run-panel').waitFor();
      await expect(page.getByTestId('run-panel').getAttribute('data-run-id')).resolves.toBe(runId);
      await waitForRun(page, 'completed');
      await page.screenshot({
        path: `${SCREENSHOTS}/batch-${provider.kind}-finished.png`,
        fullPage: true,
      });
      const views = server.batches();
      expect(views.every((b) => b.provider === provider.kind && b.ended && !b.cancelled)).toBe(
        true,
      );
      // Sampling, at least one judge round, checklists and grades.
      expect(views.length).toBeGreaterThanOrEqual(4);
      const after = server.requests.slice(before);
      // Nothing went out one by one and nothing was submitted twice across the reload: the
      // batches held exactly the wire requests the interactive run sent.
      expect(after.filter((r) => r.route === provider.chat)).toHaveLength(0);
      expect(views.reduce((n, b) => n + b.customIds.length, 0)).toBe(refRequests);

      // 4. The numbers are the interactive run's.
      const batched = await storedNumbers(page, runId);
      expect(batched.batches.map((b) => b.state)).toEqual(views.map(() => 'ended'));
      const ref = { numbers: reference, summary: refSummary, requests: refRequests };
      await expectNumbers(page, runId, ref);
      references.set(provider.kind, ref);
    },
  );

  /** The run's stored numbers and summary table equal the interactive run's. */
  async function expectNumbers(
    page: Page,
    runId: string,
    ref: Pick<Reference, 'numbers' | 'summary'>,
  ): Promise<void> {
    const numbers = await storedNumbers(page, runId);
    expect(numbers.responses).toEqual(ref.numbers.responses);
    expect(numbers.metrics).toEqual(ref.numbers.metrics);
    expect(numbers.quality).toEqual(ref.numbers.quality);
    await expect(page.getByTestId('summary-table').innerText()).resolves.toBe(ref.summary);
  }

  it('Cancel mid-batch keeps the answers the batch had given; Resume sends only the rest', async () => {
    const provider = PROVIDERS[0]!;
    const ref = references.get(provider.kind);
    expect(ref).toBeDefined();
    const page = await pageWith(provider);
    server.settings.batchPolls = 1_000_000;
    // The provider had answered the first request of each batch when the cancel came.
    server.settings.batchCancelAnswered = 1;
    await defineExperiment(page, provider, 'Batch cancelled', ['Judge calls', 'Quality calls']);
    const runId = await startRun(page);
    // Sampling is interactive; the checklist and the first judge round wait in batches (one
    // or two, depending on whether they were gathered together), stored as running.
    const items = (): number => server.batches().reduce((n, b) => n + b.customIds.length, 0);
    await expect.poll(items, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect
      .poll(async () => (await storedNumbers(page, runId)).batches.map((b) => b.state), {
        timeout: 10_000,
      })
      .toEqual(server.batches().map(() => 'running'));
    const panel = page.getByTestId('run-panel');
    await panel.getByRole('button', { name: 'Cancel run' }).click();
    await waitForRun(page, 'cancelled');
    const cancelled = server.batches();
    expect(cancelled.map((b) => b.cancelled)).toEqual(cancelled.map(() => true));
    const stored = await storedNumbers(page, runId);
    expect(stored.batches.map((b) => `${b.state}:${b.answered}`)).toEqual(
      cancelled.map(() => 'cancelled:1'),
    );

    server.settings.batchPolls = 1;
    await panel.getByRole('button', { name: 'Resume run' }).click();
    await waitForRun(page, 'completed');
    await expectNumbers(page, runId, ref!);
    // Nothing answered before the cancel was sent again, and every other request went exactly
    // once: interactive sampling + answered before the cancel + resubmitted = the interactive run.
    const answered = cancelled.flatMap((b) =>
      b.bodies.filter((_body, i) => b.answered.includes(b.customIds[i]!)),
    );
    expect(answered).toHaveLength(cancelled.length);
    const resent = server
      .batches()
      .slice(cancelled.length)
      .flatMap((b) => b.bodies);
    const answeredText = new Set(answered.map((body) => JSON.stringify(body)));
    expect(resent.filter((body) => answeredText.has(JSON.stringify(body)))).toEqual([]);
    const sampling = server.requests.filter((r) => r.route === provider.chat).length;
    expect(sampling + answered.length + resent.length).toBe(ref!.requests);
  });

  it('A batch create whose reply was lost is not created twice', async () => {
    const provider = PROVIDERS[1]!;
    const ref = references.get(provider.kind);
    expect(ref).toBeDefined();
    const page = await pageWith(provider);
    // The first batch is created, then its reply is cut after the first bytes.
    server.setFault('gemini.batches.create', 'batch-reply-lost');
    await defineExperiment(page, provider, 'Batch reply lost', BATCHED);
    const runId = await startRun(page);
    await waitForRun(page, 'completed');
    // The retry found the batch the lost reply had created: one create request per batch, every
    // batch read to its end (none left behind), and the batches held each request once.
    const batches = server.batches();
    const creates = server.requests.filter((r) => r.route === 'gemini.batches.create');
    expect(server.requests.some((r) => r.route === 'gemini.batches.list')).toBe(true);
    expect(creates).toHaveLength(batches.length);
    expect(batches.every((b) => b.ended)).toBe(true);
    expect(batches.reduce((n, b) => n + b.customIds.length, 0)).toBe(ref!.requests);
    await expectNumbers(page, runId, ref!);
  });
});
