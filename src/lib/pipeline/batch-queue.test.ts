// BatchQueue against the fake providers: calls gathered into one batch, answers equal to
// interactive calls, a reload that continues polling instead of resubmitting, failures, cancel.
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_API_KEY } from '../../../tests/servers/fake-providers';
import { FAST_RETRY, NO_PROBE, useFakeProviders } from '../../../tests/servers/engine-test-kit';
import { AnthropicChatEngine } from '../engines/cloud/anthropic';
import { GeminiChatEngine } from '../engines/cloud/gemini';
import { OpenAIChatEngine } from '../engines/cloud/openai';
import type { ChatEngine, ChatRequest } from '../engines/types';
import {
  BatchItemError,
  BatchQueue,
  cancelRunningBatches,
  type BatchLedger,
  type StoredBatch,
} from './batch-queue';
import { ledgerKey } from './batch-recovery';

const kit = useFakeProviders();

beforeEach(() => {
  kit.server.script(({ lastUserText }) => `answer to ${lastUserText}`);
});

/** A ledger in memory that stores copies, like IndexedDB would. */
function memoryLedger(): BatchLedger & { rows: Map<string, StoredBatch> } {
  const rows = new Map<string, StoredBatch>();
  return {
    rows,
    list: () => Promise.resolve([...rows.values()].map((b) => structuredClone(b))),
    save: (b) => {
      rows.set(ledgerKey(b), structuredClone(b));
      return Promise.resolve();
    },
  };
}

type Provider = 'openai' | 'anthropic' | 'gemini';

/** An engine of `provider` on the fake server; `attempts` caps its HTTP attempts. */
function engineOf(provider: Provider, attempts?: number): ChatEngine {
  const retry = attempts === undefined ? FAST_RETRY : { ...FAST_RETRY, maxAttempts: attempts };
  const common = { apiKey: FAKE_API_KEY, retry, probe: NO_PROBE, providerId: `${provider}-q` };
  if (provider === 'openai') {
    return new OpenAIChatEngine({
      ...common,
      model: 'gpt-test',
      baseUrl: `${kit.server.url}/openai/v1`,
    });
  }
  if (provider === 'anthropic') {
    return new AnthropicChatEngine({
      ...common,
      model: 'claude-test',
      baseUrl: `${kit.server.url}/anthropic`,
    });
  }
  return new GeminiChatEngine({
    ...common,
    model: 'gemini-test',
    baseUrl: `${kit.server.url}/gemini`,
  });
}

const ENGINES = (['openai', 'anthropic', 'gemini'] as const).map((provider) => ({
  name: provider,
  provider,
  make: () => engineOf(provider),
}));

const ask = (text: string): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  temperature: 0.7,
});
const FAST_POLL = { firstMs: 5, maxMs: 20, factor: 2 };
const KEYS = ['sample:p1#0', 'sample:p2#0', 'judge:p1#0'];

/** A queue on `engine` whose run goes on unless `signal` aborts it. */
const queueOn = (
  engine: ChatEngine,
  ledger: BatchLedger,
  signal = new AbortController().signal,
): BatchQueue => new BatchQueue(engine, { ledger, signal, poll: FAST_POLL });

/** Every key's call through `queue`, and the reply texts. */
async function answerTexts(queue: BatchQueue): Promise<(string | undefined)[]> {
  const results = await Promise.all(KEYS.map((key) => queue.chat(key, ask(key))));
  return results.map((r) => r.choices[0]?.text);
}
const EXPECTED = KEYS.map((k) => `answer to ${k}`);

/** Submits the keys, cancels the running batch as Cancel run does, and returns the ledger. */
async function cancelWhileRunning(engine: ChatEngine): Promise<ReturnType<typeof memoryLedger>> {
  kit.server.settings.batchPolls = 1_000;
  const ledger = memoryLedger();
  const run = new AbortController();
  const queue = queueOn(engine, ledger, run.signal);
  const pending = KEYS.map((key) => queue.chat(key, ask(key)).catch((e: unknown) => e));
  await expect.poll(() => [...ledger.rows.values()].map((b) => b.state)).toEqual(['running']);
  expect(await cancelRunningBatches(ledger, [engine])).toBe(1);
  run.abort(new DOMException('cancelled', 'AbortError'));
  await Promise.all(pending);
  return ledger;
}

describe.each(ENGINES)('BatchQueue on $name', ({ make, provider }) => {
  it('sends the calls gathered together as one batch and answers each like an interactive call', async () => {
    const engine = make();
    const ledger = memoryLedger();
    const queue = new BatchQueue(engine, {
      ledger,
      signal: new AbortController().signal,
      poll: FAST_POLL,
    });
    const results = await Promise.all(KEYS.map((key) => queue.chat(key, ask(key))));
    expect(kit.server.batches()).toHaveLength(1);
    expect(kit.server.batches()[0]?.customIds).toHaveLength(3);
    expect([...ledger.rows.values()].map((b) => b.state)).toEqual(['ended']);
    for (const [i, key] of KEYS.entries()) {
      const live = await engine.chat(ask(key));
      expect(results[i]?.choices).toEqual(live.choices);
      expect(results[i]?.usage).toEqual(live.usage);
    }
  });

  it('after a reload continues polling the stored batch instead of submitting again', async () => {
    kit.server.settings.batchPolls = 1_000;
    const ledger = memoryLedger();
    const closed = new AbortController();
    const first = queueOn(make(), ledger, closed.signal);
    const lost = KEYS.map((key) => first.chat(key, ask(key)).catch((e: unknown) => e));
    await expect.poll(() => [...ledger.rows.values()].map((b) => b.state)).toEqual(['running']);
    closed.abort(new DOMException('page closed', 'AbortError'));
    await Promise.all(lost);
    expect([...ledger.rows.values()][0]?.state).toBe('running');

    kit.server.settings.batchPolls = 0;
    expect(await answerTexts(queueOn(make(), ledger))).toEqual(EXPECTED);
    expect(kit.server.batches()).toHaveLength(1);
  });

  it('fails only the items the provider failed, with a reason to retry', async () => {
    kit.server.settings.batchPolls = 0;
    kit.server.setFault(provider, 'batch-partial', {
      items: (body) => JSON.stringify(body).includes('p2'),
    });
    const queue = new BatchQueue(make(), {
      ledger: memoryLedger(),
      signal: new AbortController().signal,
      poll: FAST_POLL,
    });
    const settled = await Promise.allSettled(KEYS.map((key) => queue.chat(key, ask(key))));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const failure = settled[1] as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(BatchItemError);
    expect((failure.reason as BatchItemError).message).toMatch(/Retry failed/);
  });

  it('cancels its running batches at the provider', async () => {
    const ledger = await cancelWhileRunning(make());
    expect(kit.server.batches()[0]?.cancelled).toBe(true);
    expect([...ledger.rows.values()][0]?.state).toBe('cancelled');
  });

  it('a cancelled batch keeps the answers it had; the next start sends only the rest', async () => {
    kit.server.settings.batchCancelAnswered = 2;
    const ledger = await cancelWhileRunning(make());
    const [cancelled] = [...ledger.rows.values()];
    expect(cancelled?.state).toBe('cancelled');
    expect(cancelled?.answered?.map((a) => a.customId)).toEqual(KEYS.slice(0, 2));

    kit.server.settings.batchPolls = 0;
    expect(await answerTexts(queueOn(make(), ledger))).toEqual(EXPECTED);
    // The resumed queue sent one batch holding only the call the cancelled batch had not answered.
    const batches = kit.server.batches();
    expect(batches.map((b) => b.answered.length)).toEqual([2, 1]);
    expect(JSON.stringify(batches[1]?.bodies)).toContain(KEYS[2]);
    expect(JSON.stringify(batches[1]?.bodies)).not.toContain(KEYS[0]);
  });

  it('a create whose reply was lost re-attaches to the batch it made: one batch', async () => {
    kit.server.setFault(`${provider}.batches.create`, 'batch-reply-lost');
    const ledger = memoryLedger();
    expect(await answerTexts(queueOn(make(), ledger))).toEqual(EXPECTED);
    expect(kit.server.batches()).toHaveLength(1);
    expect(
      kit.server.requests.filter((r) => r.route === `${provider}.batches.create`),
    ).toHaveLength(1);
    expect([...ledger.rows.values()].map((b) => b.state)).toEqual(['ended']);
  });

  it('a submission whose reply never came is found again after a reload: one batch', async () => {
    kit.server.setFault(`${provider}.batches.create`, 'batch-reply-lost');
    const ledger = memoryLedger();
    // One attempt only, like a page closed before the reply: the record stays `submitting`.
    const first = queueOn(engineOf(provider, 1), ledger);
    const failed = await Promise.allSettled(KEYS.map((key) => first.chat(key, ask(key))));
    expect(failed.map((f) => f.status)).toEqual(KEYS.map(() => 'rejected'));
    expect([...ledger.rows.values()].map((b) => b.state)).toEqual(['submitting']);
    expect(kit.server.batches()).toHaveLength(1);

    expect(await answerTexts(queueOn(make(), ledger))).toEqual(EXPECTED);
    expect(kit.server.batches()).toHaveLength(1);
    expect([...ledger.rows.values()].map((b) => b.state)).toEqual(['ended']);
  });
});
