// Browser test of honest run numbers in the built app against the local fake provider: a run whose
// judge requests repeat shows requests sent, answers from the app's cache and calls skipped apart
// (equal to what the server received) on the run panel, the Results page and the runs list; every
// sampling request carried its own seed, recorded with its response; the elapsed time of a run
// that was cancelled and resumed includes both sessions.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  startFakeProviders,
  type FakeProviders,
  type RecordedRequest,
} from '../servers/fake-providers';
import { requestKind } from '../../src/lib/pipeline/testing/scripted-engine';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { launchChromium } from './chromium';
import { addFakeProvider } from './provider-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const K = 4;
const SEED = 50;

function kindOf(r: RecordedRequest): string | null {
  if (r.route !== 'openai.chat') return null;
  return requestKind({ messages: (r.body as { messages: ChatMessage[] }).messages });
}

/** Fills the form: adds a prompt, temperature sampling only, k = 4, the fake generator and judge. */
async function defineRun(page: Page, name: string, prompt: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}#/experiments`);
  await page.getByRole('heading', { level: 1, name: 'Experiments' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.locator('#typed-prompts').fill(prompt);
  await page.getByRole('button', { name: 'Add 1 prompt' }).click();
  // The form keeps the prompts of an earlier run: give every prompt listed a category.
  for (const select of await page.getByLabel(/^Known category of prompt \d+$/).all()) {
    await select.selectOption('A');
  }
  await page.getByRole('group', { name: 'Generator models' }).getByLabel('fake-gen').check();
  await page.getByRole('group', { name: 'Judge models' }).getByLabel('fake-judge').check();
  for (const label of [
    'System prompt (general)',
    'System prompt (task-anchored)',
    'In-context regeneration (general)',
    'In-context regeneration (task-anchored)',
  ]) {
    await page.getByRole('checkbox', { name: label }).uncheck();
  }
  for (const option of ['Classify prompts', 'Quality', 'Accuracy']) {
    await page.getByRole('checkbox', { name: option }).uncheck();
  }
  await page.getByLabel('k responses per prompt').fill(String(K));
  await page.getByLabel('Seed').fill(String(SEED));
}

describe('Honest numbers in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: FakeProviders;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 5 });
    server.script((input) => {
      const kind = requestKind({ messages: input.messages as ChatMessage[] });
      // Every sample is the same text, so the judge is asked the same pair again and again.
      if (kind === 'sample') return 'The answer is 4.';
      if (kind === 'judge') return 'Both say 4.\nVerdict: EQUIVALENT';
      return undefined;
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
    await addFakeProvider(page, server, { chatModels: ['fake-gen', 'fake-judge'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows judge calls sent, answered from the cache and skipped, as the server saw them', async () => {
    await defineRun(page, 'Cached judge run', 'What is 2 + 2?');
    await page.getByRole('button', { name: 'Start run' }).click();
    const panel = page.getByTestId('run-panel');
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 60_000, interval: 200 })
      .toBe('completed');
    const runId = (await panel.getAttribute('data-run-id')) ?? '';

    // Four identical answers: pair (1,2) is asked, (1,3) and (1,4) are the same request and come
    // from the app's cache, the other three pairs are skipped as already connected.
    const judged = server.requests.filter((r) => kindOf(r) === 'judge');
    expect(judged).toHaveLength(1);
    const expected = { sent: '1', cached: '2', skipped: '3' };
    const onPanel = panel.getByTestId('judge-calls');
    await expect(onPanel.evaluate((el) => ({ ...(el as HTMLElement).dataset }))).resolves.toEqual(
      expect.objectContaining({ ...expected, everyPair: '6' }),
    );
    expect(await onPanel.innerText()).toMatch(
      /1 sent to the judge.*2 answered from the app's cache.*3 skipped by pair skipping, of 6/s,
    );
    await panel.screenshot({ path: `${SCREENSHOTS}/judge-calls-panel.png` });

    // Each sample had its own seed (SEED + index), and its response records it.
    const seeds = server.requests
      .filter((r) => kindOf(r) === 'sample')
      .map((r) => (r.body as { seed?: number }).seed)
      .sort();
    expect(seeds).toEqual([SEED, SEED + 1, SEED + 2, SEED + 3]);
    const stored = await page.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('mmhs-playground');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const responses = await new Promise<{ params: { seed?: number } }[]>((resolve, reject) => {
        const req = db
          .transaction('responses')
          .objectStore('responses')
          .index('byRunId')
          .getAll(id);
        req.onsuccess = () => resolve(req.result as { params: { seed?: number } }[]);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return responses.map((r) => r.params.seed ?? null).sort();
    }, runId);
    expect(stored).toEqual(seeds);

    // The Results page and the runs list show the same three numbers.
    await page.getByRole('link', { name: 'View results' }).click();
    const savings = page.getByTestId('judge-savings');
    await savings.waitFor();
    await expect(savings.getByTestId('judge-calls-sent').innerText()).resolves.toBe('1');
    await expect(savings.getByTestId('judge-calls-cached').innerText()).resolves.toBe('2');
    await expect(savings.getByTestId('judge-calls-skipped').innerText()).resolves.toBe('3');
    await expect(savings.getByTestId('judge-calls-estimate').innerText()).resolves.toContain(
      'Estimated before the run: 3–6; asked: 3',
    );
    await expect(page.getByTestId('run-seed').innerText()).resolves.toBe(`seed ${SEED}`);
    await page.goto(`${inject('baseUrl')}#/results`);
    const item = page.locator(`[data-testid="run-item"][data-run="${runId}"]`);
    await expect(item.getByTestId('judge-calls').innerText()).resolves.toBe(
      '1 sent · 2 cached · 3 skipped',
    );
    expect(consoleErrors).toEqual([]);
  });

  it('counts the time of every session: a resumed run goes on from the elapsed time it had', async () => {
    // Slow answers (the server reads its settings per request), so the run is cancelled part-way.
    server.settings.latencyMs = 700;
    await defineRun(page, 'Resumed run', 'What is 3 + 3?');
    await page.getByRole('button', { name: 'Start run' }).click();
    const panel = page.getByTestId('run-panel');
    const counts = panel.getByTestId('run-counts');
    await expect
      .poll(async () => Number(await counts.getAttribute('data-settled')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 30_000 })
      .toBe('cancelled');
    const runId = (await panel.getAttribute('data-run-id')) ?? '';
    const firstSession = await activeMs(page, runId);
    expect(firstSession).toBeGreaterThan(600);

    await page.getByRole('button', { name: 'Resume run' }).click();
    await expect
      .poll(() => panel.getAttribute('data-status'), { timeout: 60_000, interval: 200 })
      .toBe('completed');
    const total = await activeMs(page, runId);
    // The second session waited at least one slow answer; an hour-long pause would not count.
    expect(total).toBeGreaterThan(firstSession + 600);
    // The panel's elapsed time is the stored total, not this session's.
    const shown = await counts.innerText();
    expect(shown).toMatch(/elapsed/);
    expect(parseSeconds(shown)).toBeGreaterThanOrEqual(Math.floor(total / 1000));
  });
});

/** The run's stored active time (summed over sessions). */
function activeMs(page: Page, runId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('mmhs-playground');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const run = await new Promise<{ activeMs?: number } | undefined>((resolve, reject) => {
      const req = db.transaction('runs').objectStore('runs').get(id);
      req.onsuccess = () => resolve(req.result as { activeMs?: number } | undefined);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return run?.activeMs ?? 0;
  }, runId);
}

/** Seconds of the "… elapsed" part of the run's counts line ("1 min 5 s", "12 s"). */
function parseSeconds(line: string): number {
  const part = /·\s*([^·]*)elapsed/.exec(line)?.[1] ?? '';
  const min = Number(/(\d+)\s*min/.exec(part)?.[1] ?? 0);
  const sec = Number(/(\d+)\s*s\b/.exec(part)?.[1] ?? 0);
  return min * 60 + sec;
}
