// Acceptance test of analysing existing responses in the built app: import a JSONL of responses
// from two models, classify, judge, measure and grade them against the fake provider, export the
// run as a bundle, delete the database, import the bundle and see the same numbers in Results.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  FAKE_API_KEY,
  startFakeProviders,
  type FakeProviders,
  type ScriptInput,
} from '../servers/fake-providers';
import {
  gradedResponse,
  judgedPair,
  requestKind,
} from '../../src/lib/pipeline/testing/scripted-engine';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { launchChromium, newWatchedPage } from './chromium';
import { addFakeProvider, FAKE_PROVIDER } from './provider-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const PROVIDER = FAKE_PROVIDER;

/** Class tags of the responses per prompt and model; the judge calls equal tags equivalent. */
const TAGS: Record<string, Record<string, number[]>> = {
  q1: { 'model-a': [1, 1, 2, 3], 'model-b': [1, 1, 1, 1] },
  q2: { 'model-a': [1, 2, 3, 4], 'model-b': [1, 2, 1, 2] },
  q3: { 'model-a': [1, 1, 1, 2] },
};
const PROMPTS: Record<string, { prompt: string; category?: string; answer?: string }> = {
  q1: { prompt: 'Name a primary colour.', category: 'B' },
  q2: { prompt: 'Write a two-line poem about rain.' },
  q3: { prompt: 'What is the capital city of Australia?', category: 'A', answer: 'Canberra' },
};

function responsesJsonl(): string {
  const lines: string[] = [];
  for (const [id, models] of Object.entries(TAGS)) {
    for (const [model, tags] of Object.entries(models)) {
      tags.forEach((tag, i) => {
        const body = id === 'q3' ? (tag === 1 ? 'Canberra' : 'Sydney') : `answer ${tag}`;
        lines.push(
          JSON.stringify({
            id,
            ...PROMPTS[id],
            model,
            response: `[class ${tag}] ${body} (${model} #${i + 1})`,
          }),
        );
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

function tagIn(text: string): number {
  const m = /\[class (\d+)\]/.exec(text);
  if (!m) throw new Error(`no class tag in ${text.slice(0, 80)}`);
  return Number(m[1]);
}

/** The fake provider's answers, each a function of the request. */
function script(input: ScriptInput): string | undefined {
  const request = { messages: input.messages as ChatMessage[] };
  if (request.messages.length === 0) return undefined;
  switch (requestKind(request)) {
    case 'classify':
      return 'G';
    case 'judge': {
      const { a, b } = judgedPair(request);
      return tagIn(a) === tagIn(b) ? 'Same answer.\nVerdict: EQUIVALENT' : 'Verdict: DIFFERENT';
    }
    case 'checklist':
      return '1. Answers the question\n2. Is clear\n3. Is concise';
    case 'grade':
      return `Score: ${tagIn(gradedResponse(request)) === 1 ? 5 : 3}`;
    case 'correctness':
      return gradedResponse(request).includes('Canberra') ? 'CORRECT' : 'INCORRECT';
    default:
      return undefined;
  }
}

/** Functional class counts per prompt and model, read from the database in the page. */
async function storedClasses(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('mmhs-playground');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const metrics = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const req = db.transaction('metrics').objectStore('metrics').getAll();
      req.onsuccess = () => resolve(req.result as Record<string, unknown>[]);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const out: Record<string, number> = {};
    for (const m of metrics) {
      if (m.kind === 'functional')
        out[`${String(m.promptId)}/${String(m.model)}`] = Number(m.classCount);
    }
    return out;
  });
}

/** What the Results view of a run shows: the table, the pivot and the judge-call line. */
async function resultsNumbers(page: Page): Promise<string[]> {
  await page.getByTestId('results-table').waitFor({ timeout: 20_000 });
  return Promise.all([
    page.getByTestId('results-table').innerText(),
    page.getByTestId('pivot').innerText(),
    page.getByTestId('judge-savings').innerText(),
  ]);
}

describe('Data: analyse existing responses, export, clear, import', () => {
  let browser: Browser;
  let page: Page;
  let server: FakeProviders;
  let consoleErrors: string[] = [];
  const work = mkdtempSync(join(tmpdir(), 'mmhs-analyse-'));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 5 });
    server.script(script);
    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reproduces the same results after an export, a cleared database and an import', async () => {
    // 1. The fake provider, configured through Settings like a user would.
    await addFakeProvider(page, server, {
      chatModels: ['fake-judge'],
      embeddingModels: ['fake-embed'],
    });

    // 2. The responses file, analysed with the fake judge and embeddings.
    const file = join(work, 'responses.jsonl');
    writeFileSync(file, responsesJsonl());
    await page.goto(`${inject('baseUrl')}#/data?tab=responses`);
    await page.locator('#responses-file').setInputFiles(file);
    await page.getByTestId('detected').waitFor();
    await expect(page.getByTestId('analyse-counts').innerText()).resolves.toContain(
      '20 responses to 3 prompts from 2 models: model-a, model-b',
    );
    await page.getByLabel('Judge model').selectOption(`${PROVIDER.id}/fake-judge`);
    await page.getByLabel('Embedding model').selectOption(`${PROVIDER.id}/fake-embed`);
    await page.getByRole('button', { name: 'Analyse responses' }).click();
    const run = page.getByTestId('analyse-run');
    await expect
      .poll(() => run.getAttribute('data-status'), { timeout: 60_000, interval: 200 })
      .toBe('completed');
    const runId = (await run.getAttribute('data-run-id')) ?? '';
    expect(runId).toMatch(/^run-import-/);
    await page.screenshot({ path: `${SCREENSHOTS}/data-analyse.png`, fullPage: true });

    // Nothing was generated: only classification (q2 has no category), judging, checklists,
    // grades, correctness and embeddings reached the provider.
    const kinds = new Set(
      server.requests
        .filter((r) => r.route === 'openai.chat')
        .map((r) => requestKind({ messages: (r.body as { messages: ChatMessage[] }).messages })),
    );
    expect([...kinds].sort()).toEqual(['checklist', 'classify', 'correctness', 'grade', 'judge']);
    const classifyCalls = server.requests.filter(
      (r) =>
        r.route === 'openai.chat' &&
        requestKind({ messages: (r.body as { messages: ChatMessage[] }).messages }) === 'classify',
    );
    expect(classifyCalls).toHaveLength(1);
    const expected: Record<string, number> = {};
    for (const [id, models] of Object.entries(TAGS)) {
      for (const [model, tags] of Object.entries(models)) {
        expected[`${id}/imported/${model}`] = new Set(tags).size;
      }
    }
    expect(await storedClasses(page)).toEqual(expected);

    // 3. The Results view of the run.
    await page.getByTestId('analyse-results').click();
    const before = await resultsNumbers(page);
    expect(before[0]).toContain('model-a');
    // Imported responses are labelled with their file, never as temperature sampling.
    await expect(page.getByTestId('imported-source').innerText()).resolves.toBe('responses.jsonl');
    const strategies = await page
      .getByTestId('result-row')
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.strategy));
    expect(new Set(strategies)).toEqual(new Set(['imported:responses.jsonl']));
    expect(await page.getByTestId('results-table').innerText()).toContain(
      'Imported (responses.jsonl)',
    );
    expect(await page.getByTestId('results-table').innerText()).not.toContain('Temperature');
    await page.screenshot({ path: `${SCREENSHOTS}/data-analyse-results.png`, fullPage: true });

    // 4. Export the run as a bundle; it holds no key.
    await page.goto(`${inject('baseUrl')}#/data?tab=storage`);
    const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Export' }).click(),
    ]);
    const bundlePath = join(work, download.suggestedFilename());
    await download.saveAs(bundlePath);
    expect(download.suggestedFilename()).toMatch(/\.mmhs-run\.json$/);
    const text = readFileSync(bundlePath, 'utf8');
    expect(text).not.toContain(FAKE_API_KEY);
    expect(text).not.toMatch(/"(api[-_]?key|apikey|authorization|x-api-key|secret|password)"/i);
    const bundle = JSON.parse(text) as { run: { id: string }; records: { responses: unknown[] } };
    expect(bundle.run.id).toBe(runId);
    expect(bundle.records.responses).toHaveLength(20);

    // 5. A fresh browser: the database is deleted.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase('mmhs-playground');
          req.onsuccess = () => resolve();
          req.onerror = () => reject(req.error);
          req.onblocked = () => reject(new Error('blocked'));
        }),
    );
    await page.goto(`${inject('baseUrl')}#/results`);
    await page.reload();
    await page.getByTestId('no-runs').waitFor();
    const requestsBefore = server.requests.length;

    // 6. The bundle opens read-only, shows the same numbers, and is saved on request.
    await page.goto(`${inject('baseUrl')}#/data?tab=bundle`);
    await page.locator('#bundle-file').setInputFiles(bundlePath);
    const opened = page.getByTestId('bundle-opened');
    await opened.waitFor();
    await expect(opened.getAttribute('data-saved')).resolves.toBe('false');
    expect(await resultsNumbers(page)).toEqual(before);
    await page.screenshot({ path: `${SCREENSHOTS}/data-bundle-file.png`, fullPage: true });
    const [runsBeforeSave] = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('mmhs-playground');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const n = await new Promise<number>((resolve) => {
        const req = db.transaction('runs').objectStore('runs').count();
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return [n];
    });
    expect(runsBeforeSave).toBe(0);
    await page.getByTestId('bundle-save').click();
    await expect.poll(() => opened.getAttribute('data-saved')).toBe('true');

    // 7. Results shows the imported run with identical numbers; nothing was recomputed.
    await page.getByRole('link', { name: 'Open in Results' }).click();
    expect(await resultsNumbers(page)).toEqual(before);
    expect(await storedClasses(page)).toEqual(expected);
    expect(server.requests.length).toBe(requestsBefore);
    expect(consoleErrors).toEqual([]);
  });
});
