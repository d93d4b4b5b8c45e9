// Acceptance test of the Experiments area in the built app: configure the fake OpenAI-compatible
// provider in Settings, define 8 prompts (A-H) x 5 strategies x k=5 with classify, judge, metrics,
// quality and accuracy, reload mid-run, and check that the run resumes with nothing lost or
// repeated and that the numbers shown are the ones the scripted replies imply.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import {
  startFakeProviders,
  type FakeProviders,
  type RecordedRequest,
  type ScriptInput,
} from '../servers/fake-providers';
import {
  gradedResponse,
  judgedPair,
  regenerationTurn,
  requestKind,
  requestPrompt,
  type RequestKind,
} from '../../src/lib/pipeline/testing/scripted-engine';
import { SAMPLING_STRATEGY_IDS, type ChatMessage } from '../../src/lib/core/prompts';
import { CATEGORY_IDS } from '../../src/lib/core/taxonomy';
import { launchChromium, newWatchedPage } from './chromium';
import {
  addPrompts,
  openExperiments,
  pickModels,
  setCategories,
  waitForStatus,
} from './experiment-form';
import { addFakeProvider, FAKE_PROVIDER, settledCountWhenStill } from './provider-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const K = 5;
const SEED = 100;
const PROVIDER = FAKE_PROVIDER;

interface TestPrompt {
  text: string;
  gold?: { answer: string; math: boolean };
}

/** One prompt per category, in A-H order. */
const PROMPTS: TestPrompt[] = [
  { text: 'What is the capital city of Australia?', gold: { answer: 'Canberra', math: false } },
  { text: 'Name a prime number greater than 100.' },
  { text: 'Pick a random number between 1 and 10.' },
  {
    text: 'A train travels 120 km in 1.5 hours. What is its average speed in km/h?',
    gold: { answer: '80', math: true },
  },
  { text: 'How can I open a jar without any tools?' },
  { text: 'What caused the fall of the Western Roman Empire?' },
  { text: 'Write a two-line poem about the sea.' },
  { text: 'Should I learn Python or JavaScript first?' },
];

/** Functional classes the script gives prompt j under strategy s (index in paper order): 1-5. */
function classCount(j: number, s: number): number {
  return 1 + ((j + s) % 5);
}

/** Class tag of response i of prompt j under strategy s. */
function tagOf(j: number, s: number, i: number): number {
  return (i % classCount(j, s)) + 1;
}

/** The grade the script gives a response with class tag `tag` to prompt j. */
function scoreOf(tag: number, j: number): number {
  return ((tag + j) % 5) + 1;
}

/** Classification answers: right for A-F, G answered as H, H unreadable (asked twice). */
function classifyReply(j: number): string {
  if (j === 6) return 'H';
  if (j === 7) return 'It depends on who is asking.';
  return CATEGORY_IDS[j]!;
}

let serial = 0;

/** A response body: the class tag, an answer the accuracy stage can check, a unique serial. */
function responseText(j: number, tag: number, what: string): string {
  serial += 1;
  const body =
    j === 0
      ? tag === 1
        ? 'Canberra'
        : 'Sydney'
      : j === 3
        ? tag === 1
          ? '\\boxed{80}'
          : '\\boxed{75}'
        : 'An answer';
  return `**[class ${tag}]** ${body} (${what}, #${serial})`;
}

function promptIndex(text: string): number {
  const j = PROMPTS.findIndex((p) => p.text === text);
  if (j < 0) throw new Error(`unknown prompt in request: ${text.slice(0, 80)}`);
  return j;
}

function tagIn(text: string): number {
  const m = /\[class (\d+)\]/.exec(text);
  if (!m) throw new Error(`no class tag in ${text.slice(0, 80)}`);
  return Number(m[1]);
}

const asRequest = (input: Pick<ScriptInput, 'messages'>): { messages: ChatMessage[] } => ({
  messages: input.messages as ChatMessage[],
});

/** The fake provider's replies: every one a function of the request's content. */
function script(input: ScriptInput): string | undefined {
  if (input.messages.length === 0) return undefined;
  const request = asRequest(input);
  const kind = requestKind(request);
  const prompt = requestPrompt(request);
  switch (kind) {
    case 'classify':
      return classifyReply(promptIndex(prompt));
    case 'sample': {
      // The bare prompt: temperature sample i or the first turn of a regeneration strategy. Each
      // has its own seed, SEED + s x K + i (s: strategy in paper order), which names the sample.
      const j = promptIndex(prompt);
      const offset = (input.seed ?? SEED) - SEED;
      const s = Math.floor(offset / K);
      const i = offset % K;
      return responseText(j, tagOf(j, s, i), s === 0 ? `sample ${i + 1}` : `turn 1 of ${s}`);
    }
    case 'sample-multi': {
      const j = promptIndex(prompt);
      const system = input.messages.find((m) => m.role === 'system')?.content ?? '';
      const s = system.startsWith('Generate ') ? 1 : 2;
      return Array.from(
        { length: K },
        (_, i) =>
          `<response id="${i + 1}">\n${responseText(j, tagOf(j, s, i), `system ${s} no. ${i + 1}`)}\n</response>`,
      ).join('\n');
    }
    case 'sample-regeneration': {
      const j = promptIndex(prompt);
      const last = input.messages[input.messages.length - 1]?.content ?? '';
      const s = last === 'Can you generate a different answer?' ? 3 : 4;
      const t = regenerationTurn(request);
      return responseText(j, tagOf(j, s, t), `turn ${t + 1}`);
    }
    case 'judge': {
      const { a, b } = judgedPair(request);
      return tagIn(a) === tagIn(b)
        ? 'Both give the same answer.\nVerdict: EQUIVALENT'
        : 'They differ in substance.\nVerdict: DIFFERENT';
    }
    case 'checklist':
      return '1. Answers the question asked\n2. Is correct\n3. Is clear and concise';
    case 'grade': {
      const j = promptIndex(prompt);
      return `Meets the checklist as well as it can.\nScore: ${scoreOf(tagIn(gradedResponse(request)), j)}`;
    }
    case 'correctness':
      return gradedResponse(request).includes('Canberra') ? 'CORRECT' : 'INCORRECT';
  }
}

/** The kind and identity of a chat request the server received (its unit of work). */
function requestKey(r: RecordedRequest): { kind: RequestKind; key: string } | null {
  if (r.route !== 'openai.chat') return null;
  const body = r.body as { messages?: ChatMessage[]; seed?: number };
  const request = { messages: body.messages ?? [] };
  const kind = requestKind(request);
  const prompt = requestPrompt(request);
  switch (kind) {
    case 'sample':
      return { kind, key: `${prompt}|seed ${body.seed}` };
    case 'sample-multi':
      return { kind, key: `${prompt}|${request.messages[0]?.content.slice(0, 20)}` };
    case 'sample-regeneration': {
      const last = request.messages[request.messages.length - 1]?.content ?? '';
      return { kind, key: `${prompt}|${last}|${regenerationTurn(request)}` };
    }
    case 'judge': {
      const { a, b } = judgedPair(request);
      return { kind, key: `${a}|${b}` };
    }
    case 'grade':
    case 'correctness':
      return { kind, key: gradedResponse(request) };
    default:
      return { kind, key: prompt };
  }
}

function countByKey(requests: readonly RecordedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const k = requestKey(r);
    if (k === null) continue;
    const id = `${k.kind}::${k.key}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Counts of what the run stored in IndexedDB, read in the page. */
interface Stored {
  responses: { promptId: string; strategy: string; index: number }[];
  units: number;
  unitStatus: Record<string, number>;
  metrics: Record<string, number>;
  judgements: Record<string, number>;
  classifications: number;
  checklists: number;
  functionalCalls: number;
  embeddingNull: number;
  runStatus: string;
}

async function readStored(page: Page, runId: string): Promise<Stored> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('mmhs-playground');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).index('byRunId').getAll(id);
        req.onsuccess = () => resolve(req.result as T[]);
        req.onerror = () => reject(req.error);
      });
    type Rec = Record<string, unknown>;
    const [responses, units, metrics, judgements, classifications, checklists] = await Promise.all([
      all<Rec>('responses'),
      all<Rec>('runUnits'),
      all<Rec>('metrics'),
      all<Rec>('judgements'),
      all<Rec>('classifications'),
      all<Rec>('checklists'),
    ]);
    const run = await new Promise<Rec | undefined>((resolve, reject) => {
      const req = db.transaction('runs').objectStore('runs').get(id);
      req.onsuccess = () => resolve(req.result as Rec | undefined);
      req.onerror = () => reject(req.error);
    });
    db.close();
    const tally = (list: Rec[], field: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of list) out[String(r[field])] = (out[String(r[field])] ?? 0) + 1;
      return out;
    };
    return {
      responses: responses.map((r) => ({
        promptId: String(r.promptId),
        strategy: String(r.strategy),
        index: Number(r.index),
      })),
      units: units.length,
      unitStatus: tally(units, 'status'),
      metrics: tally(metrics, 'kind'),
      judgements: tally(judgements, 'kind'),
      classifications: classifications.length,
      checklists: checklists.length,
      functionalCalls: metrics
        .filter((m) => m.kind === 'functional')
        .reduce((sum, m) => sum + Number(m.calls), 0),
      embeddingNull: metrics.filter((m) => m.kind === 'general' && m.embedding === null).length,
      runStatus: String(run?.status),
    };
  }, runId);
}

describe('Experiments: a whole run end to end, reloaded mid-run', () => {
  let browser: Browser;
  let page: Page;
  let server: FakeProviders;
  let consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 15 });
    server.script(script);
    browser = await launchChromium();
    ({ page, consoleErrors } = await newWatchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs, survives a reload, and shows the numbers the script implies', async () => {
    // 1. The provider, configured through the Settings UI like a user would.
    await addFakeProvider(page, server, {
      chatModels: ['fake-gen', 'fake-judge'],
      embeddingModels: ['fake-embed'],
      callsAtOnce: 4,
    });

    // 2. The experiment, defined in the form.
    await openExperiments(page);
    await page.getByLabel('Name', { exact: true }).fill('Acceptance run');
    await addPrompts(
      page,
      PROMPTS.map((p) => p.text),
    );
    await setCategories(page, CATEGORY_IDS);
    for (const [j, p] of PROMPTS.entries()) {
      if (p.gold) {
        const gold = page.getByLabel(`Gold answer of prompt ${j + 1}`);
        await gold.fill(p.gold.answer);
        await gold.press('Tab');
        if (p.gold.math) {
          await page
            .getByLabel(`How to check the gold answer of prompt ${j + 1}`)
            .selectOption('math');
        }
      }
    }
    await pickModels(page, {
      generator: 'fake-gen',
      judge: 'fake-judge',
      embedding: `${PROVIDER.id}/fake-embed`,
    });
    for (const label of [
      'Temperature sampling',
      'System prompt (general)',
      'System prompt (task-anchored)',
      'In-context regeneration (general)',
      'In-context regeneration (task-anchored)',
    ]) {
      await expect(page.getByRole('checkbox', { name: label }).isChecked()).resolves.toBe(true);
    }
    await expect(page.getByLabel('k responses per prompt').inputValue()).resolves.toBe(String(K));
    await page.getByLabel('Seed').fill(String(SEED));

    // The estimate is shown before running: 8 x (5 + 1 + 1 + 5 + 5) sample calls without n.
    const estimate = page.getByTestId('estimate');
    await expect(
      estimate.getByTestId('estimate-sample').locator('td').first().innerText(),
    ).resolves.toBe('136');
    await expect(
      estimate.getByTestId('estimate-classify').locator('td').first().innerText(),
    ).resolves.toBe('8');
    await expect(
      estimate.getByTestId('estimate-judge').locator('td').first().innerText(),
    ).resolves.toBe('160–400');
    await expect(
      estimate.getByTestId('estimate-quality').locator('td').first().innerText(),
    ).resolves.toBe('208');
    await page.screenshot({ path: `${SCREENSHOTS}/experiments-form.png`, fullPage: true });

    // 3. Run; hold the provider's traffic in the browser mid-sampling, let everything already
    // sent finish and be saved, then reload.
    let holding = false;
    const held: Route[] = [];
    await page.route(`${server.url}/**`, (route) => {
      if (holding) held.push(route);
      else void route.continue().catch(() => undefined);
    });
    await page.getByRole('button', { name: 'Start run' }).click();
    const panel = page.getByTestId('run-panel');
    await panel.waitFor({ timeout: 5000 }).catch((err: unknown) => {
      console.log('DEBUG console', consoleErrors);
      throw err;
    });
    const runId = (await panel.getAttribute('data-run-id')) ?? '';
    expect(runId).toMatch(/^run-/);

    const sampleKinds: RequestKind[] = ['sample', 'sample-multi', 'sample-regeneration'];
    const sampled = (): number =>
      server.requests.filter((r) => {
        const k = requestKey(r);
        return k !== null && sampleKinds.includes(k.kind);
      }).length;
    await expect.poll(sampled, { timeout: 60_000, interval: 10 }).toBeGreaterThanOrEqual(60);
    holding = true;
    await expect.poll(() => server.stats.inFlight, { timeout: 30_000 }).toBe(0);
    // Answers that arrived are saved within milliseconds; wait until the counts stand still.
    const last = await settledCountWhenStill(page);
    const sampledBeforeReload = sampled();
    expect(sampledBeforeReload).toBeLessThan(136);
    await page.screenshot({ path: `${SCREENSHOTS}/experiments-progress.png`, fullPage: false });
    const requestsBeforeReload = server.requests.length;
    const seqBeforeReload = server.requests[requestsBeforeReload - 1]?.seq ?? 0;

    await page.reload({ waitUntil: 'commit' });
    holding = false;
    for (const route of held) await route.abort().catch(() => undefined);
    expect(server.requests.length).toBe(requestsBeforeReload);

    // 4. The run resumes on its own after the reload and finishes.
    await page.getByTestId('run-panel').waitFor();
    await expect(page.getByTestId('run-panel').getAttribute('data-run-id')).resolves.toBe(runId);
    await expect
      .poll(() => page.getByTestId('run-panel').getAttribute('data-phase'), { timeout: 10_000 })
      .toMatch(/preparing|running|finished/);
    const settledAfter = Number(
      await page.getByTestId('run-counts').getAttribute('data-settled', { timeout: 20_000 }),
    );
    expect(settledAfter).toBeGreaterThanOrEqual(last);
    await waitForStatus(page, 'completed', { timeout: 120_000, interval: 250 });
    await page.getByTestId('summary-table').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/experiments-finished.png`, fullPage: true });
    await page
      .getByTestId('run-panel')
      .screenshot({ path: `${SCREENSHOTS}/experiments-finished-panel.png` });

    // 5. Nothing repeated: every call reached the provider exactly once.
    const counts = countByKey(server.requests);
    const byKind = new Map<RequestKind, number[]>();
    for (const [id, n] of counts) {
      const kind = id.split('::')[0] as RequestKind;
      byKind.set(kind, [...(byKind.get(kind) ?? []), n]);
    }
    const total = (kind: RequestKind): number =>
      (byKind.get(kind) ?? []).reduce((a, b) => a + b, 0);
    // The unreadable classification is asked twice (one re-ask). A unit settles only after its
    // last call, so when the reload fell between its two calls, the unit ran again in full.
    const unreadable = server.requests.filter(
      (r) => requestKey(r)?.key === PROMPTS[7]!.text && requestKey(r)?.kind === 'classify',
    );
    const beforeReload = unreadable.filter((r) => r.seq <= seqBeforeReload).length;
    expect(unreadable.length - beforeReload === 2 ? beforeReload <= 1 : beforeReload === 2).toBe(
      true,
    );
    for (const [j, p] of PROMPTS.entries()) {
      expect(counts.get(`checklist::${p.text}`), `checklist ${j}`).toBe(1);
      if (j !== 7) expect(counts.get(`classify::${p.text}`), `classify ${j}`).toBe(1);
      // Every bare-prompt request has its own seed: temperature samples SEED + i, the first
      // regeneration turns SEED + 3K and SEED + 4K; each reached the provider once.
      for (const seed of [0, 1, 2, 3, 4, 3 * K, 4 * K].map((o) => SEED + o)) {
        expect(counts.get(`sample::${p.text}|seed ${seed}`), `sample ${j}/seed ${seed}`).toBe(1);
      }
    }
    expect(byKind.get('sample-multi')).toEqual(Array(16).fill(1));
    expect(byKind.get('sample-regeneration')).toEqual(Array(64).fill(1));
    expect(total('sample') + total('sample-multi') + total('sample-regeneration')).toBe(136);
    expect(byKind.get('judge')?.every((n) => n === 1)).toBe(true);
    expect(byKind.get('grade')).toEqual(Array(200).fill(1));
    expect(byKind.get('correctness')).toEqual(Array(25).fill(1));

    // 6. Nothing lost or duplicated in storage.
    const stored = await readStored(page, runId);
    expect(stored.runStatus).toBe('completed');
    expect(stored.responses).toHaveLength(200);
    const groups = new Map<string, number[]>();
    for (const r of stored.responses) {
      const key = `${r.promptId}|${r.strategy}`;
      groups.set(key, [...(groups.get(key) ?? []), r.index]);
    }
    expect(groups.size).toBe(40);
    for (const indices of groups.values()) expect(indices.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(stored.classifications).toBe(8);
    expect(stored.checklists).toBe(8);
    expect(stored.metrics).toEqual({ functional: 40, general: 40, accuracy: 50 });
    expect(stored.judgements.quality).toBe(200);
    expect(stored.judgements.diversity).toBe(total('judge'));
    expect(stored.functionalCalls).toBe(total('judge'));
    expect(stored.embeddingNull).toBe(0);
    expect(stored.unitStatus.failed).toBe(1);

    // 7. The numbers shown are the script's.
    const rows = page.getByTestId('summary-row');
    await expect(rows.count()).resolves.toBe(8);
    for (const [j] of PROMPTS.entries()) {
      const row = rows.nth(j);
      const qualities: number[] = [];
      for (const [s, strategy] of SAMPLING_STRATEGY_IDS.entries()) {
        const cell = row.getByTestId(`cell-${strategy}`);
        const scores = Array.from({ length: K }, (_, i) => scoreOf(tagOf(j, s, i), j));
        qualities.push(mean(scores));
        const text = await cell.innerText();
        expect(text, `prompt ${j + 1} ${strategy}`).toContain(`${classCount(j, s)}/${K}`);
        expect(text).toContain(`q ${mean(scores).toFixed(2)}`);
        if (PROMPTS[j]!.gold) {
          const right = Array.from({ length: K }, (_, i) => tagOf(j, s, i)).filter((t) => t === 1);
          expect(text).toContain(`acc ${Math.round((100 * right.length) / K)}%`);
        }
      }
      await expect(row.getByTestId('row-quality').innerText()).resolves.toBe(
        mean(qualities).toFixed(2),
      );
    }
    await expect(page.getByTestId('classifier-score').innerText()).resolves.toContain(
      '6 of 7 prompts',
    );
    // Every judge request here is unique (each response has a serial), so the provider received
    // each verdict asked: sent = requests the server saw, nothing from the cache.
    const judgeLine = page.getByTestId('judge-savings').getByTestId('judge-calls');
    await expect(judgeLine.getAttribute('data-sent')).resolves.toBe(String(total('judge')));
    await expect(judgeLine.getAttribute('data-cached')).resolves.toBe('0');
    await expect(judgeLine.getAttribute('data-skipped')).resolves.toBe(
      String(400 - stored.functionalCalls),
    );
    expect(await judgeLine.innerText()).toContain('of 400 that judging every pair would take');

    // The unreadable classification is shown with its reason; the run went on without it.
    const problems = page.getByTestId('problems');
    if (!(await problems.evaluate((d) => (d as HTMLDetailsElement).open))) {
      await problems.locator('summary').click();
    }
    const failed = problems.locator('[data-testid="problem"][data-status="failed"]');
    await expect(failed.count()).resolves.toBe(1);
    await expect(failed.innerText()).resolves.toMatch(/Classification[\s\S]*#8[\s\S]*unreadable/);

    const link = page.getByRole('link', { name: 'View results' });
    await expect(link.getAttribute('href')).resolves.toBe(`#/results?run=${runId}`);
    expect(consoleErrors).toEqual([]);
  });
});
