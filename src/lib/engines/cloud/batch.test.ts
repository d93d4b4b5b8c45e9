// The batch adapters of every cloud engine against the fake providers' batch wire formats: status
// over polls, results equal to interactive calls, partly failed, expired and cancelled batches.
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_API_KEY, type RouteId } from '../../../../tests/servers/fake-providers';
import { FAST_RETRY, NO_PROBE, useFakeProviders } from '../../../../tests/servers/engine-test-kit';
import type { BatchItem, BatchItemResult, ChatEngine, ChatRequest, ChatResult } from '../types';
import { AnthropicChatEngine } from './anthropic';
import { GeminiChatEngine } from './gemini';
import { OpenAIChatEngine } from './openai';

const kit = useFakeProviders();

beforeEach(() => {
  // Replies depend only on the prompt, so batch and interactive answers can be compared.
  kit.server.script(({ lastUserText, choiceIndex }) => `answer ${choiceIndex} to ${lastUserText}`);
});

interface Case {
  name: string;
  make: () => ChatEngine;
  /** The route that creates a batch, where batch faults are injected. */
  create: RouteId;
  /** Routes one submission sends, in order. */
  submitRoutes: RouteId[];
  /** Routes one results fetch sends, in order (for a batch with no failed items). */
  resultRoutes: RouteId[];
}

const common = { apiKey: FAKE_API_KEY, retry: FAST_RETRY, probe: NO_PROBE };

const CASES: Case[] = [
  {
    name: 'OpenAI Batch',
    make: () =>
      new OpenAIChatEngine({
        ...common,
        providerId: 'openai-batch',
        model: 'gpt-test',
        baseUrl: `${kit.server.url}/openai/v1`,
      }),
    create: 'openai.batches.create',
    submitRoutes: ['openai.files.create', 'openai.batches.create'],
    resultRoutes: ['openai.batches.get', 'openai.files.content'],
  },
  {
    name: 'Anthropic Message Batches',
    make: () =>
      new AnthropicChatEngine({
        ...common,
        providerId: 'anthropic-batch',
        model: 'claude-test',
        baseUrl: `${kit.server.url}/anthropic`,
      }),
    create: 'anthropic.batches.create',
    submitRoutes: ['anthropic.batches.create'],
    // The SDK reads the batch for its results_url before fetching it.
    resultRoutes: ['anthropic.batches.get', 'anthropic.batches.get', 'anthropic.batches.results'],
  },
  {
    name: 'Gemini batch mode',
    make: () =>
      new GeminiChatEngine({
        ...common,
        providerId: 'gemini-batch',
        model: 'gemini-test',
        baseUrl: `${kit.server.url}/gemini`,
      }),
    create: 'gemini.batches.create',
    submitRoutes: ['gemini.batches.create'],
    resultRoutes: ['gemini.batches.get'],
  },
];

const request = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'You compare answers.' },
    { role: 'user', content: text },
  ],
  temperature: 0.5,
  max_tokens: 50,
  ...extra,
});

const ITEMS: BatchItem[] = [
  { customId: 'unit:p1/s1#0', request: request('first') },
  { customId: 'unit:p2/s1#0', request: request('second', { n: 2 }) },
  {
    customId: 'judge:p1/a|b',
    request: request('third', {
      jsonSchema: {
        name: 'verdict',
        schema: {
          type: 'object',
          properties: { same: { type: 'boolean' } },
          required: ['same'],
          additionalProperties: false,
        },
      },
    }),
  },
];

const routesSince = (from: number): string[] => kit.server.requests.slice(from).map((r) => r.route);

function ok(result: BatchItemResult): ChatResult {
  if (!result.ok) throw new Error(`expected a result for ${result.customId}: ${result.message}`);
  return result.result;
}

describe.each(CASES)('$name', (c) => {
  it('submits once, reports progress over polls, and returns what interactive calls return', async () => {
    kit.server.settings.batchPolls = 2;
    const engine = c.make();
    expect(engine.capabilities.batch).toBe(true);
    const handle = await engine.batch!.submit(ITEMS);
    expect(routesSince(0)).toEqual(c.submitRoutes);
    expect(handle).toMatchObject({
      engineId: engine.id,
      customIds: ITEMS.map((i) => i.customId),
    });
    expect(kit.server.batches()).toHaveLength(1);

    const first = await engine.batch!.status(handle);
    expect(first.state).toBe('running');
    expect((await engine.batch!.status(handle)).state).toBe('running');
    const ended = await engine.batch!.status(handle);
    expect(ended).toMatchObject({ state: 'ended', expired: false, cancelled: false, failed: 0 });

    const before = kit.server.requests.length;
    const results = await engine.batch!.results(handle, ITEMS);
    expect(routesSince(before)).toEqual(c.resultRoutes);
    expect(results.map((r) => r.customId)).toEqual(ITEMS.map((i) => i.customId));

    for (const [index, item] of ITEMS.entries()) {
      const batched = ok(results[index]!);
      const live = await engine.chat(item.request);
      expect(batched.choices).toEqual(live.choices);
      // The live call repeats the batch item's system text, which the provider now has cached.
      const uncached = (u: typeof live.usage) => u && { ...u, cachedPromptTokens: undefined };
      expect(uncached(batched.usage)).toEqual(uncached(live.usage));
      expect(batched.applied).toEqual(live.applied);
      expect(batched.notes).toEqual(live.notes);
    }
    expect(ok(results[1]!).choices.map((ch) => ch.text)).toEqual([
      'answer 0 to second',
      expect.stringMatching(/^answer \d to second$/),
    ]);
  });

  it('marks the errored items of a partly failed batch and keeps the rest', async () => {
    kit.server.settings.batchPolls = 0;
    kit.server.setFault(c.create, 'batch-partial', {
      items: (body) => JSON.stringify(body).includes('second'),
    });
    const engine = c.make();
    const handle = await engine.batch!.submit(ITEMS);
    expect((await engine.batch!.status(handle)).state).toBe('ended');
    const results = await engine.batch!.results(handle, ITEMS);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1]!;
    expect(failed).toMatchObject({ ok: false, reason: 'errored' });
    if (!failed.ok) expect(failed.message).toMatch(/Retry failed/);
    expect(ok(results[0]!).choices[0]?.text).toBe('answer 0 to first');
  });

  it('reports the requests an expired batch never ran as expired', async () => {
    kit.server.settings.batchPolls = 0;
    kit.server.setFault(c.create, 'batch-expired', {
      items: (body) => !JSON.stringify(body).includes('first'),
    });
    const engine = c.make();
    const handle = await engine.batch!.submit(ITEMS);
    const progress = await engine.batch!.status(handle);
    expect(progress).toMatchObject({ state: 'ended', expired: true });
    const results = await engine.batch!.results(handle, ITEMS);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'expired', 'expired']);
    const expired = results[2]!;
    if (!expired.ok) expect(expired.message).toMatch(/24-hour window/);
  });

  it('cancels a running batch; nothing ran, every item says cancelled', async () => {
    kit.server.settings.batchPolls = 5;
    const engine = c.make();
    const handle = await engine.batch!.submit(ITEMS);
    expect((await engine.batch!.status(handle)).state).toBe('running');
    const cancelled = await engine.batch!.cancel(handle);
    expect(cancelled.cancelled).toBe(true);
    const after = await engine.batch!.status(handle);
    expect(after).toMatchObject({ state: 'ended', cancelled: true });
    const results = await engine.batch!.results(handle, ITEMS);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(kit.server.batches()[0]).toMatchObject({ cancelled: true, ended: true });
  });

  it('retries a failed status read under the one retry policy', async () => {
    kit.server.settings.batchPolls = 0;
    const engine = c.make();
    const handle = await engine.batch!.submit(ITEMS);
    const getRoute = c.create.replace('.create', '.get') as RouteId;
    kit.server.setFault(getRoute, 'server-error', { times: 1 });
    const progress = await engine.batch!.status(handle);
    expect(progress.state).toBe('ended');
    expect(kit.server.requests.filter((r) => r.route === getRoute)).toHaveLength(2);
  });

  it('refuses results for items other than the ones submitted', async () => {
    const engine = c.make();
    const handle = await engine.batch!.submit(ITEMS);
    await expect(engine.batch!.results(handle, ITEMS.slice(1))).rejects.toThrow(/rebuild them/);
  });
});
