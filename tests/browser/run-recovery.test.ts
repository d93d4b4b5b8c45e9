// Fault recovery of a run in the built app against the local fault server, driven through the UI:
// 500s then a healthy server and "Retry failed"; 429s counted exactly and a long Retry-After shown
// as a paused run with a countdown; a browser restart (persistent profile) that lost the session
// key asks for it in place. Every provider request is counted per unit of work.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Route,
} from 'playwright-core';
import {
  FAKE_API_KEY,
  startFakeProviders,
  type FakeProviders,
  type RecordedRequest,
  type ScriptInput,
} from '../servers/fake-providers';
import {
  judgedPair,
  requestKind,
  requestPrompt,
} from '../../src/lib/pipeline/testing/scripted-engine';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { CHROMIUM_ARGS, findChromium, launchChromium } from './chromium';
import { defineRun, startRun, TWO_PROMPTS, twoPromptRun, waitForStatus } from './experiment-form';
import { addFakeProvider, FAKE_PROVIDER, settledCountWhenStill } from './provider-helpers';

const SCREENSHOTS = 'test-results/screenshots';
const PROVIDER = FAKE_PROVIDER;
const K = 3;
const SEED = 100;
const PROMPTS = TWO_PROMPTS;
const TOTAL_UNITS = PROMPTS.length * (K + 2);

/** Replies that are a function of the request: samples name their prompt and seed. */
function script(input: ScriptInput): string | undefined {
  const request = { messages: input.messages as ChatMessage[] };
  if (input.messages.length === 0) return undefined;
  switch (requestKind(request)) {
    case 'sample':
      return `Answer ${PROMPTS.indexOf(requestPrompt(request)) + 1} with seed ${input.seed}`;
    case 'judge':
      return 'They differ.\nVerdict: DIFFERENT';
    default:
      return undefined;
  }
}

/** The unit of work a chat or embedding request belongs to, or null for other traffic. */
function workKey(r: RecordedRequest): string | null {
  if (r.route === 'openai.embeddings') {
    return `embed|${JSON.stringify((r.body as { input?: unknown }).input)}`;
  }
  if (r.route !== 'openai.chat') return null;
  const body = r.body as { messages?: ChatMessage[]; seed?: number };
  const request = { messages: body.messages ?? [] };
  const kind = requestKind(request);
  if (kind === 'judge') {
    const { a, b } = judgedPair(request);
    return `judge|${a}|${b}`;
  }
  return `${kind}|${requestPrompt(request)}|seed ${body.seed}`;
}

function counts(requests: readonly RecordedRequest[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of requests) {
    const key = workKey(r);
    if (key !== null) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

const sampleKey = (prompt: number, index: number): string =>
  `sample|${PROMPTS[prompt]}|seed ${SEED + index}`;

/** Whether a chat request samples the given prompt (and seed, when given). */
const sampling =
  (prompt: number, seed?: number) =>
  (body: unknown): boolean => {
    const b = body as { messages?: ChatMessage[]; seed?: number };
    const request = { messages: b.messages ?? [] };
    return (
      requestKind(request) === 'sample' &&
      requestPrompt(request) === PROMPTS[prompt] &&
      (seed === undefined || b.seed === seed)
    );
  };

const addProvider = (page: Page, server: FakeProviders): Promise<void> =>
  addFakeProvider(page, server, {
    chatModels: ['fake-gen', 'fake-judge'],
    embeddingModels: ['fake-embed'],
    callsAtOnce: 4,
  });

/** Defines the small experiment (2 prompts, temperature sampling, k = 3, judge) and starts it. */
async function defineAndStart(page: Page, name: string): Promise<string> {
  await defineRun(page, {
    ...twoPromptRun(name, PROVIDER.id, K, SEED),
    off: [/Classify prompts/, /Quality/, /Accuracy/, /Both orders/],
  });
  return startRun(page);
}

const waitForRun = (page: Page, status: string): Promise<void> =>
  waitForStatus(page, status, { timeout: 60_000, interval: 100 });

/** The reasons listed for failed units on the run panel. */
async function failureReasons(page: Page): Promise<string[]> {
  const items = page.getByTestId('problem').and(page.locator('[data-status="failed"]'));
  return items.locator('.why').allInnerTexts();
}

/** Requests that carried an API key, and those (model calls) that carried none. */
function keyless(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => workKey(r) !== null && !r.keyPresented);
}

describe('Run recovery through the UI', () => {
  let browser: Browser;
  let server: FakeProviders;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startFakeProviders({ latencyMs: 15 });
    browser = await launchChromium();
  });

  beforeEach(() => {
    server.reset();
    server.script(script);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('500s, then a healthy server: Retry failed completes the run, each unit answered once', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await addProvider(page, server);
    // Prompt 2's three sample units get HTTP 500 on each of their 4 attempts, then it heals.
    server.setFault('openai.chat', 'server-error', { times: 3 * 4, match: sampling(1) });
    await defineAndStart(page, 'Retry after 500s');
    await waitForRun(page, 'completed');
    const panel = page.getByTestId('run-panel');
    await expect(panel.getByTestId('run-counts').innerText()).resolves.toContain('3 failed');
    const reasons = await failureReasons(page);
    expect(reasons).toHaveLength(3);
    for (const reason of reasons) {
      expect(reason).toContain('had an internal error (HTTP 500, tried 4 times)');
      expect(reason).toContain('retry the failed units later');
    }
    const first = counts(server.requests);
    for (let i = 0; i < K; i += 1) {
      expect(first.get(sampleKey(0, i)), `prompt 1 sample ${i}`).toBe(1);
      expect(first.get(sampleKey(1, i)), `prompt 2 sample ${i}`).toBe(4);
    }
    await expect(panel.getByTestId('retry-hint').innerText()).resolves.toContain(
      '3 units failed because a call to the model failed',
    );
    await page.screenshot({ path: `${SCREENSHOTS}/run-retry-offered.png`, fullPage: true });

    const before = server.requests.length;
    await panel.getByTestId('retry-failed').click();
    await expect.poll(() => panel.getAttribute('data-phase')).toBe('finished');
    await waitForRun(page, 'completed');
    await expect(panel.getByTestId('run-counts').getAttribute('data-settled')).resolves.toBe(
      String(TOTAL_UNITS),
    );
    await expect(panel.getByTestId('run-counts').innerText()).resolves.not.toContain('failed');
    await expect(panel.getByTestId('retry-failed').count()).resolves.toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}/run-retry-done.png`, fullPage: true });

    // The retry sent each failed sample once more, prompt 2's judging and metrics once, and
    // nothing of prompt 1 again.
    const retried = counts(server.requests.slice(before));
    const all = counts(server.requests);
    for (let i = 0; i < K; i += 1) {
      expect(retried.get(sampleKey(0, i)) ?? 0).toBe(0);
      expect(retried.get(sampleKey(1, i))).toBe(1);
      expect(all.get(sampleKey(1, i))).toBe(4 + 1);
    }
    const judges = [...all].filter(([k]) => k.startsWith('judge|'));
    // Every verdict DIFFERENT: all 3 pairs of each group, each asked exactly once.
    expect(judges.map(([, n]) => n)).toEqual(Array(2 * 3).fill(1));
    expect([...retried.keys()].filter((k) => k.startsWith('judge|'))).toHaveLength(3);
    const embeds = [...all].filter(([k]) => k.startsWith('embed|'));
    expect(embeds.map(([, n]) => n)).toEqual([1, 1]);
    expect(keyless(server.requests)).toEqual([]);
    await context.close();
  });

  it('429: attempts counted exactly; a long Retry-After pauses with a countdown, then goes on', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A fake clock that runs on its own, so the hour-long wait can be skipped.
    await context.clock.install();
    const page = await context.newPage();
    await addProvider(page, server);
    // Prompt 2, sample 1: rate limited on each of its 4 attempts (Retry-After 1 s).
    server.setFault('openai.chat', 'rate-limit', {
      times: 4,
      retryAfter: '1',
      match: sampling(1, SEED),
    });
    // Prompt 1, sample 2: one 429 asking for an hour.
    server.setFault('openai.chat', 'rate-limit', {
      times: 1,
      retryAfter: '3600',
      match: sampling(0, SEED + 1),
    });
    await defineAndStart(page, 'Rate limits');
    const panel = page.getByTestId('run-panel');
    const pause = panel.getByTestId('run-pause');
    await pause.waitFor({ timeout: 30_000 });
    await expect(pause.innerText()).resolves.toContain('asked to wait 3600 s (Retry-After)');
    await expect(panel.getByRole('status').first().innerText()).resolves.toBe(
      'Paused (rate limit)',
    );
    await expect
      .poll(() => pause.getByTestId('run-pause-countdown').innerText())
      .toMatch(/^(1:00:00|59:[0-5]\d)$/);
    await page.screenshot({ path: `${SCREENSHOTS}/run-paused-countdown.png`, fullPage: true });
    // Nothing goes to the provider while it asked to wait.
    const sentDuringPause = server.requests.length;
    await page.waitForTimeout(1500);
    expect(server.requests.length).toBe(sentDuringPause);

    await context.clock.fastForward('01:00:00');
    await pause.waitFor({ state: 'detached', timeout: 30_000 });
    await waitForRun(page, 'completed');
    const reasons = await failureReasons(page);
    expect(reasons).toHaveLength(1);
    const stated = /tried (\d+) times/.exec(reasons[0] ?? '');
    expect(reasons[0]).toContain('is rate limiting this key');
    expect(reasons[0]).toContain('asked to wait 1 s');
    const sent = counts(server.requests);
    // Attempts stated in the message == requests the provider received for that unit.
    expect(Number(stated?.[1])).toBe(4);
    expect(sent.get(sampleKey(1, 0))).toBe(4);
    expect(sent.get(sampleKey(0, 1))).toBe(2);

    await panel.getByTestId('retry-failed').click();
    await expect.poll(() => panel.getAttribute('data-phase')).toBe('finished');
    await waitForRun(page, 'completed');
    expect(await failureReasons(page)).toEqual([]);
    const all = counts(server.requests);
    expect(all.get(sampleKey(1, 0))).toBe(5);
    for (const [key, n] of all) {
      if (key === sampleKey(1, 0) || key === sampleKey(0, 1)) continue;
      expect(n, key).toBe(1);
    }
    await context.close();
  });

  it('a browser restart mid-run asks for the session key in place, then finishes', async () => {
    const profile = mkdtempSync(join(tmpdir(), 'mmhs-profile-'));
    const launch = (): Promise<BrowserContext> =>
      chromium.launchPersistentContext(profile, {
        executablePath: findChromium(),
        headless: true,
        args: [...CHROMIUM_ARGS],
        viewport: { width: 1280, height: 900 },
      });
    try {
      let context = await launch();
      let page = context.pages()[0] ?? (await context.newPage());
      await addProvider(page, server);
      // Let the first few model calls through and hold every later one in the browser, so the
      // browser closes mid-run with nothing in flight at the server.
      let open = 3;
      const held: Route[] = [];
      await page.route(`${server.url}/**`, (route) => {
        if (route.request().method() === 'POST' && open <= 0) {
          held.push(route);
          return;
        }
        if (route.request().method() === 'POST') open -= 1;
        void route.continue().catch(() => undefined);
      });
      const posts = (): number => server.requests.filter((r) => r.method === 'POST').length;
      const runId = await defineAndStart(page, 'Restart');
      await expect.poll(() => held.length, { timeout: 30_000 }).toBeGreaterThan(0);
      await expect.poll(posts, { timeout: 30_000 }).toBe(3);
      await expect.poll(() => server.stats.inFlight, { timeout: 30_000 }).toBe(0);
      const settled = await settledCountWhenStill(page);
      expect(settled).toBeLessThan(TOTAL_UNITS);
      const before = server.requests.length;
      await context.close();
      // Closing lets the held calls go out, with nobody left to read the answers: they are the
      // calls in flight that a closed browser loses, and they run again after the restart.
      await expect.poll(() => server.stats.inFlight, { timeout: 30_000 }).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const lost = counts(server.requests.slice(before));
      const afterClose = server.requests.length;

      // The browser again: the database survived, the session (and its key) did not.
      context = await launch();
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${inject('baseUrl')}#/experiments`);
      const panel = page.getByTestId('run-panel');
      await panel.waitFor();
      await expect(panel.getAttribute('data-run-id')).resolves.toBe(runId);
      await expect.poll(() => panel.getAttribute('data-phase')).toBe('needs-key');
      const form = panel.getByTestId('run-key-form');
      await expect(form.innerText()).resolves.toContain(
        `This run calls ${PROVIDER.label}, but this browser no longer holds its API key`,
      );
      expect(await page.evaluate(() => Object.keys(sessionStorage))).not.toContain(
        `mmhs.apiKey.${PROVIDER.id}`,
      );
      await page.screenshot({ path: `${SCREENSHOTS}/run-needs-key.png`, fullPage: true });
      // Nothing was sent while the key was missing.
      await page.waitForTimeout(500);
      expect(server.requests.length).toBe(afterClose);

      await form.getByLabel(`API key for ${PROVIDER.label}`).fill(FAKE_API_KEY);
      await form.getByRole('button', { name: 'Continue run' }).click();
      await waitForRun(page, 'completed');
      await expect(panel.getByTestId('run-counts').getAttribute('data-settled')).resolves.toBe(
        String(TOTAL_UNITS),
      );
      // Every request carried the key, and each unit of work was answered once: one request,
      // plus one for each call lost with the closed browser.
      expect(keyless(server.requests)).toEqual([]);
      expect(server.requests.filter((r) => r.keyPresented && !r.keyMatched)).toEqual([]);
      const all = counts(server.requests);
      for (const [key, n] of all) expect(n, key).toBe(1 + (lost.get(key) ?? 0));
      expect([...all.keys()].filter((k) => k.startsWith('sample|'))).toHaveLength(2 * K);
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
