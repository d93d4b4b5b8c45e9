// Engine calls: no second retry layer (a failure is final here), the cache of identical calls,
// the per-engine concurrency limit and cancellation.

import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../engines/types';
import { CallCache, EngineCaller, cacheKey, newCounter } from './call';
import { ScriptedEngine } from './testing/scripted-engine';

const req = (content: string, extra: Partial<ChatRequest> = {}): Omit<ChatRequest, 'signal'> => ({
  messages: [{ role: 'user', content }],
  ...extra,
});

class FakeEngineError extends Error {
  constructor(readonly retryable: boolean) {
    super(retryable ? 'rate limited' : 'invalid api key');
  }
}

describe('EngineCaller does not retry (the engine layer does)', () => {
  it.each<[string, (n: number) => unknown, number, boolean]>([
    ['succeeds first', () => 'ok', 1, true],
    ['a retryable failure fails at once', () => new FakeEngineError(true), 1, false],
    ['a non-retryable failure fails at once', () => new FakeEngineError(false), 1, false],
    ['a plain error fails at once', () => new Error('boom'), 1, false],
  ])('%s', async (_label, outcome, calls, ok) => {
    let n = 0;
    const engine = new ScriptedEngine(() => {
      n += 1;
      const r = outcome(n);
      return r instanceof Error ? r : String(r);
    });
    const c = new EngineCaller(engine, { concurrency: 1, signal: new AbortController().signal });
    const counter = newCounter();
    const run = c.call(req('a'), {}, counter);
    if (ok) await expect(run).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    else await expect(run).rejects.toBeInstanceOf(Error);
    expect(engine.requests).toHaveLength(calls);
    expect(counter.calls).toBe(calls);
  });
});

describe('cacheKey', () => {
  it.each<[string, Omit<ChatRequest, 'signal'>, Omit<ChatRequest, 'signal'>, boolean]>([
    ['same request', req('a'), req('a'), true],
    ['callbacks do not matter', req('a'), req('a', { onToken: () => undefined }), true],
    ['other text', req('a'), req('b'), false],
    ['other temperature', req('a', { temperature: 1 }), req('a', { temperature: 0 }), false],
    ['other seed', req('a', { seed: 1 }), req('a', { seed: 2 }), false],
    ['unicode text', req('猫'), req('猫'), true],
  ])('%s', (_label, a, b, same) => {
    expect(cacheKey('e', a) === cacheKey('e', b)).toBe(same);
    expect(cacheKey('e', a) === cacheKey('f', a)).toBe(false);
  });
});

describe('EngineCaller', () => {
  function caller(engine: ScriptedEngine, extra: { concurrency?: number; cache?: CallCache } = {}) {
    const controller = new AbortController();
    const c = new EngineCaller(engine, {
      concurrency: extra.concurrency ?? 4,
      signal: controller.signal,
      ...(extra.cache === undefined ? {} : { cache: extra.cache }),
    });
    return { c, controller };
  }

  it.each<[string, boolean | undefined, number, number]>([
    ['cache allowed: identical calls share one engine call', true, 1, 4],
    ['default is cache allowed', undefined, 1, 4],
    ['cache bypassed: every call reaches the engine', false, 5, 0],
  ])('%s', async (_label, cache, engineCalls, hits) => {
    const engine = new ScriptedEngine(() => 'x');
    const { c } = caller(engine, { cache: new CallCache() });
    const counter = newCounter();
    await Promise.all(
      Array.from({ length: 5 }, () =>
        c.call(req('same'), cache === undefined ? {} : { cache }, counter),
      ),
    );
    expect(engine.requests).toHaveLength(engineCalls);
    expect(counter.cacheHits).toBe(hits);
    expect(counter.calls).toBe(engineCalls);
  });

  it('a failed call leaves the cache so a later one can succeed', async () => {
    let fail = true;
    const engine = new ScriptedEngine(() => (fail ? new FakeEngineError(false) : 'ok'));
    const cache = new CallCache();
    const { c } = caller(engine, { cache });
    await expect(c.call(req('a'))).rejects.toThrow();
    fail = false;
    await expect(c.call(req('a'))).resolves.toMatchObject({ choices: [{ text: 'ok' }] });
    expect(cache.size).toBe(1);
  });

  it('evicts the oldest entry beyond its size', async () => {
    const engine = new ScriptedEngine(() => 'x');
    const cache = new CallCache(2);
    const { c } = caller(engine, { cache });
    for (const t of ['a', 'b', 'c', 'a']) await c.call(req(t));
    expect(engine.requests.map((r) => r.messages[0]?.content)).toEqual(['a', 'b', 'c', 'a']);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [2.7, 2],
    [0, 1],
    [Number.NaN, 1],
  ])('with a limit of %s, never runs more than %i calls at once', async (limit, expected) => {
    const engine = new ScriptedEngine(() => 'x', { latencyMs: 5 });
    const { c } = caller(engine, { concurrency: limit });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => c.call(req(String(i)), { cache: false })),
    );
    expect(engine.maxInFlight).toBe(expected);
  });

  it('counts tokens and engine time of its calls', async () => {
    const engine = new ScriptedEngine(() => 'abcdefgh');
    const { c } = caller(engine);
    const counter = newCounter();
    await c.call(req('abcd'), {}, counter);
    expect(counter).toMatchObject({ calls: 1, promptTokens: 1, completionTokens: 2 });
    expect(counter.engineMs).toBeGreaterThanOrEqual(0);
  });

  it('cancellation aborts the call in flight and rejects the queued ones', async () => {
    const engine = new ScriptedEngine(() => 'x', { latencyMs: 1000 });
    const { c, controller } = caller(engine, { concurrency: 1 });
    const calls = [c.call(req('1')), c.call(req('2'))];
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    for (const p of calls) await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.requests).toHaveLength(1);
  });
});
