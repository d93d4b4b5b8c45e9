// Batch mode through the UI against the fake OpenAI batch API: an experiment whose sampling, judge
// and quality stages go out as provider batches, with a page reload while a batch is still
// running, ends with the same numbers as the same experiment run interactively.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  startFakeProviders,
  type FakeProviders,
  type RecordedRequest,
} from '../servers/fake-providers';
import { requestKind, requestPrompt } from '../../src/lib/pipeline/testing/scripted-engine';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { launchChromium } from './chromium';
import { batchScript, storedNumbers, waitForRun, type StoredNumbers } from './batch-helpers';
import { defineRun, startRun, TWO_PROMPTS, twoPromptRun } from './experiment-form';
import { addFakeProvider } from './provider-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const PROVIDER = { label: 'Fake OpenAI', id: 'fake-openai' } as const;
const K = 4;
const SEED = 100;
const PROMPTS = TWO_PROMPTS;
const BATCHED = ['Sample calls', 'Judge calls', 'Quality calls'] as const;

/** Chat requests answered one by one (not through a batch). */
const interactiveChats = (requests: readonly RecordedRequest[]): number =>
  requests.filter((r) => r.route === 'openai.chat').length;

/** Defines the experiment (2 prompts, temperature sampling, k = 4, judge, quality). */
async function defineExperiment(
  page: Page,
  name: string,
  batch: readonly (typeof BATCHED)[number][],
): Promise<void> {
  await defineRun(page, {
    ...twoPromptRun(name, PROVIDER.id, K, SEED),
    off: [/Classify prompts/, /Accuracy/, /Both orders/],
    on: [/Quality/],
    keepPrompts: true,
  });
  for (const stage of BATCHED) {
    const mode = batch.includes(stage) ? 'batch' : 'interactive';
    await page.getByLabel(stage, { exact: true }).selectOption(mode);
  }
}

describe('Batch mode through the UI', () => {
  let browser: Browser;
  let server: FakeProviders;
  let page: Page;
  /** The interactive run's summary table and stored numbers (first test). */
  let refSummary = '';
  let reference: StoredNumbers | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 5 });
    server.script(batchScript(PROMPTS));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await server?.close();
  });

  it('a run in batch mode, reloaded while its batch runs, equals the interactive run', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await addFakeProvider(page, server, {
      ...PROVIDER,
      kind: 'openai',
      chatModels: ['fake-gen', 'fake-judge'],
      embeddingModels: ['fake-embed'],
    });

    // 1. The reference: every stage interactive.
    await defineExperiment(page, 'Interactive', []);
    const refId = await startRun(page);
    await waitForRun(page, 'completed');
    // Every unit of the reference did its work (nothing failed or unreadable).
    await expect(page.getByTestId('problem').count()).resolves.toBe(0);
    refSummary = await page.getByTestId('summary-table').innerText();
    reference = await storedNumbers(page, refId);
    const refCalls = interactiveChats(server.requests);
    expect(server.batches()).toEqual([]);
    expect(reference.batches).toEqual([]);
    await page.getByTestId('run-panel').getByRole('button', { name: 'Close', exact: true }).click();

    // 2. The same experiment with sampling, judge and quality in batch mode; the provider keeps
    // the first batch running until the page was reloaded.
    server.settings.batchPolls = 1_000_000;
    const before = server.requests.length;
    await defineExperiment(page, 'Batch', BATCHED);
    // The estimate compares both modes: a batch-cost column and the batches waited for.
    const estimate = page.getByTestId('estimate');
    await expect(estimate.getByTestId('estimate-judge').innerText()).resolves.toContain('(chosen)');
    // Sampling, then 1 to 3 judge rounds beside the grades (k = 4).
    await expect(estimate.getByTestId('estimate-batch').innerText()).resolves.toMatch(
      /waits for 2–4 batches one after another/,
    );
    const runId = await startRun(page);
    // Sampling and the checklists (which need no samples) go out at once, one batch each.
    await expect.poll(() => server.batches().length, { timeout: 30_000 }).toBe(2);
    await expect
      .poll(async () => (await storedNumbers(page, runId)).batches, { timeout: 10_000 })
      .toEqual([
        { state: 'running', items: PROMPTS.length, answered: 0 },
        { state: 'running', items: PROMPTS.length, answered: 0 },
      ]);
    await page.screenshot({ path: `${SCREENSHOTS}/batch-running.png`, fullPage: true });
    await page.reload({ waitUntil: 'commit' });
    server.settings.batchPolls = 1;

    // 3. The reopened page reads the stored batch instead of sending its calls again, and the
    // run goes on through the later stages' batches to the end.
    await page.getByTestId('run-panel').waitFor();
    await expect(page.getByTestId('run-panel').getAttribute('data-run-id')).resolves.toBe(runId);
    await waitForRun(page, 'completed');
    await page.screenshot({ path: `${SCREENSHOTS}/batch-finished.png`, fullPage: true });
    const batched = await storedNumbers(page, runId);
    const views = server.batches();
    expect(views.every((b) => b.ended && !b.cancelled)).toBe(true);
    // The sample batch, at least two judge rounds, checklists and grades.
    expect(views.length).toBeGreaterThanOrEqual(4);
    expect(batched.batches.map((b) => b.state)).toEqual(views.map(() => 'ended'));
    const after = server.requests.slice(before);
    // No model call went out one by one, and the batches held exactly the calls the
    // interactive run made: nothing was submitted twice across the reload.
    expect(interactiveChats(after)).toBe(0);
    expect(views.reduce((n, b) => n + b.customIds.length, 0)).toBe(refCalls);

    // 4. The numbers are the interactive run's.
    await expectReferenceNumbers(runId);
  });

  /** The run's stored numbers and summary table equal the interactive run's. */
  async function expectReferenceNumbers(runId: string): Promise<void> {
    const numbers = await storedNumbers(page, runId);
    expect(reference?.metrics.length).toBeGreaterThan(0);
    expect(numbers.responses).toEqual(reference?.responses);
    expect(numbers.metrics).toEqual(reference?.metrics);
    expect(numbers.quality).toEqual(reference?.quality);
    await expect(page.getByTestId('summary-table').innerText()).resolves.toBe(refSummary);
  }

  /** Whether a chat request body samples the second prompt. */
  const samplesPrompt2 = (body: unknown): boolean => {
    const request = { messages: (body as { messages?: ChatMessage[] }).messages ?? [] };
    return requestKind(request) === 'sample' && requestPrompt(request) === PROMPTS[1];
  };

  it('expired batch items fail their units; Retry failed sends only those again', async () => {
    await page.getByTestId('run-panel').getByRole('button', { name: 'Close', exact: true }).click();
    server.settings.batchPolls = 1;
    // The first two batches (sampling, checklists) end expired for prompt 2's sampling.
    server.setFault('openai.batches.create', 'batch-expired', { times: 2, items: samplesPrompt2 });
    await defineExperiment(page, 'Batch expired', BATCHED);
    const runId = await startRun(page);
    await waitForRun(page, 'completed');
    const panel = page.getByTestId('run-panel');
    const failed = page.getByTestId('problem').and(page.locator('[data-status="failed"]'));
    await expect(failed.allTextContents()).resolves.toEqual([
      expect.stringMatching(/#2 .*24-hour window ended; use "Retry failed" to send it again/),
    ]);
    const before = server.batches().length;
    await panel.getByTestId('retry-failed').click();
    await waitForRun(page, 'completed');
    await expect(panel.getByTestId('run-counts').innerText()).resolves.not.toContain('failed');
    // The retry's first batch held prompt 2's sampling call alone.
    expect(server.batches()[before]?.customIds).toHaveLength(1);
    await expectReferenceNumbers(runId);
  });

  it('Cancel run cancels the provider batches; answers already in stay and Resume finishes', async () => {
    await page.getByTestId('run-panel').getByRole('button', { name: 'Close', exact: true }).click();
    server.settings.batchPolls = 1_000_000;
    const before = server.batches().length;
    await defineExperiment(page, 'Batch cancelled', ['Judge calls', 'Quality calls']);
    const runId = await startRun(page);
    // Sampling is interactive and finishes; the judge's calls wait in a batch.
    await expect
      .poll(async () => (await storedNumbers(page, runId)).responses.length, { timeout: 30_000 })
      .toBe(reference?.responses.length);
    await expect
      .poll(() => server.batches().length - before, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(1);
    const panel = page.getByTestId('run-panel');
    await panel.getByRole('button', { name: 'Cancel run' }).click();
    await waitForRun(page, 'cancelled');
    const mine = server.batches().slice(before);
    expect(mine.map((b) => b.cancelled)).toEqual(mine.map(() => true));
    const stored = await storedNumbers(page, runId);
    expect(stored.batches.map((b) => b.state)).toEqual(mine.map(() => 'cancelled'));
    expect(stored.responses).toEqual(reference?.responses);

    server.settings.batchPolls = 1;
    await panel.getByRole('button', { name: 'Resume run' }).click();
    await waitForRun(page, 'completed');
    await expectReferenceNumbers(runId);
  });
});
