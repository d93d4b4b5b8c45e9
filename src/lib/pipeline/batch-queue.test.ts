// BatchQueue against the fake providers: calls gathered into one batch, answers equal to
// interactive calls, a reload that continues polling instead of resubmitting, failures, cancel.
import { beforeEach, describe, expect, it } from 'vitest';
import { FAKE_API_KEY } from '../../../tests/servers/fake-providers';
import { FAST_RETRY, NO_PROBE, useFakeProviders } from '../../../tests/servers/engine-test-kit';
import { AnthropicChatEngine } from '../engines/cloud/anthropic';
import { OpenAIChatEngine } from '../engines/cloud/openai';
import type { ChatEngine, ChatRequest } from '../engines/types';
import {
  BatchItemError,
  BatchQueue,
  cancelRunningBatches,
  type BatchLedger,
  type StoredBatch,
} from './batch-queue';

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
      rows.set(b.handle.batchId, structuredClone(b));
      return Promise.resolve();
    },
  };
}

const ENGINES: { name: string; make: () => ChatEngine }[] = [
  {
    name: 'openai',
    make: () =>
      new OpenAIChatEngine({
        providerId: 'openai-q',
        model: 'gpt-test',
        apiKey: FAKE_API_KEY,
        baseUrl: `${kit.server.url}/openai/v1`,
        retry: FAST_RETRY,
        probe: NO_PROBE,
      }),
  },
  {
    name: 'anthropic',
    make: () =>
      new AnthropicChatEngine({
        providerId: 'anthropic-q',
        model: 'claude-test',
        apiKey: FAKE_API_KEY,
        baseUrl: `${kit.server.url}/anthropic`,
        retry: FAST_RETRY,
        probe: NO_PROBE,
      }),
  },
];

const ask = (text: string): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  temperature: 0.7,
});
const FAST_POLL = { firstMs: 5, maxMs: 20, factor: 2 };
const KEYS = ['sample:p1#0', 'sample:p2#0', 'judge:p1#0'];

describe.each(ENGINES)('BatchQueue on $name', ({ make }) => {
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
    const first = new BatchQueue(make(), { ledger, signal: closed.signal, poll: FAST_POLL });
    const lost = KEYS.map((key) => first.chat(key, ask(key)).catch((e: unknown) => e));
    await expect.poll(() => [...ledger.rows.values()].length).toBe(1);
    closed.abort(new DOMException('page closed', 'AbortError'));
    await Promise.all(lost);
    expect([...ledger.rows.values()][0]?.state).toBe('running');

    kit.server.settings.batchPolls = 0;
    const second = new BatchQueue(make(), {
      ledger,
      signal: new AbortController().signal,
      poll: FAST_POLL,
    });
    const results = await Promise.all(KEYS.map((key) => second.chat(key, ask(key))));
    expect(kit.server.batches()).toHaveLength(1);
    expect(results.map((r) => r.choices[0]?.text)).toEqual(KEYS.map((k) => `answer to ${k}`));
  });

  it('fails only the items the provider failed, with a reason to retry', async () => {
    kit.server.settings.batchPolls = 0;
    kit.server.setFault(
      make().providerId.startsWith('openai') ? 'openai' : 'anthropic',
      'batch-partial',
      {
        items: (body) => JSON.stringify(body).includes('p2'),
      },
    );
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
    kit.server.settings.batchPolls = 1_000;
    const ledger = memoryLedger();
    const run = new AbortController();
    const queueEngine = make();
    const queue = new BatchQueue(queueEngine, { ledger, signal: run.signal, poll: FAST_POLL });
    const pending = KEYS.map((key) => queue.chat(key, ask(key)).catch((e: unknown) => e));
    await expect.poll(() => ledger.rows.size).toBe(1);
    expect(await cancelRunningBatches(ledger, [queueEngine])).toBe(1);
    run.abort(new DOMException('cancelled', 'AbortError'));
    await Promise.all(pending);
    expect(kit.server.batches()[0]?.cancelled).toBe(true);
    expect([...ledger.rows.values()][0]?.state).toBe('cancelled');
  });
});
